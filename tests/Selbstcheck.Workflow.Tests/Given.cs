using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Workflow.Tests;

/// <summary>Given-steps for decisions: write-model states folded from past events, as Marten keeps them.</summary>
public static class Given
{
    public const string K = "dessau-rosslau";

    public static readonly KommuneRegistered DessauRegistered =
        new(K, "Dessau-Roßlau", "Kreisfreie Stadt", "Sachsen-Anhalt", "2020-1", new DateOnly(2020, 1, 1), "15001000");

    /// <summary>Dessau-Roßlau's state after its registration and <paramref name="events"/>.</summary>
    public static KommuneState Kommune(params object[] events) => KommuneState.Create(DessauRegistered).After(events);

    /// <summary>Dessau-Roßlau with its Integrationsbüro as lead office, after <paramref name="events"/>.</summary>
    public static KommuneState WithLeadOffice(params object[] events) =>
        Kommune([new UnitAdded(K, "Integrationsbüro", null), new LeadOfficeNamed(K, "Integrationsbüro"), .. events]);

    public static RoundState Round(RoundOpened opened, params object[] events) => events.Aggregate(RoundState.From(opened), (s, e) => s.Fold(e));

    public static RespondentState Respondent(RespondentAdded added, params object[] events) => events.Aggregate(RespondentState.From(added), (s, e) => s.Fold(e));

    public static WorkshopState WorkshopOf(WorkshopScheduled scheduled, params object[] events) => events.Aggregate(WorkshopState.From(scheduled), (s, e) => s.Fold(e));

    public static ActionItemState ActionItem(ActionItemAdded added, params object[] events) => ActionItemState.After(null, [added, .. events])!;

    public static MilestoneState Milestone(MilestonePlanned planned, params object[] events) => MilestoneState.After(null, [planned, .. events])!;

    /// <summary>A personal value as a decision test's memory vault seals it (deterministic reference, empty salt).</summary>
    public static Selbstcheck.Workflow.People.PersonalRef S(string value) => Selbstcheck.Workflow.People.MemoryVault.RefOf(value);

    /// <summary>A live command of the programme team at <paramref name="now"/>.</summary>
    public static CommandContext At(DateTimeOffset now, string role = Roles.Programmteam) => new(new Actor("test-user", role), now);

    /// <summary>Imported history, decided as of <paramref name="at"/>.</summary>
    public static CommandContext ImportedAt(DateTimeOffset at) => new(Actor.DemoImport, at, Imported: true);
}

/// <summary>Events hold lists: compare them by their JSON, as the store sees them.</summary>
public sealed class JsonEquality : IEqualityComparer<object>
{
    public new bool Equals(object? x, object? y) =>
        x?.GetType() == y?.GetType() && System.Text.Json.JsonSerializer.Serialize(x, x?.GetType() ?? typeof(object)) == System.Text.Json.JsonSerializer.Serialize(y, y?.GetType() ?? typeof(object));

    public int GetHashCode(object obj) => 0;
}
