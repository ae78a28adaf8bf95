using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Workshops;
using Wolverine;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// #15 H1: preparing a workshop — goals and agenda (time, item, who), the participating institutions by sector, the
/// documentation's frame (#14). Each list is its own form, saved as one goes with the command the API's PUT sends
/// (…/agenda, …/participants, …/frame) and the list's version; beside the forms the documentation as it stands.
/// </summary>
public sealed class WorkshopVorbereitungModel(IQuerySession session, TimeProvider clock, IMessageBus bus) : WorkshopEditPage(session, clock, bus)
{
    public const string AgendaForm = "agenda";
    public const string ParticipantsForm = "teilnehmende";
    public const string FrameForm = "rahmen";

    public override string Heading => $"Vorbereitung: {Workshop.Title}";

    public sealed record AgendaRow(string? Time, string? Title, string? By);

    public sealed record InstitutionRow(string? Sector, string? Name, string? PersonIds);

    public sealed record PartnerRow(string? Organisation, string? Role, string? Note, string? PersonId);

    public sealed record FrameDraft(
        string? WelcomeBy, string? WelcomePoints, IReadOnlyList<PartnerRow> Partners, string? ProjectBy, string? ProjectPoints,
        string? AimsBy, string? Leitmotiv, string? LeitmotivBy, string? ResultsBy, IReadOnlyDictionary<int, string> FieldTitles, string? Annex);

    public string Goals { get; private set; } = "";

    public IReadOnlyList<AgendaRow> AgendaRows { get; private set; } = [];

    public IReadOnlyList<InstitutionRow> InstitutionRows { get; private set; } = [];

    public FrameDraft Frame { get; private set; } = null!;

    /// <summary>The Handlungsfelder a title may be given for, with their catalogue names.</summary>
    public IReadOnlyList<(int Number, string Name)> Fields { get; private set; } = [];

    public IReadOnlyList<string> Sectors => Workflow.Journey.Sectors.All;

    private long? _sent;
    private (string Goals, List<AgendaRow> Rows)? _agenda;
    private List<InstitutionRow>? _institutions;
    private FrameDraft? _frame;

    public long Expected(string form, string list) => ExpectedVersion(form, list, _sent);

    protected override async Task LoadMoreAsync(CancellationToken ct)
    {
        var w = Workshop;
        var names = (await MaturityEndpoints.Trend(Id, Session, ct)).Fields.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Last().Name);
        var kommune = await Session.LoadAsync<KommuneState>(Id, ct);
        Fields = (kommune?.Fields ?? []).Order().Select(f => (f, names.GetValueOrDefault(f) ?? "")).ToList();

        if (Refused(AgendaForm) && _agenda is { } agenda)
        {
            Goals = agenda.Goals;
            AgendaRows = agenda.Rows;
        }
        else
        {
            Goals = string.Join("\n", w.Goals);
            AgendaRows = w.Agenda.Select(a => new AgendaRow(a.Time, a.Title, PersonalInput(a.By))).ToList();
        }

        InstitutionRows = Refused(ParticipantsForm) && _institutions is { } institutions
            ? institutions
            : w.Institutions.Select(i => new InstitutionRow(i.Sector, i.Name, i.PersonIds is { Count: > 0 } p ? string.Join(",", p) : null)).ToList();

        Frame = Refused(FrameForm) && _frame is { } frame ? frame : FromCurrent(View.Frame);
    }

    private static FrameDraft FromCurrent(DocumentationFrame? f) => new(
        f?.Welcome?.By, f?.Welcome is { } welcome ? string.Join("\n", welcome.Points) : null,
        f?.Partners.Select(p => new PartnerRow(p.Organisation, p.Role, p.Note, p.PersonId?.ToString())).ToList() ?? [],
        f?.Project?.By, f?.Project is { } project ? string.Join("\n", project.Points) : null,
        f?.AimsBy, f?.Leitmotiv, f?.LeitmotivBy, f?.ResultsBy, f?.FieldTitles ?? new Dictionary<int, string>(), f?.Annex);

    /// <summary>Goals and agenda, as PUT /api/kommunen/{id}/workshops/{w}/agenda.</summary>
    public Task<IActionResult> OnPostAgendaAsync(CancellationToken ct)
    {
        _sent = SentVersion();
        var goals = Field("goals") ?? "";
        var rows = new List<AgendaRow>();
        for (var i = 0; i < RowCount("items"); i++)
        {
            var row = new AgendaRow(Field($"items[{i}].time"), Field($"items[{i}].title"), Field($"items[{i}].by"));
            if (Ticked($"items[{i}].remove") || row is { Time: null, Title: null, By: null }) continue;
            rows.Add(row);
        }

        _agenda = (goals, rows);
        var texts = rows.SelectMany((r, i) => new[] { ($"items[{i}].time", r.Time), ($"items[{i}].title", r.Title), ($"items[{i}].by", r.By) }).Prepend(("goals", goals));
        return SaveAsync(AgendaForm, () => Bus.InvokeAs<WorkshopReply>(User, new SetWorkshopAgenda(Id, Api.Route.Item(W), Lines(goals),
            rows.Select(r => new AgendaItemInput(r.Time, r.Title ?? "", r.By)).ToList(), _sent), ct), texts, ct);
    }

    /// <summary>The participating institutions by sector, as PUT /api/kommunen/{id}/workshops/{w}/participants (people stay as ids).</summary>
    public Task<IActionResult> OnPostParticipantsAsync(CancellationToken ct)
    {
        _sent = SentVersion();
        var rows = new List<InstitutionRow>();
        for (var i = 0; i < RowCount("institutions"); i++)
        {
            var row = new InstitutionRow(Field($"institutions[{i}].sector"), Field($"institutions[{i}].name"), Field($"institutions[{i}].personIds"));
            if (Ticked($"institutions[{i}].remove") || row is { Name: null, PersonIds: null }) continue;
            rows.Add(row);
        }

        _institutions = rows;
        var texts = rows.Select((r, i) => ($"institutions[{i}].name", r.Name));
        var problems = rows.Select((r, i) => (i, Ids(r.PersonIds))).Where(x => x.Item2 is null).ToList();
        foreach (var (i, _) in problems) Errors.Add($"institutions[{i}].personIds", "Ungültige Personenkennungen.", ParticipantsForm);
        return SaveAsync(ParticipantsForm, () => Bus.InvokeAs<WorkshopReply>(User, new RecordParticipants(Id, Api.Route.Item(W),
            rows.Select(r => new Institution(r.Sector ?? "", r.Name ?? "", Ids(r.PersonIds))).ToList(), _sent), ct), texts, ct);
    }

    private static IReadOnlyList<Guid>? Ids(string? text)
    {
        if (text is null) return [];
        var ids = new List<Guid>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Guid.TryParse(part, out var id)) return null;
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>The documentation's frame, as PUT /api/kommunen/{id}/workshops/{w}/frame (replaced as a whole).</summary>
    public Task<IActionResult> OnPostFrameAsync(CancellationToken ct)
    {
        _sent = SentVersion();
        var partners = new List<PartnerRow>();
        for (var i = 0; i < RowCount("partners"); i++)
        {
            var row = new PartnerRow(Field($"partners[{i}].organisation"), Field($"partners[{i}].role"), Field($"partners[{i}].note"), Field($"partners[{i}].personId"));
            if (Ticked($"partners[{i}].remove") || row is { Organisation: null, Role: null, Note: null }) continue;
            partners.Add(row);
        }

        var titles = new Dictionary<int, string>();
        foreach (var key in Request.Form.Keys.Where(k => k.StartsWith("fieldTitles.", StringComparison.Ordinal)))
        {
            if (int.TryParse(key["fieldTitles.".Length..], out var n) && Field(key) is { } title) titles[n] = title;
        }

        var frame = new FrameDraft(Field("welcome.by"), Field("welcome.points"), partners, Field("project.by"), Field("project.points"),
            Field("aimsBy"), Field("leitmotiv"), Field("leitmotivBy"), Field("resultsBy"), titles, Field("annex"));
        _frame = frame;
        var texts = new List<(string, string?)>
        {
            ("welcome.by", frame.WelcomeBy), ("welcome.points", frame.WelcomePoints), ("project.by", frame.ProjectBy), ("project.points", frame.ProjectPoints),
            ("aimsBy", frame.AimsBy), ("leitmotiv", frame.Leitmotiv), ("leitmotivBy", frame.LeitmotivBy), ("resultsBy", frame.ResultsBy), ("annex", frame.Annex),
        };
        texts.AddRange(partners.SelectMany((p, i) => new[] { ($"partners[{i}].organisation", p.Organisation), ($"partners[{i}].role", p.Role), ($"partners[{i}].note", p.Note) }));
        texts.AddRange(titles.Select(t => ($"fieldTitles.{t.Key}", (string?)t.Value)));
        for (var i = 0; i < partners.Count; i++)
        {
            if (partners[i].PersonId is { } p && !Guid.TryParse(p, out _)) Errors.Add($"partners[{i}].personId", "Ungültige Personenkennung.", FrameForm);
        }

        return SaveAsync(FrameForm, () => Bus.InvokeAs<WorkshopReply>(User, new RecordWorkshopFrame(Id, Api.Route.Item(W),
            Speech(frame.WelcomeBy, frame.WelcomePoints),
            partners.Select(p => new PartnerInput(p.Organisation, p.Role, p.Note, Guid.TryParse(p.PersonId, out var g) ? g : null)).ToList(),
            Speech(frame.ProjectBy, frame.ProjectPoints),
            frame.AimsBy, frame.Leitmotiv, frame.LeitmotivBy, frame.ResultsBy, titles.Count == 0 ? null : titles, frame.Annex, _sent), ct), texts, ct);
    }

    /// <summary>A speech: none when neither speaker nor points are given (the decision asks for the speaker of points).</summary>
    private static AddressInput? Speech(string? by, string? points) =>
        by is null && points is null ? null : new AddressInput(by, Lines(points));

    /// <summary>The current version of a list, read-only above its form after a conflict.</summary>
    public WorkshopConflict Current(string form) => form switch
    {
        AgendaForm => new WorkshopConflict(VersionOf(WorkshopLists.Agenda),
            Workshop.Goals.Select(g => $"Ziel: {g}")
                .Concat(Workshop.Agenda.Select(a => string.Join(" – ", new[] { a.Time, a.Title, a.By }.Where(x => !string.IsNullOrEmpty(x))))).ToList()),
        ParticipantsForm => new WorkshopConflict(VersionOf(WorkshopLists.Participants), Workshop.Institutions.Select(i => $"{i.Sector}: {i.Name}").ToList()),
        _ => new WorkshopConflict(VersionOf(WorkshopLists.Frame), FrameLines(View.Frame)),
    };

    private static List<string> FrameLines(DocumentationFrame? f)
    {
        if (f is null) return [];
        var lines = new List<string>();
        if (f.Welcome is { } w) lines.Add($"Begrüßung: {w.By}{(w.Points.Count > 0 ? " – " + string.Join("; ", w.Points) : "")}");
        lines.AddRange(f.Partners.Select(p => $"Partner: {p.Organisation}, {p.Role}{(p.Note is null ? "" : $" ({p.Note})")}"));
        if (f.Project is { } pr) lines.Add($"Projekt: {pr.By}{(pr.Points.Count > 0 ? " – " + string.Join("; ", pr.Points) : "")}");
        if (f.AimsBy is { } a) lines.Add($"Ziele und Ablauf: {a}");
        if (f.Leitmotiv is { } l) lines.Add($"Leitmotiv: {l}{(f.LeitmotivBy is null ? "" : $" ({f.LeitmotivBy})")}");
        if (f.ResultsBy is { } r) lines.Add($"Ergebnisse: {r}");
        lines.AddRange((f.FieldTitles ?? new Dictionary<int, string>()).OrderBy(t => t.Key).Select(t => $"Handlungsfeld {t.Key}: {t.Value}"));
        if (f.Annex is { } x) lines.Add($"Anhang: {x}");
        return lines;
    }
}
