namespace Selbstcheck.Workflow.Programme;

/// <summary>
/// The programme's own stream: changes made by the programme team that belong to no single Kommune
/// (catalogue and scoring-scheme imports, people records, the user directory, erasures) are events
/// here, so they have a history, a hash chain and an export like a Kommune's journey. Changes that
/// belong to one Kommune (its links, for example) go to that Kommune's stream instead — never one
/// global stream every Kommune would contend for.
/// </summary>
public static class ProgrammeStream
{
    /// <summary>The stream key; reserved, so no Kommune can be registered under it (<see cref="Common.KommuneId.IsValid"/>).</summary>
    public const string Id = "programm";
}

/// <summary>An event of the programme stream.</summary>
public interface IProgrammeEvent;
