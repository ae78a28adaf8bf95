namespace Selbstcheck.Workflow.Common;

/// <summary>
/// What a decision may know besides its command and its state: who acts, and the instant it is
/// decided. The instant is the current time, or for imported history the original time of the
/// record; imported decisions plan no reminders. The command pipeline builds one per message
/// (<see cref="CommandPipeline"/>); every event the message appends carries that instant.
/// </summary>
public sealed record CommandContext(Actor Actor, DateTimeOffset Now, bool Imported = false)
{
    /// <summary>The caps on what one Kommune may hold (configured; the defaults when not given).</summary>
    public KommuneLimits Limits { get; init; } = KommuneLimits.Default;

    /// <summary>
    /// Where personal text goes: events carry a <see cref="People.PersonalRef"/> instead (the
    /// pipeline's vault stores it with the command's commit; decision tests get a memory vault).
    /// </summary>
    public People.IPersonalVault Vault { get; init; } = new People.MemoryVault();

    /// <summary>The calendar day in Berlin at <see cref="Now"/>.</summary>
    public DateOnly Today => BerlinTime.Today(Now);
}
