namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// The host's settings. Environment variables win: SELBSTCHECK_DB (an Npgsql connection string)
/// and SELBSTCHECK_DEMO ("0" skips the demo data); everything else is under "Selbstcheck:" in
/// configuration (appsettings, or env vars like Selbstcheck__Daemon).
/// </summary>
public sealed class SelbstcheckSettings
{
    public string ConnectionString { get; set; } = "";

    /// <summary>Load the Dessau-Roßlau demo at start (in the background; readiness does not wait for it).</summary>
    public bool Demo { get; set; }

    /// <summary>Wolverine code generation: Dynamic (Development), Static (committed code), Auto.</summary>
    public string CodeGeneration { get; set; } = "";

    /// <summary>
    /// Who runs the async projections and subscriptions: "Wolverine" (default: each shard on exactly one
    /// live node, reassigned when a node dies), or Marten's own Solo, HotCold or Disabled.
    /// </summary>
    public string Daemon { get; set; } = "Wolverine";

    /// <summary>Node heartbeats and failover (Wolverine's durability agent).</summary>
    public ClusterSettings Cluster { get; set; } = new();

    /// <summary>Run a Hangfire server on this node (the dashboard and storage are always configured).</summary>
    public bool JobServer { get; set; } = true;

    /// <summary>Trust X-Forwarded-For/-Proto (only behind a TLS reverse proxy that sets them), from the proxies below only.</summary>
    public bool ForwardedHeaders { get; set; }

    /// <summary>Addresses of the reverse proxies whose forwarded headers count (comma-separated IPs).</summary>
    public string KnownProxies { get; set; } = "";

    /// <summary>Networks of trusted reverse proxies (comma-separated CIDR, e.g. 10.0.0.0/24).</summary>
    public string KnownNetworks { get; set; } = "";

    /// <summary>Where people reach the service (links in mails, e.g. the confirmation of a unit's address).</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>#14: the programme's scoring scheme for closing rounds (a Kommune may have its own); must be imported (or the built-in "standard" 1).</summary>
    public string ScoringScheme { get; set; } = Workflow.Questionnaire.ScoringScheme.Standard.Id;

    /// <summary>#14: the version of <see cref="ScoringScheme"/>.</summary>
    public string ScoringSchemeVersion { get; set; } = Workflow.Questionnaire.ScoringScheme.Standard.Version;

    /// <summary>Largest accepted request body.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How often a command is retried when an unrelated writer appended to the same stream first.</summary>
    public int StreamRetries { get; set; } = 10;

    /// <summary>This process's name among the nodes (logs, the SMTP greeting, delivery claims). Default: host name and process id.</summary>
    public string NodeName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    public AuthSettings Auth { get; set; } = new();

    public KeySettings Keys { get; set; } = new();

    public SmtpSettings Smtp { get; set; } = new();

    public ReminderSettings Reminders { get; set; } = new();

    public RateLimitSettings RateLimits { get; set; } = new();

    /// <summary>What a calendar feed holds.</summary>
    public CalendarSettings Calendar { get; set; } = new();

    /// <summary>PDF rendering in headless Chromium.</summary>
    public PdfSettings Pdf { get; set; } = new();

    /// <summary>Caps on the items one Kommune may hold (Selbstcheck:Caps:Milestones …); the deciders refuse more with 422.</summary>
    public Workflow.Common.KommuneLimits Caps { get; set; } = new();

    /// <summary>#14 perspectives: the actor groups a round may name (Selbstcheck:ActorGroups:0 …); empty: the default list (ActorGroupList.Default).</summary>
    public string[]? ActorGroups { get; set; }

    /// <summary>#14 open survey: the default capacity of a round's open survey link and how fast links may be opened.</summary>
    public OpenSurveySettings OpenSurvey { get; set; } = new();

    public static SelbstcheckSettings From(IConfiguration configuration)
    {
        var settings = new SelbstcheckSettings();
        configuration.GetSection("Selbstcheck").Bind(settings);
        var db = configuration["SELBSTCHECK_DB"];
        if (!string.IsNullOrWhiteSpace(db)) settings.ConnectionString = db;
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            settings.ConnectionString = configuration.GetConnectionString("Selbstcheck") ?? "";
        }

        var smtp = configuration["SELBSTCHECK_SMTP"];
        if (!string.IsNullOrWhiteSpace(smtp))
        {
            var parts = smtp.Trim().Split(':', 2);
            settings.Smtp.Host = parts[0];
            if (parts.Length == 2 && int.TryParse(parts[1], out var port)) settings.Smtp.Port = port;
        }

        var demo = configuration["SELBSTCHECK_DEMO"];
        if (!string.IsNullOrWhiteSpace(demo)) settings.Demo = demo.Trim() is not ("0" or "false" or "no");
        settings.Validate();
        return settings;
    }

    /// <summary>Refuses settings under which a reminder could be sent twice or the cap would not hold.</summary>
    public void Validate()
    {
        if (Smtp.SendDeadlineSeconds < 1 || Smtp.SendDeadlineSeconds >= Reminders.ClaimLeaseSeconds)
        {
            throw new InvalidOperationException(
                $"Selbstcheck:Smtp:SendDeadlineSeconds ({Smtp.SendDeadlineSeconds}) must be at least 1 and below Selbstcheck:Reminders:ClaimLeaseSeconds ({Reminders.ClaimLeaseSeconds}): "
                + "a delivery must end before its claim can be taken over by another node.");
        }

        if (Reminders.DailyMailCapPerKommune < 1) throw new InvalidOperationException("Selbstcheck:Reminders:DailyMailCapPerKommune must be at least 1.");
        if (Reminders.AddressConfirmationDays is < 1 or > 90) throw new InvalidOperationException("Selbstcheck:Reminders:AddressConfirmationDays must be between 1 and 90.");
    }
}

/// <summary>Authentication: an OpenID Connect authority (e.g. Keycloak), or the embedded local key.</summary>
public sealed class AuthSettings
{
    /// <summary>OIDC authority (issuer URL). Empty: tokens are signed by the local key kept in the database.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The audience tokens must be issued for.</summary>
    public string Audience { get; set; } = "selbstcheck";

    /// <summary>Issuer of locally signed tokens.</summary>
    public string LocalIssuer { get; set; } = "selbstcheck-local";

    /// <summary>Whether the OpenAPI document answers without a token.</summary>
    public bool PublicOpenApi { get; set; } = true;

    /// <summary>Claim names, for identity providers that name them differently.</summary>
    public string RoleClaim { get; set; } = "role";

    public string KommuneClaim { get; set; } = "kommune";

    /// <summary>#14 unit staff: the provider's claim with the unit's stable key (role einheit).</summary>
    public string UnitClaim { get; set; } = "unit";

    public string PersonClaim { get; set; } = "person";

    /// <summary>Claim (value "true") that lets the audit role see personal data.</summary>
    public string PersonalDataClaim { get; set; } = "personal_data";

    /// <summary>Lifetime of a browser sign-in (the cookie never outlives the token it came from).</summary>
    public int SessionHours { get; set; } = 8;

    /// <summary>
    /// Outside Development the embedded local key is refused unless this is set (ops/run sets it):
    /// a real deployment signs tokens at its identity provider.
    /// </summary>
    public bool AllowLocalKey { get; set; }

    /// <summary>
    /// The demo sign-in page (/demo-anmeldung): one click signs in as one of the demo's users, no token
    /// needed. Off by default; ops/run sets it. The service refuses to start with it on unless it
    /// listens on loopback only.
    /// </summary>
    public bool DemoSignIn { get; set; }

    /// <summary>Longest lifetime of a locally issued token; the issuer refuses more and validation rejects longer-lived local tokens.</summary>
    public int MaxTokenHours { get; set; } = 24;

    /// <summary>Claim with a person's display name in tokens of the identity provider (kept in the user directory).</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>
    /// The service's client id at the identity provider. Set together with <see cref="Authority"/>, browsers sign in
    /// there (OpenID Connect, authorization code flow with PKCE); empty: browsers sign in with a token at /anmelden.
    /// </summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client secret (confidential client); empty for a public client, which PKCE alone protects.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>Scopes asked for at sign-in, space-separated ("openid" is always asked for).</summary>
    public string Scopes { get; set; } = "openid profile";

    /// <summary>Whether browsers sign in at the identity provider (an authority and a client id are configured).</summary>
    public bool BrowserSignInAtProvider => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>The key-encryption key and the local signing keys it protects.</summary>
public sealed class KeySettings
{
    /// <summary>
    /// File with the key-encryption key (32 random bytes, raw or base64), outside the database, readable by
    /// the service's user only, the same file on every node. It protects the local signing keys and the
    /// ASP.NET data-protection keys, both kept in the database. Empty in Development: a key in the
    /// user's local application data folder is created on first use.
    /// </summary>
    public string KeyFile { get; set; } = "";

    /// <summary>How often a node reloads the signing keys (rotations and retirements reach it within this).</summary>
    public int RefreshSeconds { get; set; } = 60;
}

/// <summary>Per-user limits on writes and reads, per-address limits on sign-in and anonymous reads; benchmarks switch them off.</summary>
public sealed class RateLimitSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>Writes (POST, PUT, PATCH, DELETE) per user and minute, with a burst of the same size.</summary>
    public int WritesPerMinute { get; set; } = 300;

    /// <summary>Reads (GET, HEAD, OPTIONS) per user and minute, with a burst of the same size.</summary>
    public int ReadsPerMinute { get; set; } = 1200;

    /// <summary>Reads without credentials (sign-in page, OpenAPI document, refused requests) per client address and minute.</summary>
    public int AnonymousReadsPerMinute { get; set; } = 120;

    /// <summary>Sign-in attempts per client address and minute.</summary>
    public int SignInsPerMinute { get; set; } = 10;
}

/// <summary>Calendar feeds: a window around today (days in Berlin) and a maximum number of entries (the nearest to today).</summary>
public sealed class CalendarSettings
{
    public int PastDays { get; set; } = 365;

    public int FutureDays { get; set; } = 1830;

    public int MaxEntries { get; set; } = 500;
}

/// <summary>PDF rendering: how many at once, how many may wait, and one deadline for waiting and rendering together.</summary>
public sealed class PdfSettings
{
    /// <summary>Renders running at the same time (each a Chromium page).</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>Requests that may wait for a free renderer; beyond them: 503 with Retry-After.</summary>
    public int QueueLength { get; set; } = 8;

    /// <summary>One deadline per request, the wait included; beyond it: 503 with Retry-After.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Where Chromium's temporary profile folders are made (default: the system's temporary folder).</summary>
    public string ProfileRoot { get; set; } = "";
}

/// <summary>The SMTP server reminders are handed to (SELBSTCHECK_SMTP=host:port overrides host and port).</summary>
public sealed class SmtpSettings
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 2525;

    /// <summary>None, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "None";

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public string From { get; set; } = "Selbstcheck Weltoffene Kommune <erinnerungen@selbstcheck.invalid>";

    /// <summary>Per SMTP operation (connect, TLS, auth, each command); the whole hand-over is bounded by <see cref="SendDeadlineSeconds"/>.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// One deadline for a whole delivery — from taking the claim through connect, TLS, auth and send.
    /// Must be below Reminders:ClaimLeaseSeconds (checked at start), so a slow server cannot outlive the claim.
    /// </summary>
    public int SendDeadlineSeconds { get; set; } = 15;
}

public sealed class ReminderSettings
{
    /// <summary>How long a node's claim on a reminder delivery holds before another node may take it over.</summary>
    public int ClaimLeaseSeconds { get; set; } = 20;

    /// <summary>Hangfire's invisibility timeout: a job of a dead node runs again on another node after this long.</summary>
    public int JobInvisibilitySeconds { get; set; } = 30;

    /// <summary>How often Hangfire looks for due delayed jobs and for queued jobs.</summary>
    public int PollSeconds { get; set; } = 1;

    /// <summary>Mails (reminders and address confirmations) one Kommune may send per Berlin calendar day; beyond it they are held back (DailyMailCapReached).</summary>
    public int DailyMailCapPerKommune { get; set; } = 200;

    /// <summary>How long the one-time link confirming a unit's address is valid.</summary>
    public int AddressConfirmationDays { get; set; } = 7;
}

public sealed class ClusterSettings
{
    /// <summary>How often a node writes its heartbeat and the leader checks the assignments.</summary>
    public int HeartbeatSeconds { get; set; } = 3;

    /// <summary>A node without heartbeat for this long is taken as dead; its shards move to the others.</summary>
    public int StaleNodeSeconds { get; set; } = 15;
}

/// <summary>
/// #14 open survey (Selbstcheck:OpenSurvey:*). Every anonymous response and every save of it is a commit
/// to the Kommune's one stream, and rewrites the round's progress document, which grows with the responses
/// the round holds: measured with <c>ops/bench opensurvey</c> (bench/README.md), a save in a round holding
/// 100 responses costs 5.8× (p50) one in an empty round, at 500 responses 22× — and every other command of
/// the Kommune queues behind it. Hence a default capacity of 100.
/// </summary>
public sealed class OpenSurveySettings
{
    /// <summary>Responses a round's open survey link takes when its creator names no capacity.</summary>
    public int DefaultCapacity { get; set; } = 100;

    /// <summary>How long a link stays valid when its creator names no expiry (days).</summary>
    public int DefaultValidDays { get; set; } = 30;

    /// <summary>Open survey links opened per client address and minute (each opening may start a response).</summary>
    public int StartsPerMinute { get; set; } = 10;
}
