namespace Selbstcheck.SmtpSink;

/// <summary>Settings for <see cref="SmtpSinkServer"/>.</summary>
public sealed class SmtpSinkOptions
{
    /// <summary>Loopback port to listen on; 0 picks a free port (see <see cref="SmtpSinkServer.Port"/>).</summary>
    public int Port { get; set; }

    /// <summary>If set, every accepted message is also written there as <c>&lt;utc-timestamp&gt;-&lt;counter&gt;.eml</c>.</summary>
    public string? MailDirectory { get; set; }

    /// <summary>If set, a file named <c>hold</c> in it delays the final DATA reply (crash tests).</summary>
    public string? ControlDirectory { get; set; }

    /// <summary>Initial state: when true, no listener runs and connections are refused.</summary>
    public bool Down { get; set; }

    /// <summary>Where to write one line per accepted, held or abandoned message (the command line uses stdout; null: silent).</summary>
    public TextWriter? Log { get; set; }
}
