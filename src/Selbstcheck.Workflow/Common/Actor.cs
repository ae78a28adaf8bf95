namespace Selbstcheck.Workflow.Common;

/// <summary>The roles of issue #3; every event records the role that acted.</summary>
public static class Roles
{
    public const string Programmteam = "programmteam";
    public const string Prozessbegleitung = "prozessbegleitung";
    public const string Kommune = "kommune";
    public const string Befragte = "befragte";
    public const string Audit = "audit";
    public const string Teilnehmende = "teilnehmende";

    /// <summary>#14 unit staff: the staff of one unit of a Kommune (claims: the Kommune and the unit's stable key).</summary>
    public const string Einheit = "einheit";

    /// <summary>The service itself: the demo import, the live demo, the reminder job.</summary>
    public const string System = "system";
}

/// <summary>
/// Who acts: an opaque user id (never a name or an email) and a role. Every event records both
/// (the id in Marten's user-name column, the role in the event headers).
/// </summary>
public sealed record Actor(string Id, string Role)
{
    /// <summary>#14 unit staff: the stable key of the caller's unit (<see cref="Journey.UnitState.Key"/>); none for every other role.</summary>
    public string? Unit { get; init; }

    /// <summary>For commands sent without a signed-in caller (no HTTP endpoint may do that).</summary>
    public static readonly Actor Anonymous = new("anonymous", "anonym");

    public static readonly Actor DemoImport = new("demo-import", Roles.System);

    /// <summary>The live demo Kommune's setup (#6): live commands, not an import.</summary>
    public static readonly Actor DemoLive = new("demo-live", Roles.System);

    /// <summary>The reminder job (#6).</summary>
    public static readonly Actor Reminders = new("erinnerungen", Roles.System);

    /// <summary>The holder of a unit's address, confirming it with the one-time link sent there (no account).</summary>
    public static readonly Actor AddressHolder = new("adressbestaetigung", Roles.System);

    /// <summary>The service's command line (catalogue import, ops/token).</summary>
    public static readonly Actor CommandLine = new("kommandozeile", Roles.System);

    /// <summary>The service's start-up (the shipped catalogues and scoring schemes).</summary>
    public static readonly Actor Startup = new("dienststart", Roles.System);

    public bool Is(string role) => Role == role;
}
