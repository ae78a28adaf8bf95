using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Common;
using Wolverine;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// One Handlungsbedarf of the action plan: its details, the history of every owner, due and status change (what,
/// from, to, why, when, by whom) and its notes — with the same inline forms as the plan (<see cref="ActionPlanPage"/>).
/// </summary>
public sealed class HandlungsbedarfModel(IQuerySession session, TimeProvider clock, IMessageBus bus) : ActionPlanPage(session, clock, bus)
{
    [FromRoute(Name = "item")]
    public string ItemId { get; set; } = "";

    public ActionPlanEndpoints.ActionItemResource Item { get; private set; } = null!;

    /// <summary>Who made each change and note: a person's name (where the caller may see it) with the role, or the role.</summary>
    public IReadOnlyDictionary<string, string> Who { get; private set; } = new Dictionary<string, string>();

    public string By(string? user) => user is not null && Who.TryGetValue(user, out var who) ? who : "unbekannt";

    protected override async Task LoadPageAsync(CancellationToken ct)
    {
        await LoadPlanAsync(ct);
        var id = Api.Route.Item(ItemId);
        Item = AllItems.FirstOrDefault(i => i.Id == id)
               ?? throw new NotFound("handlungsbedarf-unbekannt", "Handlungsbedarf nicht gefunden", $"Die Kommune \"{Id}\" hat keinen Handlungsbedarf {ItemId}.");
        Who = await WhoAsync(Item.History.Select(h => h.By).Concat(Item.Notes.Select(n => n.By)), ct);
    }

    public static string KindLabel(string kind) => kind switch
    {
        Workflow.Journey.ActionItemChanges.Status => "Status",
        Workflow.Journey.ActionItemChanges.Owner => "Verantwortliche Stelle",
        Workflow.Journey.ActionItemChanges.Due => "Frist",
        _ => kind,
    };

    /// <summary>A history value: a due date in German, "ohne Frist" for none; other values as they are.</summary>
    public static string ValueLabel(string kind, string value) =>
        kind == Workflow.Journey.ActionItemChanges.Due ? (value.Length == 0 ? "ohne Frist" : Display.Day(value)) : value;
}
