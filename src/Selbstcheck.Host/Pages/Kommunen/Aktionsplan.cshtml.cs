using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Journey;
using Wolverine;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// A Kommune's action plan: its Handlungsbedarfe by Handlungsfeld, filtered by field, owner unit, status and
/// "nur überfällige" (in the address), each with its inline forms (<see cref="ActionPlanPage"/>).
/// </summary>
public sealed class AktionsplanModel(IQuerySession session, TimeProvider clock, IMessageBus bus) : ActionPlanPage(session, clock, bus)
{
    [FromQuery(Name = "feld")]
    public string? FieldFilter { get; set; }

    [FromQuery(Name = "stelle")]
    public string? OwnerFilter { get; set; }

    [FromQuery(Name = "status")]
    public string? StatusFilter { get; set; }

    [FromQuery(Name = "ueberfaellig")]
    public string? OverdueFilter { get; set; }

    public bool OnlyOverdue => OverdueFilter == "true";

    /// <summary>The items the filters let through, grouped by field in the plan's order.</summary>
    public IReadOnlyList<ActionPlanEndpoints.FieldGroup> Groups { get; private set; } = [];

    public int Shown { get; private set; }

    /// <summary>The fields the plan has items in (for the field filter).</summary>
    public IReadOnlyList<int> Fields { get; private set; } = [];

    public bool Filtered => FieldValue is not null || !string.IsNullOrEmpty(OwnerFilter) || StatusValue is not null || OnlyOverdue;

    private int? FieldValue => int.TryParse(FieldFilter, out var f) ? f : null;

    private string? StatusValue => ActionStatus.Normalize(StatusFilter);

    protected override async Task LoadPageAsync(CancellationToken ct)
    {
        await LoadPlanAsync(ct);
        Fields = AllItems.Select(i => i.Field).Distinct().Order().ToList();
        var failed = Errors.Any ? Errors.Form : null;
        var items = AllItems.Where(i =>
            // The item whose form was refused stays in view even if it no longer matches (its status changed meanwhile, say).
            (failed is not null && failed.EndsWith(i.Id.ToString("N"), StringComparison.Ordinal)) ||
            ((FieldValue is not { } field || i.Field == field) &&
             (string.IsNullOrEmpty(OwnerFilter) || i.Owner == OwnerFilter) &&
             (StatusValue is not { } status || i.Status == status) &&
             (!OnlyOverdue || i.Overdue))).ToList();
        Shown = items.Count;
        Groups = items.GroupBy(i => i.Field).OrderBy(g => g.Key)
            .Select(g => new ActionPlanEndpoints.FieldGroup(g.Key, g.OrderBy(i => ActionStatus.IsOpen(i.Status) ? 0 : 1).ToList())).ToList();
    }
}
