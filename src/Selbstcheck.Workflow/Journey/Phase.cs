using System.Collections.Immutable;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Journey;

/// <summary>The phase of a Kommune's journey. Derived from events, never set by hand.</summary>
public enum Phase
{
    Teilnahme,
    Fragebogen,
    Auswertung,
    Workshop,
    Umsetzung,
    Nachbefragung,
}

/// <summary>
/// What the phase rule needs to know about rounds and workshops. Later stages (#4–#6) feed it
/// through its transition methods from their events; the rule itself lives in <see cref="Derive"/>.
/// The read models derive the phase with it; no decision needs it.
/// </summary>
public sealed record PhaseFacts
{
    public static readonly PhaseFacts Empty = new();

    /// <summary>Open rounds by number; the flag says whether it was opened after a workshop had been held.</summary>
    public ImmutableDictionary<int, OpenRoundFact> OpenRounds { get; init; } = ImmutableDictionary<int, OpenRoundFact>.Empty;

    public int ClosedFullRounds { get; init; }

    /// <summary>Workshops scheduled and neither cancelled nor held.</summary>
    [PersonalData(false)] public ImmutableHashSet<string> ScheduledWorkshops { get; init; } = ImmutableHashSet<string>.Empty;

    public bool WorkshopHeld { get; init; }

    public PhaseFacts RoundOpened(int round, bool full) =>
        this with { OpenRounds = OpenRounds.SetItem(round, new OpenRoundFact(full, OpenedAfterHeldWorkshop: WorkshopHeld)) };

    public PhaseFacts RoundClosed(int round) =>
        OpenRounds.TryGetValue(round, out var open)
            ? this with
            {
                OpenRounds = OpenRounds.Remove(round),
                ClosedFullRounds = ClosedFullRounds + (open.Full ? 1 : 0),
            }
            : this;

    public PhaseFacts WorkshopScheduled(string workshop) =>
        this with { ScheduledWorkshops = ScheduledWorkshops.Add(workshop) };

    public PhaseFacts WorkshopCancelled(string workshop) =>
        this with { ScheduledWorkshops = ScheduledWorkshops.Remove(workshop) };

    public PhaseFacts WorkshopMarkedHeld(string workshop) =>
        this with { ScheduledWorkshops = ScheduledWorkshops.Remove(workshop), WorkshopHeld = true };

    /// <summary>The facts after one of the events that move the phase; every other event leaves them as they are.</summary>
    public PhaseFacts After(object e) => e switch
    {
        Journey.RoundOpened r => RoundOpened(r.Round, r.Kind == RoundKinds.Full),
        Journey.RoundClosed r => RoundClosed(r.Round),
        Journey.WorkshopScheduled w => WorkshopScheduled(w.WorkshopId.ToString()),
        Journey.WorkshopCancelled w => WorkshopCancelled(w.WorkshopId.ToString()),
        Journey.WorkshopHeld w => WorkshopMarkedHeld(w.WorkshopId.ToString()),
        _ => this,
    };

    /// <summary>The rule, first match wins (issue #2, point 8).</summary>
    public Phase Derive()
    {
        if (OpenRounds.Values.Any(r => r.OpenedAfterHeldWorkshop)) return Phase.Nachbefragung;
        if (WorkshopHeld) return Phase.Umsetzung;
        if (!ScheduledWorkshops.IsEmpty) return Phase.Workshop;
        if (OpenRounds.Values.Any(r => r.Full)) return Phase.Fragebogen;
        if (ClosedFullRounds > 0) return Phase.Auswertung;
        return Phase.Teilnahme;
    }
}

public sealed record OpenRoundFact(bool Full, bool OpenedAfterHeldWorkshop);
