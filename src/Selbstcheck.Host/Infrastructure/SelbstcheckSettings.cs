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

    /// <summary>Async projection daemon on this node: HotCold (default: one node runs it), Solo, Disabled.</summary>
    public string Daemon { get; set; } = "HotCold";

    /// <summary>Run a Hangfire server on this node (the dashboard and storage are always configured).</summary>
    public bool JobServer { get; set; } = true;

    /// <summary>Largest accepted request body.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How often a command is retried when an unrelated writer appended to the same stream first.</summary>
    public int StreamRetries { get; set; } = 10;

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

        var demo = configuration["SELBSTCHECK_DEMO"];
        if (!string.IsNullOrWhiteSpace(demo)) settings.Demo = demo.Trim() is not ("0" or "false" or "no");
        return settings;
    }
}
