using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;
using Selbstcheck.Workflow.Milestones;
using Wolverine;

namespace Selbstcheck.Host.Demo;

/// <summary>
/// The second demo Kommune (#6): a fictional "Beispielstadt" created through the live commands the
/// first time the loader runs — not imported, timestamped at load time, its dues relative to that
/// day — so its reminders are planned normally and the board, the calendars and the emails can be
/// seen working today. Assigned to the demo's facilitator. Existing: left alone.
/// </summary>
public sealed class LiveDemo(IDocumentStore store, IServiceScopeFactory scopes, TimeProvider clock, ILogger<LiveDemo> logger)
{
    public const string Kommune = "beispielstadt";

    public async Task<bool> EnsureAsync(Guid facilitator, CancellationToken ct)
    {
        await using (var query = store.QuerySession())
        {
            if (await query.Events.FetchStreamStateAsync(Kommune, ct) is not null) return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        async Task<T> Send<T>(object command) => await bus.InvokeAsync<T>(command, CommandHeaders.For(Actor.DemoLive), ct);

        var today = BerlinTime.Today(clock.GetUtcNow());
        var cohort = $"{today.Year}-{(today.Month <= 6 ? 1 : 2)}";
        await Send<KommuneRegisteredReply>(new RegisterKommune(Kommune, "Beispielstadt", "Stadt", "Niedersachsen", cohort, today));
        await Send<KommuneChanged>(new AssignFacilitator(Kommune, facilitator));
        await Send<UnitReply>(new UpsertUnit(Kommune, "Integrationsbüro", "integrationsbuero@beispielstadt.invalid"));
        await Send<KommuneChanged>(new NameLeadOffice(Kommune, "Integrationsbüro"));
        await Send<UnitReply>(new UpsertUnit(Kommune, "Sozialamt", "sozialamt@beispielstadt.invalid"));
        await Send<UnitReply>(new UpsertUnit(Kommune, "Bürgerservice", null));

        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd");
        async Task<Guid> Plan(string title, string kind, string owner, string? dueDate, string? dueAt, IReadOnlyList<int>? fields = null)
        {
            var id = Guid.CreateVersion7();
            await Send<MilestoneReply>(new PlanMilestone(Kommune, id, title, kind, owner, null, dueDate, dueAt, fields ?? [], []));
            return id;
        }

        await Plan("Dokumentation des Selbstcheck-Workshops an die Steuerungsgruppe", MilestoneKinds.Dokumentation, "Integrationsbüro", Day(2), null, [1]);
        await Plan("Dialogveranstaltung im Stadtteilzentrum", MilestoneKinds.Dialogveranstaltung, "Sozialamt", null, $"{Day(10)}T18:00", [6]);
        await Plan("Fragebogen an die Migrantenorganisationen weiterleiten", MilestoneKinds.Befragung, "Bürgerservice", Day(-5), null, [7]);
        await Plan("Workshop mit den Dezernentinnen und Dezernenten", MilestoneKinds.Workshop, "Integrationsbüro", null, $"{Day(21)}T10:00", [1, 2]);
        var done = await Plan("Termin mit dem Oberbürgermeister", MilestoneKinds.Sonstiges, "Integrationsbüro", Day(-10), null);
        await Send<MilestoneReply>(new CompleteMilestone(Kommune, done, null));
        logger.LogInformation("Demo Kommune {Kommune} created through the live commands", Kommune);
        return true;
    }
}
