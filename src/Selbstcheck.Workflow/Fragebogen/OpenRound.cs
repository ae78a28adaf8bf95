using Selbstcheck.Workflow.Meilensteine;
using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Teilnahme;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Fragebogen;

/// <summary>Open a questionnaire round: the full catalogue, or a named short form of it, for one actor group.</summary>
public sealed record OpenRound(
    string KommuneId,
    string? Kind,
    string? Catalogue,
    string? CatalogueVersion,
    string? ActorGroup,
    string? ShortForm,
    DateOnly? Deadline) : IKommuneCommand;

public sealed record RoundOpenedReply(int Round, string CatalogueId, string CatalogueVersion);

public sealed record CatalogueLookup(CatalogueVersionRecord? Record);

public static class OpenRoundDecision
{
    public static IReadOnlyList<object> Decide(OpenRound c, KommuneJourney state, Catalogue? catalogue, DateOnly today)
    {
        var v = new Validation();
        if (c.Kind is not (RoundKinds.Full or RoundKinds.Short)) v.Add("kind", "Erlaubt: full, short.");
        if (string.IsNullOrWhiteSpace(c.Catalogue)) v.Add("catalogue", "Pflichtfeld.");
        if (string.IsNullOrWhiteSpace(c.ActorGroup)) v.Add("actorGroup", "Pflichtfeld, z. B. \"Verwaltung\".");
        else if (c.ActorGroup.Trim().Length > 100) v.Add("actorGroup", "Höchstens 100 Zeichen.");
        if (c.Kind == RoundKinds.Short && string.IsNullOrWhiteSpace(c.ShortForm)) v.Add("shortForm", "Pflichtfeld bei kind \"short\".");
        if (c.Kind == RoundKinds.Full && c.ShortForm is not null) v.Add("shortForm", "Nur bei kind \"short\".");
        if (c.Deadline is { } d && d < today) v.Add("deadline", "Liegt in der Vergangenheit.");
        v.ThrowIfInvalid();

        if (catalogue is null)
        {
            throw new RuleViolation("katalog-unbekannt", "Katalog unbekannt",
                $"Es gibt keinen Katalog \"{c.Catalogue}\"{(c.CatalogueVersion is null ? "" : $" in Version {c.CatalogueVersion}")}.");
        }

        IReadOnlyList<string> criteria = catalogue.Criteria.Select(x => x.Id).ToList();
        string? shortForm = null;
        if (c.Kind == RoundKinds.Short)
        {
            var form = catalogue.FindShortForm(c.ShortForm!) ?? throw new RuleViolation("kurzform-unbekannt", "Kurzform unbekannt",
                $"Der Katalog \"{catalogue.Id}\" {catalogue.Version} hat keine Kurzform \"{c.ShortForm}\".")
            {
                Alternatives = catalogue.ShortForms.Select(s => s.Name).ToList(),
            };
            criteria = form.Criteria;
            shortForm = form.Name;
        }

        var actorGroup = c.ActorGroup!.Trim();
        var open = state.Rounds.Values.FirstOrDefault(r => !r.Closed && string.Equals(r.ActorGroup, actorGroup, StringComparison.OrdinalIgnoreCase));
        if (open is not null)
        {
            throw new RuleViolation("runde-fuer-akteursgruppe-offen", "Runde für diese Akteursgruppe offen",
                $"Für \"{actorGroup}\" ist Runde {open.Number} noch offen; Runden verschiedener Akteursgruppen dürfen gleichzeitig laufen.")
            {
                Alternatives = [$"Runde {open.Number} schließen (POST …/rounds/{open.Number}/close)."],
            };
        }

        var fields = catalogue.Fields.Where(f => f.Criteria.Any(x => criteria.Contains(x.Id))).Select(f => f.Number).ToList();
        return [new RoundOpened(state.Id, state.NextRound, c.Kind!, shortForm, catalogue.Id, catalogue.Version, actorGroup, c.Deadline, criteria, fields)];
    }
}

public static class OpenRoundHandler
{
    public static async Task<CatalogueLookup> LoadAsync(OpenRound command, IDocumentSession session, CancellationToken ct) =>
        new(command.Catalogue is null ? null : await CatalogueImport.FindAsync(session, command.Catalogue, command.CatalogueVersion, ct));

    public static (RoundOpenedReply, Events) Handle(
        OpenRound command,
        [WriteAggregate(nameof(OpenRound.KommuneId))] KommuneJourney journey,
        CatalogueLookup lookup,
        IDocumentSession session,
        TimeProvider clock)
    {
        var decided = OpenRoundDecision.Decide(command, journey, lookup.Record?.Catalogue, BerlinTime.Today(clock.GetUtcNow()));
        var events = ProgrammeMilestones.Follow(journey, decided, clock.GetUtcNow());
        var opened = events.OfType<RoundOpened>().Single();
        CatalogueImport.MarkUsed(session, lookup.Record!);
        return (new RoundOpenedReply(opened.Round, opened.CatalogueId, opened.CatalogueVersion), new Events(events));
    }
}
