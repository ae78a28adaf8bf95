using System.Collections.Immutable;

namespace Selbstcheck.Workflow.Workshop;

/// <summary>What decisions about one workshop need to know.</summary>
public sealed record WorkshopState(Guid Id)
{
    public bool Cancelled { get; init; }

    public bool Held { get; init; }

    public ImmutableHashSet<int> Prioritised { get; init; } = ImmutableHashSet<int>.Empty;

    public ImmutableHashSet<int> WorkingGroups { get; init; } = ImmutableHashSet<int>.Empty;

    public ImmutableDictionary<Guid, Agreement> Agreements { get; init; } = ImmutableDictionary<Guid, Agreement>.Empty;

    public WorkshopState Apply(object e) => e switch
    {
        WorkshopCancelled => this with { Cancelled = true },
        WorkshopHeld => this with { Held = true },
        PrioritiesConfirmed p => this with { Prioritised = [.. p.Fields] },
        WorkingGroupRecorded g => this with { WorkingGroups = WorkingGroups.Add(g.Field) },
        AgreementsRecorded a => this with { Agreements = a.Agreements.ToImmutableDictionary(x => x.AgreementId) },
        _ => this,
    };
}
