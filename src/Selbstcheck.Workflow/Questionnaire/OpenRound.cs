using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>Open a questionnaire round: the full catalogue, or a named short form of it, for one actor group.</summary>
public sealed record OpenRound(
    string KommuneId,
    string? Kind,
    string? Catalogue,
    string? CatalogueVersion,
    string? ActorGroup,
    string? ShortForm,
    DateOnly? Deadline) : IKommuneCommand;

public sealed record RoundOpenedReply(int Round, [PersonalData(false)] string CatalogueId, [PersonalData(false)] string CatalogueVersion);

public static class OpenRoundDecision
{
    /// <summary>The round; with a deadline, the deadline becomes a programme milestone of the lead office.</summary>
    public static IReadOnlyList<object> Decide(OpenRound c, KommuneState kommune, Catalogue? catalogue, CommandContext context, ActorGroupList? groups = null)
    {
        var v = new Validation();
        if (c.Kind is not (RoundKinds.Full or RoundKinds.Short or InterviewRounds.Kind)) v.Add("kind", "Erlaubt: full, short, interview.");
        if (string.IsNullOrWhiteSpace(c.Catalogue)) v.Add("catalogue", "Pflichtfeld.");
        if (string.IsNullOrWhiteSpace(c.ActorGroup)) v.Add("actorGroup", "Pflichtfeld, z. B. \"Verwaltung\".");
        else if (c.ActorGroup.Trim().Length > 100) v.Add("actorGroup", "Höchstens 100 Zeichen.");
        if (c.Kind == RoundKinds.Short && string.IsNullOrWhiteSpace(c.ShortForm)) v.Add("shortForm", "Pflichtfeld bei kind \"short\".");
        if (c.Kind is RoundKinds.Full or InterviewRounds.Kind && c.ShortForm is not null) v.Add("shortForm", "Nur bei kind \"short\".");
        if (c.Deadline is { } d && d < context.Today) v.Add("deadline", "Liegt in der Vergangenheit.");
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
            criteria = form.Asked;
            shortForm = form.Name;
        }

        var actorGroup = c.ActorGroup!.Trim();
        var allowed = (groups ?? ActorGroupList.Default).Groups;
        var known = allowed.FirstOrDefault(g => string.Equals(g, actorGroup, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            throw new RuleViolation("akteursgruppe-unbekannt", "Akteursgruppe unbekannt",
                $"\"{actorGroup}\" ist keine der Akteursgruppen des Programms. Erlaubt: {string.Join(", ", allowed.Select(g => $"\"{g}\""))}.")
            {
                Alternatives = allowed,
            };
        }

        actorGroup = known;
        var open = kommune.OpenRounds.Where(r => string.Equals(r.Value, actorGroup, StringComparison.OrdinalIgnoreCase)).Select(r => r.Key).Order().ToList();
        if (open.Count > 0)
        {
            throw new RuleViolation("runde-fuer-akteursgruppe-offen", "Runde für diese Akteursgruppe offen",
                $"Für \"{actorGroup}\" ist Runde {open[0]} noch offen; Runden verschiedener Akteursgruppen dürfen gleichzeitig laufen.")
            {
                Alternatives = [$"Runde {open[0]} schließen (POST …/rounds/{open[0]}/close)."],
            };
        }

        var fields = catalogue.ForRound(shortForm).Fields.Where(f => f.Criteria.Any(x => criteria.Contains(x.Id))).Select(f => f.Number).ToList();
        var opened = new RoundOpened(kommune.Id, kommune.NextRound, c.Kind!, shortForm, catalogue.Id, catalogue.Version, actorGroup, c.Deadline, criteria, fields);
        IReadOnlyList<object> events = [opened, .. ProgrammeMilestones.ForRoundDeadline(kommune, opened, context)];
        context.Limits.Enforce(kommune, events);
        return events;
    }
}

public static class OpenRoundHandler
{
    public static async Task<(RoundOpenedReply, Events)> Handle(
        OpenRound command, [KommuneStream] KommuneState kommune, IDocumentSession session, CommandContext context, ActorGroupList groups, CancellationToken ct)
    {
        var record = command.Catalogue is null ? null : await CatalogueImport.FindAsync(session, command.Catalogue, command.CatalogueVersion, ct);
        var events = OpenRoundDecision.Decide(command, kommune, record?.Catalogue, context, groups);
        CatalogueImport.MarkUsed(session, record!);
        var opened = events.OfType<RoundOpened>().Single();
        return (new RoundOpenedReply(opened.Round, opened.CatalogueId, opened.CatalogueVersion), new Events(events));
    }
}

/// <summary>
/// The actor groups a round may name (#14; configured as Selbstcheck:ActorGroups): the administration's own first,
/// then the groups whose view mirrors it. A round naming another group is refused (422) with the allowed ones.
/// </summary>
public sealed record ActorGroupList(IReadOnlyList<string> Groups)
{
    public static readonly ActorGroupList Default = new([
        ActorGroups.Verwaltung,
        "Zivilgesellschaft und Migrantenorganisationen",
        "Politik",
        "Wirtschaft",
        "Einwohnerschaft",
    ]);

    /// <summary>The configured list (trimmed, without blanks and repeats); the administration always belongs to it.</summary>
    public static ActorGroupList From(IEnumerable<string>? configured)
    {
        var groups = (configured ?? []).Select(g => g?.Trim() ?? "").Where(g => g.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (groups.Count == 0) return Default;
        if (!groups.Contains(ActorGroups.Verwaltung, StringComparer.OrdinalIgnoreCase)) groups.Insert(0, ActorGroups.Verwaltung);
        return new ActorGroupList(groups);
    }
}
