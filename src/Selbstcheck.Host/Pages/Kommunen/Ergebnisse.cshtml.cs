using System.Globalization;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Projections.MaturityOverview;
using Selbstcheck.Projections.Workshops;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Selbstcheck.Workflow.Questionnaire;
using Selbstcheck.Workflow.Workshops;
using Wolverine;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// #15 H2: a workshop's results, recorded during and after the workshop — statements on Weltoffenheit, priorities
/// with votes, each working group's three lists (new group: as POST …/working-groups; a recorded one revised: as PUT
/// …/working-groups/{field}), the Vereinbarungen (each "als Meilenstein planen" in one step: as POST
/// …/agreements/{a}/milestone), the feedback and the commentary on the round the workshop discusses (as PUT
/// …/rounds/{n}/commentary). A <see cref="WorkshopEditPage"/> like the preparation: each list its own form with its
/// version, a stale save keeps what was typed and shows the current version above it, the documentation beside.
/// </summary>
public sealed partial class ErgebnisseModel(IQuerySession session, TimeProvider clock, IMessageBus bus) : WorkshopEditPage(session, clock, bus)
{
    public const string StatementsForm = "aussagen";
    public const string PrioritiesForm = "prioritaeten";
    public const string NewGroupForm = "ag-neu";
    public const string AgreementsForm = "vereinbarungen";
    public const string FeedbackForm = "rueckmeldungen";

    /// <summary>At most this many rows per list from a form (far more than a poster holds).</summary>
    public const int MaxRows = 200;

    public static string GroupForm(int field) => $"ag-{field}";

    public static string MilestoneForm(Guid agreement) => $"ms-{agreement:N}";

    public static string CommentaryForm(int? field) => $"kommentar-{field ?? 0}";

    public override string Heading => $"Ergebnisse: {Workshop.Title}";

    /// <summary>The Kommune's fields (number → name where a catalogue names it).</summary>
    public IReadOnlyList<(int Number, string Name)> Fields { get; private set; } = [];

    /// <summary>The round the workshop discusses (the Standortbestimmung current for the documentation), or none.</summary>
    public RoundMaturity? Round { get; private set; }

    /// <summary>The commentary versions of that round: 0 overall, else the field's number.</summary>
    public IReadOnlyDictionary<int, long> CommentaryVersions { get; private set; } = new Dictionary<int, long>();

    /// <summary>Agreements that already became a milestone, with the milestone's id.</summary>
    public IReadOnlyDictionary<Guid, Guid> Milestones { get; private set; } = new Dictionary<Guid, Guid>();

    public IReadOnlyList<string> Units { get; private set; } = [];

    public string MilestoneLink(Guid milestone) => Link($"meilensteine/{milestone}");

    /// <summary>What a refused form sent (its fields then show it again).</summary>
    private IFormCollection? _posted;

    public string FieldName(int field) => Fields.FirstOrDefault(f => f.Number == field).Name is { Length: > 0 } name ? $"{field}: {name}" : $"{field}";

    /// <summary>The fields, the round discussed and its commentary versions, the agreements' milestones, the units.</summary>
    protected override async Task LoadMoreAsync(CancellationToken ct)
    {
        Round = Standortbestimmung.Current(Rounds);
        // The fields' names: of the round discussed, else the programme's.
        var names = Workflow.Common.Fields.Programme.ToDictionary(f => f.Number, f => f.Name);
        foreach (var f in Round?.Evaluation?.Fields ?? []) names[f.Field] = f.Name;
        var state = await Session.LoadAsync<KommuneState>(Id, ct);
        Fields = (state?.Fields ?? []).Order().Select(f => (f, names.GetValueOrDefault(f) ?? "")).ToList();
        if (Round is not null)
        {
            var round = await Session.LoadAsync<RoundState>(RoundState.Key(Id, Round.Round), ct);
            CommentaryVersions = round?.Commentary.ToDictionary(c => c.Key, c => c.Value) ?? new Dictionary<int, long>();
        }

        var ids = Workshop.Agreements.Select(a => a.AgreementId).ToArray();
        Milestones = ids.Length == 0
            ? new Dictionary<Guid, Guid>()
            : (await Session.Query<Projections.Milestones.MilestoneView>().Where(m => m.KommuneId == Id && m.AgreementId != null && m.AgreementId.Value.IsOneOf(ids)).ToListAsync(ct))
                .GroupBy(m => m.AgreementId!.Value).ToDictionary(g => g.Key, g => g.First().Id);
        Units = Kommune.Units.Select(u => u.Name).Order(StringComparer.Create(CultureInfo.GetCultureInfo("de-DE"), true)).ToList();
    }

    // ---- what a form shows: what was sent when that form was refused, else the current values ----

    private bool Failed(string form) => Refused(form) && _posted is not null;

    /// <summary>The expectedVersion a form carries (see <see cref="WorkshopEditPage.ExpectedVersion(string, long?, long)"/>).</summary>
    public long VersionFor(string form, long current) => ExpectedVersion(form, Failed(form) ? SentVersion() : null, current);

    public string? Posted(string form, string name, string? current) => Failed(form) ? _posted![name].ToString() : current;

    /// <summary>A list's rows as the form shows them (with two empty rows to add to).</summary>
    public IReadOnlyList<ListRow> Rows(string form, string list, IReadOnlyList<ListItem> current)
    {
        var rows = Failed(form)
            ? ParseRows(_posted!, list).Select(r => new ListRow(r.GetValueOrDefault("text") ?? "", r.GetValueOrDefault("items") ?? "")).ToList()
            : current.Select(i => new ListRow(i.Text, string.Join("\n", i.Items ?? []))).ToList();
        return [.. rows, new ListRow("", ""), new ListRow("", "")];
    }

    public IReadOnlyList<ListRow> FeedbackRows() => Rows(FeedbackForm, "items", Workshop.Feedback.Select(f => new ListItem(f)).ToList());

    public IReadOnlyList<AgreementRow> AgreementRows()
    {
        var rows = Failed(AgreementsForm)
            ? ParseRows(_posted!, "agreements").Select(r => new AgreementRow(Guid.TryParse(r.GetValueOrDefault("agreementId"), out var g) ? g : null,
                r.GetValueOrDefault("title") ?? "", r.GetValueOrDefault("kind") ?? "", r.GetValueOrDefault("owner") ?? "", r.GetValueOrDefault("plannedDate") ?? "",
                r.GetValueOrDefault("status") ?? "", r.GetValueOrDefault("details") ?? "")).ToList()
            : Workshop.Agreements.Select(a => new AgreementRow(a.AgreementId, a.Title, a.Kind, a.Owner ?? "", a.PlannedDate ?? "", a.Status, string.Join("\n", a.Details ?? []))).ToList();
        return [.. rows, AgreementRow.Empty, AgreementRow.Empty];
    }

    public bool Prioritised(int field) =>
        Failed(PrioritiesForm) ? _posted!["fields"].Contains(field.ToString(CultureInfo.InvariantCulture)) : Workshop.Priorities.Contains(field);

    public string Votes(int field) =>
        Failed(PrioritiesForm) ? _posted![$"votes[{field}]"].ToString()
        : Workshop.Votes?.TryGetValue(field, out var n) == true ? n.ToString(CultureInfo.InvariantCulture) : "";

    /// <summary>Prioritised fields without a recorded working group: a new group may be recorded for them.</summary>
    public IReadOnlyList<int> OpenGroups => Workshop.Priorities.Where(f => Workshop.WorkingGroups.All(g => g.Field != f)).Order().ToList();

    public string? Commentary(int? field) => Round?.Commentary.GetValueOrDefault(field ?? 0);

    /// <summary>A form's current version, read-only above it after a stale save.</summary>
    public WorkshopConflict Current(string form)
    {
        if (form == StatementsForm) return new(VersionOf(WorkshopLists.Understanding), ItemLines(Workshop.Statements).ToList());
        if (form == PrioritiesForm) return new(VersionOf(WorkshopLists.Priorities), [PrioritiesSummary]);
        if (form == AgreementsForm) return new(VersionOf(WorkshopLists.Agreements), Workshop.Agreements.Select(AgreementSummary).ToList());
        if (form == FeedbackForm) return new(VersionOf(WorkshopLists.Feedback), [.. Workshop.Feedback]);
        if (Workshop.WorkingGroups.FirstOrDefault(g => GroupForm(g.Field) == form) is { } group)
        {
            return new(group.Version, [
                .. ItemLines(group.WhatWorks, "Was läuft gut?"), .. ItemLines(group.WhatDoesNotWorkYet, "Was läuft noch nicht gut?"),
                .. ItemLines(group.NeedsForAction, "Handlungsbedarf")]);
        }

        var field = Round?.Evaluation?.Fields.Select(f => (int?)f.Field).FirstOrDefault(f => CommentaryForm(f) == form);
        return new(CommentaryVersions.GetValueOrDefault(field ?? 0), Commentary(field) is { Length: > 0 } text ? [text] : []);
    }

    private static IEnumerable<string> ItemLines(IReadOnlyList<ListItem> items, string? prefix = null) =>
        items.Select(i => (prefix is null ? "" : prefix + ": ") + i.Text + (i.Items is { Count: > 0 } sub ? " – " + string.Join("; ", sub) : ""));

    private string PrioritiesSummary =>
        $"Priorisiert: {(Workshop.Priorities.Count == 0 ? "keine" : string.Join(", ", Workshop.Priorities.Select(p => $"Handlungsfeld {p}")))}"
        + (Workshop.Votes is { Count: > 0 } v ? $"; Punkte: {string.Join(", ", v.OrderBy(x => x.Key).Select(x => $"HF {x.Key}: {x.Value}"))}" : "") + ".";

    private static string AgreementSummary(Agreement a) =>
        $"{a.Title} ({a.Kind}{(a.Owner is null ? "" : $", {a.Owner}")}{(a.PlannedDate is null ? "" : $", geplant {Display.Day(a.PlannedDate)}")}, {a.Status})";

    // ---- the forms ----

    /// <summary>Statements on Weltoffenheit, as PUT …/workshops/{w}/understanding.</summary>
    public Task<IActionResult> OnPostAussagenAsync(CancellationToken ct) =>
        SendAsync(StatementsForm, "Aussagen gespeichert.", ct, wid =>
        {
            var statements = Items("statements");
            return statements is null ? null : () => Bus.InvokeAs<WorkshopReply>(User, new RecordUnderstanding(Id, wid, statements, SentVersion()), ct);
        });

    /// <summary>Prioritised fields with their votes, as PUT …/workshops/{w}/priorities.</summary>
    public Task<IActionResult> OnPostPrioritaetenAsync(CancellationToken ct) =>
        SendAsync(PrioritiesForm, "Priorisierung gespeichert.", ct, wid =>
        {
            var fields = new List<int>();
            foreach (var f in Request.Form["fields"])
            {
                if (int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) fields.Add(n);
                else Errors.Add("fields", $"\"{f}\" ist kein Handlungsfeld.", PrioritiesForm);
            }

            var votes = new Dictionary<int, int>();
            foreach (var (key, value) in Request.Form)
            {
                if (VotesKey().Match(key) is not { Success: true } m || string.IsNullOrWhiteSpace(value)) continue;
                if (int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var field)
                    && int.TryParse(value.ToString().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 10_000)
                {
                    votes[field] = n;
                }
                else
                {
                    Errors.Add("votes", "Punkte als ganze Zahl ab 0, z. B. 12.", PrioritiesForm);
                }
            }

            return Errors.Any ? null : () => Bus.InvokeAs<WorkshopReply>(User, new ConfirmPriorities(Id, wid, fields, votes, SentVersion()), ct);
        });

    /// <summary>A new working group, as POST …/workshops/{w}/working-groups (its Handlungsbedarfe become action items).</summary>
    public Task<IActionResult> OnPostNeueArbeitsgruppeAsync(CancellationToken ct) =>
        SendAsync(NewGroupForm, "Arbeitsgruppe erfasst; ihre Handlungsbedarfe stehen im Aktionsplan.", ct, wid =>
        {
            int? field = int.TryParse(Request.Form["field"], NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : null;
            var (works, notYet, needs) = (Items("whatWorks"), Items("whatDoesNotWorkYet"), Items("needsForAction"));
            if (works is null || notYet is null || needs is null) return null;
            return () => Bus.InvokeAs<WorkingGroupReply>(User, new RecordWorkingGroup(Id, wid, field, works, notYet, needs, Blank(Request.Form["owner"])), ct);
        }, anchor: () => int.TryParse(Request.Form["field"], NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? GroupForm(f) : NewGroupForm);

    /// <summary>A recorded working group revised, as PUT …/workshops/{w}/working-groups/{field}.</summary>
    public Task<IActionResult> OnPostArbeitsgruppeAsync(int field, CancellationToken ct) =>
        SendAsync(GroupForm(field), "Arbeitsgruppe gespeichert.", ct, wid =>
        {
            var (works, notYet, needs) = (Items("whatWorks"), Items("whatDoesNotWorkYet"), Items("needsForAction"));
            if (works is null || notYet is null || needs is null) return null;
            return () => Bus.InvokeAs<WorkingGroupRevisionReply>(User,
                new ReviseWorkingGroup(Id, wid, field, works, notYet, needs, Blank(Request.Form["owner"]), SentVersion()), ct);
        });

    /// <summary>The Vereinbarungen, as PUT …/workshops/{w}/agreements.</summary>
    public Task<IActionResult> OnPostVereinbarungenAsync(CancellationToken ct) =>
        SendAsync(AgreementsForm, "Vereinbarungen gespeichert.", ct, wid =>
        {
            var rows = Rows("agreements", r => Filled(r, "title", "owner", "plannedDate", "details"));
            if (rows is null) return null;
            var agreements = rows.Select(r => new AgreementInput(
                Guid.TryParse(r.GetValueOrDefault("agreementId"), out var g) ? g : null, r.GetValueOrDefault("title"), r.GetValueOrDefault("kind"),
                Blank(r.GetValueOrDefault("owner")), Blank(r.GetValueOrDefault("plannedDate")), r.GetValueOrDefault("status"), SubItems(r.GetValueOrDefault("details")))).ToList();
            return () => Bus.InvokeAs<WorkshopReply>(User, new RecordAgreements(Id, wid, agreements, SentVersion()), ct);
        });

    /// <summary>One agreement becomes a milestone in one step, as POST …/agreements/{a}/milestone (owner and date from the agreement unless a date is given).</summary>
    public Task<IActionResult> OnPostMeilensteinAsync(string? agreement, CancellationToken ct)
    {
        var agreementId = Api.Route.Item(agreement ?? "");
        return SendAsync(MilestoneForm(agreementId), "Meilenstein aus der Vereinbarung geplant.", ct, wid =>
            () => Bus.InvokeAs<MilestoneReply>(User, new PlanMilestoneFromAgreement(Id, Guid.CreateVersion7(), wid, agreementId, null, Blank(Request.Form["dueDate"]), null), ct),
            anchor: () => $"v-{agreementId:N}");
    }

    /// <summary>The participants' feedback, as PUT …/workshops/{w}/feedback.</summary>
    public Task<IActionResult> OnPostRueckmeldungenAsync(CancellationToken ct) =>
        SendAsync(FeedbackForm, "Rückmeldungen gespeichert.", ct, wid =>
        {
            var items = Rows("items", r => Filled(r, "text"));
            return items is null ? null : () => Bus.InvokeAs<WorkshopReply>(User, new RecordFeedback(Id, wid, items.Select(r => r.GetValueOrDefault("text") ?? "").ToList(), SentVersion()), ct);
        });

    /// <summary>The commentary on a field (or, without one, on the whole) of the round discussed, as PUT …/rounds/{n}/commentary.</summary>
    public Task<IActionResult> OnPostKommentarAsync(string? field, CancellationToken ct)
    {
        int? f = int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
        return SendAsync(CommentaryForm(f), "Kommentar gespeichert.", ct, _ =>
        {
            if (Round is null)
            {
                Errors.Add("text", "Es gibt noch keine ausgewertete Runde, die der Workshop bespricht.", CommentaryForm(f));
                return null;
            }

            var round = Round.Round;
            return () => Bus.InvokeAs<CommentaryReply>(User, new RecordCommentary(Id, round, f, Request.Form["text"].ToString(), SentVersion()), ct);
        });
    }

    /// <summary>
    /// Builds the command from the form (null: the page found a problem itself, in <see cref="SelbstcheckPage.Errors"/>)
    /// after reading the workshop (an unknown one is the API's 404, before anything is sent), and saves it as every
    /// workshop edit page does — every posted text checked as the API's JSON reader checks it.
    /// </summary>
    private async Task<IActionResult> SendAsync(string form, string notice, CancellationToken ct, Func<Guid, Func<Task>?> build, Func<string>? anchor = null)
    {
        await LoadWorkshopAsync(ct);
        _posted = Request.Form;
        _form = form;
        var command = build(Workshop.Id);
        if (command is null && !Errors.Any) Errors.Add("form", "Das Formular ist unvollständig.", form);
        var texts = Request.Form.SelectMany(f => f.Value.Select(v => (f.Key, v)));
        return await SaveAsync(form, command ?? (() => Task.CompletedTask), texts, ct, notice, anchor?.Invoke());
    }

    /// <summary>The form being sent (for the page's own refusals while building the command).</summary>
    private string? _form;

    /// <summary>A list of items with sub-items (one per line) from the form's rows: empty and removed rows are left out; null when too many.</summary>
    private List<ListItem>? Items(string list) =>
        Rows(list, r => Filled(r, "text", "items"))?.Select(r => new ListItem(r.GetValueOrDefault("text") ?? "", SubItems(r.GetValueOrDefault("items")))).ToList();

    /// <summary>The rows of a list sent (in index order), without empty and removed ones; null (with an error) when there are too many.</summary>
    private List<Dictionary<string, string?>>? Rows(string list, Func<Dictionary<string, string?>, bool> filled)
    {
        var rows = ParseRows(Request.Form, list).Where(r => r.GetValueOrDefault("remove") is null && filled(r)).ToList();
        if (rows.Count <= MaxRows) return rows;
        Errors.Add(list, $"Höchstens {MaxRows} Einträge.", _form);
        return null;
    }

    /// <summary>
    /// The rows sent as <c>list[i].name</c>, ordered by index; when a refused form is shown again, the rows that were sent
    /// (so the API's field names like <c>agreements[2].title</c> name the row shown at that place).
    /// </summary>
    private static List<Dictionary<string, string?>> ParseRows(IFormCollection form, string list)
    {
        var rows = new SortedDictionary<int, Dictionary<string, string?>>();
        foreach (var (key, value) in form)
        {
            if (RowKey().Match(key) is not { Success: true } m || m.Groups[1].Value != list) continue;
            if (!int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i > 10 * MaxRows) continue;
            if (!rows.TryGetValue(i, out var row)) rows[i] = row = new Dictionary<string, string?>(StringComparer.Ordinal);
            row[m.Groups[3].Value] = value.ToString();
        }

        return rows.Values.ToList();
    }

    private static bool Filled(Dictionary<string, string?> row, params string[] fields) => fields.Any(f => !string.IsNullOrWhiteSpace(row.GetValueOrDefault(f)));

    /// <summary>Sub-items, one per line; none (not an empty list) when there are none, as the API's JSON leaves them out.</summary>
    private static List<string>? SubItems(string? text) => Lines(text) is { Count: > 0 } lines ? lines : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [GeneratedRegex(@"^([A-Za-z]+)\[(\d{1,5})\]\.([A-Za-z]+)$")]
    private static partial Regex RowKey();

    [GeneratedRegex(@"^votes\[(\d{1,5})\]$")]
    private static partial Regex VotesKey();
}

/// <summary>A row of a list form: the item's text and its sub-items, one per line.</summary>
public sealed record ListRow(string Text, string Items);

/// <summary>A row of the Vereinbarungen form (agreementId null: a new one).</summary>
public sealed record AgreementRow(Guid? AgreementId, string Title, string Kind, string Owner, string PlannedDate, string Status, string Details)
{
    public static readonly AgreementRow Empty = new(null, "", "", "", "", "", "");
}

/// <summary>The model of one list's rows (the partial _ErgebnisListe).</summary>
public sealed record ListEditor(ErgebnisseModel Page, string Form, string List, string Legend, string ItemLabel, IReadOnlyList<ListRow> Rows, bool SubItems = true);
