using Selbstcheck.Workflow.Common;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.SmtpSink;

namespace Selbstcheck.Tests.Shared;

/// <summary>How a test project wants its host; set once by a module initializer of the project.</summary>
public sealed class TestHostOptions
{
    /// <summary>Suffix of the project's own database next to SELBSTCHECK_DB.</summary>
    public string Database { get; init; } = "tests";

    public bool RateLimits { get; init; }

    public int WritesPerMinute { get; init; } = 300;

    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Further configuration keys for the host.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// One host for the whole test assembly (Hangfire keeps process-wide state), on a real
/// PostgreSQL: the server named by SELBSTCHECK_DB (ops/test starts a throwaway cluster and sets
/// it). Each test project gets a database of its own on that server, recreated per run; test
/// classes isolate themselves by their own Kommune ids, so they may run in parallel.
/// </summary>
public static class TestHost
{
    public static TestHostOptions Options { get; set; } = new();

    private static readonly Lazy<Task<IAlbaHost>> Host = new(StartAsync);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<IAlbaHost> Instance => Host.Value;

    /// <summary>The runtime role's connection, as the service uses it: rows only, no DDL.</summary>
    public static string ConnectionString { get; private set; } = "";

    /// <summary>The server's administrator (SELBSTCHECK_DB's superuser) on the project's database: for checks a test makes behind the service's back.</summary>
    public static string AdminConnectionString { get; private set; } = "";

    /// <summary>The key-encryption key file the host uses (owner-only).</summary>
    public static string KeyFile { get; } = Path.Combine(Path.GetTempPath(), $"selbstcheck-test-{Guid.NewGuid():N}.key");

    public const string OwnerRole = "selbstcheck_test_owner";
    public const string RuntimeRole = "selbstcheck_test_app";
    // A throwaway cluster's roles; the server's pg_hba (ops/lib/pg.sh) asks them for these passwords (scram-sha-256).
    public const string OwnerPassword = "owner-test-only";
    public const string RuntimePassword = "runtime-test-only";

    /// <summary>A real SMTP server on loopback that receives the host's reminders.</summary>
    public static SmtpSinkServer Mail { get; } = new(new SmtpSinkOptions { Port = 0 });

    /// <summary>A client signed in as programmteam (may do everything the functional tests need).</summary>
    public static Task<HttpClient> Client() => ClientAs(Roles.Programmteam);

    /// <summary>A client with a bearer token for ROLE and SUBJECT (Kommune id or person id).</summary>
    public static async Task<HttpClient> ClientAs(string role, string? subject = null, bool personalData = false)
    {
        var token = await TokenFor(role, subject, personalData);
        var client = (await Instance).Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<HttpClient> AnonymousClient() => (await Instance).Server.CreateClient();

    /// <summary>A token for ROLE and SUBJECT, for the person USER (default: one test person per role and subject).</summary>
    public static async Task<string> TokenFor(string role, string? subject = null, bool personalData = false, string? user = null)
    {
        var host = await Instance;
        return await host.Services.GetRequiredService<TokenIssuer>()
            .IssueAsync(role, subject, TimeSpan.FromHours(1), user ?? UserLabel(role, subject), personalData);
    }

    /// <summary>The label of the test person <see cref="TokenFor"/> uses by default.</summary>
    /// <summary>Sends COMMAND through the host's bus as ACTOR (the command pipeline, as an endpoint would).</summary>
    public static async Task<T> InvokeAs<T>(Selbstcheck.Workflow.Common.Actor actor, object command)
    {
        using var scope = (await Instance).Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>()
            .InvokeAsync<T>(command, Selbstcheck.Workflow.Common.CommandHeaders.For(actor));
    }

    /// <summary>The host's bus, in a scope of its own (for helpers that take one).</summary>
    public static async Task<Wolverine.IMessageBus> Bus() =>
        (await Instance).Services.CreateScope().ServiceProvider.GetRequiredService<Wolverine.IMessageBus>();

    public static string UserLabel(string role, string? subject = null) => subject is null ? $"test-{role}" : $"test-{role}-{subject}";

    /// <summary>The opaque user id of a label, as events and logs record it.</summary>
    public static async Task<string> UserIdOf(string label)
    {
        var host = await Instance;
        return await host.Services.GetRequiredService<UserDirectory>().UserIdOfAsync(UserDirectory.LocalKey(label), label);
    }

    private static async Task<IAlbaHost> StartAsync()
    {
        await PrepareAsync();
        var host = await AlbaHost.For<Program>(Configure);
        // The host is never disposed (it lives as long as the test process): its PDF browser must not outlive it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            host.Services.GetRequiredService<Selbstcheck.Host.Reports.PdfRenderer>().DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
        return host;
    }

    /// <summary>
    /// What a test host needs before it starts: the project's database set up as in a deployment (owner
    /// and runtime role), the key-encryption key file, the SMTP sink. Once per test process.
    /// </summary>
    public static async Task PrepareAsync()
    {
        AdminConnectionString = await DatabaseAdmin.RecreateSiblingAsync(
            Environment.GetEnvironmentVariable("SELBSTCHECK_DB")
                ?? throw new InvalidOperationException("SELBSTCHECK_DB is not set: run the tests through ops/test, or point it at a PostgreSQL server."),
            Options.Database);
        ConnectionString = await DatabaseRoles.PrepareAsync(AdminConnectionString);
        KeyEncryption.CreateKeyFile(KeyFile);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(KeyFile);
        await Mail.StartAsync();
    }

    /// <summary>The test host's configuration (after <see cref="PrepareAsync"/>): the in-memory host here, a real Kestrel host in the browser tests.</summary>
    public static void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Selbstcheck:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Selbstcheck:Smtp:Port", Mail.Port.ToString());
        builder.UseSetting("Selbstcheck:Smtp:TimeoutSeconds", "5");
        builder.UseSetting("Selbstcheck:NodeName", "test-node");
        builder.UseSetting("SELBSTCHECK_DB", ConnectionString);
        builder.UseSetting("SELBSTCHECK_DEMO", "0");
        builder.UseSetting("Selbstcheck:Keys:KeyFile", KeyFile);
        builder.UseSetting("Selbstcheck:Auth:AllowLocalKey", "true");
        // Pre-built handlers when current, compiled at start otherwise (ops/test checks they are current).
        builder.UseSetting("Selbstcheck:CodeGeneration", "Auto");
        builder.UseSetting("Selbstcheck:RateLimits:Enabled", Options.RateLimits ? "true" : "false");
        builder.UseSetting("Selbstcheck:RateLimits:WritesPerMinute", Options.WritesPerMinute.ToString());
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Options.Settings) builder.UseSetting(key, value);
        if (Options.Services is { } configure) builder.ConfigureServices(configure);
    }

    /// <summary>Another database on the test server, set up like the host's (schema by the owner role); returns the runtime role's connection string.</summary>
    public static async Task<string> SiblingDatabaseAsync(string suffix)
    {
        var admin = await DatabaseAdmin.RecreateSiblingAsync(Environment.GetEnvironmentVariable("SELBSTCHECK_DB")!, suffix);
        return await DatabaseRoles.PrepareAsync(admin);
    }

    /// <summary>
    /// The two roles of a deployment, on the test database: the owner applies the schema with the
    /// service's own deploy step (<c>db-install</c>, the built host run as a process), then the host
    /// runs as the runtime role — so every test proves the runtime role's rights are enough.
    /// </summary>
    private static class DatabaseRoles
    {
        public static async Task<string> PrepareAsync(string admin)
        {
            var database = new Npgsql.NpgsqlConnectionStringBuilder(admin).Database!;
            foreach (var sql in new[]
                     {
                         // Roles are per server: several test projects may create them at once.
                         $"do $$ begin create role {OwnerRole} login; exception when duplicate_object or unique_violation then null; end $$",
                         $"do $$ begin create role {RuntimeRole} login; exception when duplicate_object or unique_violation then null; end $$",
                         $"alter role {OwnerRole} nosuperuser nocreatedb nocreaterole password '{OwnerPassword}'",
                         $"alter role {RuntimeRole} nosuperuser nocreatedb nocreaterole noinherit password '{RuntimePassword}'",
                         $"alter database \"{database}\" owner to {OwnerRole}",
                         $"alter schema public owner to {OwnerRole}",
                     })
            {
                // Roles live in the server's shared catalogue: two test hosts altering them at once may collide
                // ("tuple concurrently updated", XX000) — the statement is idempotent, so it is simply repeated, on a
                // connection of its own (after that error the server may have dropped the one it was sent on).
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await using var connection = new Npgsql.NpgsqlConnection(admin);
                        await connection.OpenAsync();
                        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
                        await command.ExecuteNonQueryAsync();
                        break;
                    }
                    catch (Npgsql.PostgresException e) when (e.SqlState == "XX000" && attempt < 10)
                    {
                        await Task.Delay(50 * attempt);
                    }
                }
            }

            var owner = WithRole(admin, OwnerRole, OwnerPassword);
            var host = Path.Combine(AppContext.BaseDirectory, "Selbstcheck.Host.dll");
            var start = new System.Diagnostics.ProcessStartInfo("dotnet", ["exec", host, "db-install", "--runtime-role", RuntimeRole])
            {
                WorkingDirectory = AppContext.BaseDirectory,
                Environment = { ["SELBSTCHECK_DB"] = owner, ["SELBSTCHECK_DEMO"] = "0", ["ASPNETCORE_ENVIRONMENT"] = "Testing", ["Logging__LogLevel__Default"] = "Warning" },
            };
            var (exitCode, output, errors) = await Processes.RunAsync(start);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"db-install failed ({exitCode}): {output}\n{errors}");
            }

            return WithRole(admin, RuntimeRole, RuntimePassword);
        }

        private static string WithRole(string connectionString, string role, string password) =>
            new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = password }.ConnectionString;
    }

    /// <summary>A fresh, valid Kommune id for one test.</summary>
    public static string NewKommuneId(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 17, 60)];

    public static string NewAgs() => Random.Shared.NextInt64(10_000_000, 99_999_999).ToString();

    public static async Task<JsonElement> ReadJson(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Json);
}
