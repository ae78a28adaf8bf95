using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Kommunen;
using Selbstcheck.Workflow.People;
using Wolverine;

namespace Selbstcheck.Host.Pages.Programm;

/// <summary>
/// #15 H3: one Kommune for the programme team — master data (PUT …/master-data), the facilitator (PUT …/facilitator),
/// the lead office (PUT …/lead-office), units and their addresses (PUT …/units: add, change the address; the API has no
/// renaming) and the Kommune's links: who issued which, until when, revoked when and by whom, revoke (DELETE …/links/{l}).
/// Read through the API's endpoints, written with the same commands. The Kommune's data forms carry its data version.
/// </summary>
public sealed class KommuneModel(IQuerySession session, IMessageBus bus) : SelbstcheckPage, IProgrammPage
{
    public const string MasterDataForm = "stammdaten";
    public const string FacilitatorForm = "prozessbegleitung";
    public const string LeadOfficeForm = "federfuehrung";
    public const string NewUnitForm = "stelle-neu";
    public const string LinksSection = "links";

    /// <summary>The links one page shows (newest first).</summary>
    public const int LinkPageSize = 100;

    [FromRoute(Name = "id")]
    public string Id { get; set; } = "";

    public KommuneResource Kommune { get; private set; } = null!;

    public IReadOnlyList<PersonRecord> Facilitators { get; private set; } = [];

    public string? FacilitatorName { get; private set; }

    public Paged<LinksEndpoints.LinkResource> Links { get; private set; } = new([], 1, LinkPageSize, 0);

    /// <summary>Who issued and who revoked each link (by its id).</summary>
    public IReadOnlyDictionary<Guid, (string IssuedBy, string? RevokedBy)> LinkPeople { get; private set; } = new Dictionary<Guid, (string, string?)>();

    public DateTimeOffset Now { get; private set; }

    /// <summary>What a refused form sent (shown again, except after a stale version: then the current values show).</summary>
    private string? _failedForm;

    private IReadOnlyDictionary<string, string?>? _posted;

    public string? Value(string form, string field, string? current) =>
        _failedForm == form && _posted is not null ? _posted.GetValueOrDefault(field) : current;

    public static string UnitForm(string key) => $"stelle-{key}";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Master data, as PUT /api/kommunen/{id}/master-data.</summary>
    public Task<IActionResult> OnPostStammdatenAsync(string? name, string? kind, string? bundesland, string? cohort, string? startDate, string? ags, long? expectedVersion, CancellationToken ct)
    {
        var posted = new Dictionary<string, string?> { ["name"] = name, ["kind"] = kind, ["bundesland"] = bundesland, ["cohort"] = cohort, ["startDate"] = startDate, ["ags"] = ags };
        return SendAsync(MasterDataForm, posted, "Stammdaten gespeichert.", () =>
        {
            DateOnly? start = null;
            if (!string.IsNullOrWhiteSpace(startDate))
            {
                if (DateOnly.TryParseExact(startDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) start = d;
                else
                {
                    Errors.Add("startDate", "Kein gültiges Datum (TT.MM.JJJJ).", MasterDataForm);
                    return null;
                }
            }

            return () => bus.InvokeAs<KommuneChanged>(User, new ChangeMasterData(Id, name, kind, bundesland, cohort, start, ags, expectedVersion), ct);
        }, ct);
    }

    /// <summary>Assign or change the facilitator, as PUT /api/kommunen/{id}/facilitator.</summary>
    public Task<IActionResult> OnPostProzessbegleitungAsync(string? personId, long? expectedVersion, CancellationToken ct) =>
        SendAsync(FacilitatorForm, new Dictionary<string, string?> { ["personId"] = personId }, "Prozessbegleitung gespeichert.", () =>
        {
            Guid? person = null;
            if (!string.IsNullOrWhiteSpace(personId))
            {
                if (Guid.TryParse(personId, out var p)) person = p;
                else
                {
                    Errors.Add("personId", "Keine gültige Personen-Kennung.", FacilitatorForm);
                    return null;
                }
            }

            return () => bus.InvokeAs<KommuneChanged>(User, new AssignFacilitator(Id, person, expectedVersion), ct);
        }, ct);

    /// <summary>Name the lead office, as PUT /api/kommunen/{id}/lead-office (an unknown unit is added).</summary>
    public Task<IActionResult> OnPostFederfuehrungAsync(string? unit, long? expectedVersion, CancellationToken ct) =>
        SendAsync(LeadOfficeForm, new Dictionary<string, string?> { ["unit"] = unit }, "Federführende Stelle gespeichert.",
            () => () => bus.InvokeAs<KommuneChanged>(User, new NameLeadOffice(Id, unit, expectedVersion), ct), ct);

    /// <summary>Add a unit, as PUT /api/kommunen/{id}/units with version 0 (a unit of that name already there is refused).</summary>
    public Task<IActionResult> OnPostStelleAsync(string? name, string? email, CancellationToken ct) =>
        SendAsync(NewUnitForm, new Dictionary<string, string?> { ["name"] = name, ["email"] = email }, "Stelle hinzugefügt.", () =>
        {
            if (!string.IsNullOrWhiteSpace(name) && Kommune.Units.Any(u => UnitName.Key(u.Name) == UnitName.Key(name)))
            {
                Errors.Add("name", "Diese Stelle gibt es bereits; ihre Adresse in ihrer Zeile ändern.", NewUnitForm);
                return null;
            }

            return () => bus.InvokeAs<UnitReply>(User, new UpsertUnit(Id, name, email, 0), ct);
        }, ct, anchor: "stellen");

    /// <summary>Change (or remove: empty) a unit's address, as PUT /api/kommunen/{id}/units with the unit's version.</summary>
    public async Task<IActionResult> OnPostAdresseAsync(string? key, string? email, long? expectedVersion, CancellationToken ct)
    {
        await LoadAsync(ct);
        var unit = Kommune.Units.FirstOrDefault(u => u.Key == key);
        if (unit is null)
        {
            Errors.Add("email", "Diese Stelle gibt es nicht (mehr). Bitte die Seite neu laden.", UnitForm(key ?? ""));
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        return await SendAsync(UnitForm(unit.Key!), new Dictionary<string, string?> { ["email"] = email }, $"Adresse von „{unit.Name}“ gespeichert.",
            () => () => bus.InvokeAs<UnitReply>(User, new UpsertUnit(Id, unit.Name, email, expectedVersion), ct), ct, anchor: "stellen", loaded: true);
    }

    /// <summary>Revoke a link, as DELETE /api/kommunen/{id}/links/{linkId} (revoking a revoked link changes nothing).</summary>
    public async Task<IActionResult> OnPostWiderrufenAsync(string? linkId, CancellationToken ct)
    {
        if (!Guid.TryParse(linkId, out var link))
        {
            Errors.Add("linkId", "Keine gültige Link-Kennung.", LinksSection);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        if (await RunAsync(() => bus.InvokeAs<LinkRecord>(User, new RevokeLink(Id, link), ct), LinksSection))
        {
            return Done("Link widerrufen.", LinksSection);
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>
    /// Checks the texts (plain text only, as the API's JSON reader), builds the command (null: the page refused an input
    /// already), runs it; success → back to the form's anchor with a notice, a refusal → the page with the errors.
    /// </summary>
    private async Task<IActionResult> SendAsync(
        string form, IReadOnlyDictionary<string, string?> posted, string notice, Func<Func<Task>?> command, CancellationToken ct, string? anchor = null, bool loaded = false)
    {
        if (!loaded) await LoadAsync(ct);
        foreach (var (field, value) in posted)
        {
            if (value is not null && PlainTextConverter.Problem(value) is { } problem) Errors.Add(field, problem, form);
        }

        if (!Errors.Any && command() is { } run && await RunAsync(run, form)) return Done(notice, anchor ?? form);
        if (Response.StatusCode == StatusCodes.Status200OK) Response.StatusCode = StatusCodes.Status400BadRequest;
        _failedForm = form;
        _posted = Errors.Stale ? null : posted;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Kommune = await KommunenEndpoints.Get(Id, session, User, ct);
        Facilitators = await ProgrammPeople.ChoicesAsync(session, ct);
        FacilitatorName = Kommune.FacilitatorId is { } f ? (await ProgrammPeople.NamesAsync(session, [f], ct)).GetValueOrDefault(f, "unbekannt") : null;
        Links = await LinksEndpoints.List(Id, session, null, LinkPageSize.ToString(CultureInfo.InvariantCulture), ct);
        var ids = Links.Items.Select(l => l.Id).ToArray();
        var records = ids.Length == 0 ? [] : await session.Query<LinkRecord>().Where(l => l.Id.IsOneOf(ids)).ToListAsync(ct);
        var who = await ProgrammPeople.UsersAsync(session, User, Id, records.SelectMany(r => new[] { r.CreatedBy, r.RevokedBy }), ct);
        LinkPeople = records.ToDictionary(r => r.Id, r => (Who(who, r.CreatedBy), r.RevokedBy is null ? null : Who(who, r.RevokedBy)));
        Now = HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
    }

    private static string Who(IReadOnlyDictionary<string, string> who, string? user) => user is not null && who.TryGetValue(user, out var w) ? w : "unbekannt";

    /// <summary>"gültig", "abgelaufen" or "widerrufen".</summary>
    public string LinkState(LinksEndpoints.LinkResource link) =>
        link.RevokedAt is not null ? "widerrufen" : link.ExpiresAt <= Now ? "abgelaufen" : "gültig";

    public static string PurposeLabel(string purpose) => purpose switch
    {
        LinkPurposes.Befragung => "Befragungslink",
        LinkPurposes.Kalender => "Kalenderlink",
        LinkPurposes.OffeneBefragung => "Link der offenen Befragung",
        _ => purpose,
    };

    /// <summary>What the link opens, in words: "Kalender der Kommune", "Runde 1, Befragte 0191…", or the subject as stored.</summary>
    public static string SubjectLabel(string subject)
    {
        if (subject.StartsWith("kommune:", StringComparison.Ordinal)) return "Kalender der Kommune";
        var m = System.Text.RegularExpressions.Regex.Match(subject, "^runde-([0-9]+)/(.+)$");
        return m.Success ? $"Runde {m.Groups[1].Value}, Befragte {m.Groups[2].Value}" : subject;
    }
}
