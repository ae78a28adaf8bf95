using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;
using Selbstcheck.Workflow.People;
using Wolverine;

namespace Selbstcheck.Host.Pages.Programm;

/// <summary>
/// #15 H3: the programme team's Kommunen — the list read through the API's list (GET /api/kommunen with its filters
/// cohort, facilitator, Land, phase; the name filter on the page), and the registration (the same command as
/// POST /api/kommunen). The id is proposed from the name (<see cref="KommuneId.FromName"/>: "Öhringen" → "oehringen"):
/// "Kennung vorschlagen" shows it before registering; an empty id registers under the proposal, and the notice names it.
/// </summary>
public sealed class KommunenModel(IQuerySession session, IMessageBus bus) : SelbstcheckPage, IProgrammPage
{
    public const string RegisterForm = "registrieren";

    /// <summary>The most Kommunen one page lists (the API's largest page); the filters narrow it.</summary>
    public const int PageSize = 200;

    private static readonly StringComparer German = StringComparer.Create(CultureInfo.GetCultureInfo("de-DE"), ignoreCase: true);

    public Paged<KommuneResource> Kommunen { get; private set; } = new([], 1, PageSize, 0);

    public IReadOnlyList<KommuneResource> Lines { get; private set; } = [];

    public IReadOnlyList<string> Cohorts { get; private set; } = [];

    public IReadOnlyList<PersonRecord> Facilitators { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> FacilitatorNames { get; private set; } = new Dictionary<Guid, string>();

    // Filters (in the address, so a view can be bookmarked).
    [BindProperty(SupportsGet = true, Name = "suche")]
    public string? Search { get; set; }

    /// <summary>A cohort label, or "keine" for the Kommunen without one.</summary>
    [BindProperty(SupportsGet = true, Name = "jahrgang")]
    public string? CohortFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "land")]
    public string? LandFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "phase")]
    public string? PhaseFilter { get; set; }

    /// <summary>A facilitator's person id, or "keine" for the Kommunen without one.</summary>
    [BindProperty(SupportsGet = true, Name = "prozessbegleitung")]
    public string? FacilitatorFilter { get; set; }

    // The registration form (field names as the API's JSON).
    [BindProperty(Name = "name")]
    public string? Name { get; set; }

    [BindProperty(Name = "id")]
    public string? NewId { get; set; }

    [BindProperty(Name = "kind")]
    public string? Kind { get; set; }

    [BindProperty(Name = "bundesland")]
    public string? Land { get; set; }

    [BindProperty(Name = "cohort")]
    public string? Cohort { get; set; }

    [BindProperty(Name = "startDate")]
    public string? StartDate { get; set; }

    [BindProperty(Name = "ags")]
    public string? Ags { get; set; }

    /// <summary>The id proposed for the name entered (after "Kennung vorschlagen"), shown beside the id field.</summary>
    public string? Proposal { get; private set; }

    public bool Filtered => !string.IsNullOrWhiteSpace(Search) || !string.IsNullOrEmpty(CohortFilter) || !string.IsNullOrEmpty(LandFilter)
                            || !string.IsNullOrEmpty(PhaseFilter) || !string.IsNullOrEmpty(FacilitatorFilter);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Shows the id proposed for the name entered, in the id field; registers nothing.</summary>
    public async Task<IActionResult> OnPostVorschlagAsync(CancellationToken ct)
    {
        if (TextProblems()) Response.StatusCode = StatusCodes.Status400BadRequest;
        else if (string.IsNullOrWhiteSpace(Name)) Errors.Add("name", "Pflichtfeld: aus dem Namen wird die Kennung gebildet.", RegisterForm);
        else if (KommuneId.FromName(Name) is { Length: > 0 } proposal)
        {
            Proposal = proposal;
            NewId = proposal;
            ModelState.Remove("id");
        }
        else Errors.Add("id", "Aus diesem Namen lässt sich keine Kennung bilden; bitte selbst eine angeben.", RegisterForm);

        if (Errors.Any) Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Registers the Kommune as POST /api/kommunen does; without an id, under the id proposed from the name.</summary>
    public async Task<IActionResult> OnPostRegistrierenAsync(CancellationToken ct)
    {
        DateOnly? start = null;
        if (!TextProblems())
        {
            if (!string.IsNullOrWhiteSpace(StartDate))
            {
                if (DateOnly.TryParseExact(StartDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) start = d;
                else Errors.Add("startDate", "Kein gültiges Datum (TT.MM.JJJJ).", RegisterForm);
            }
        }

        var id = string.IsNullOrWhiteSpace(NewId) ? (Name is null ? null : KommuneId.FromName(Name)) : NewId.Trim();
        KommuneRegisteredReply? reply = null;
        if (!Errors.Any)
        {
            var command = new RegisterKommune(id, Name, Kind, Land,
                string.IsNullOrWhiteSpace(Cohort) ? null : Cohort.Trim(), start, string.IsNullOrWhiteSpace(Ags) ? null : Ags.Trim());
            await RunAsync(async () => reply = await bus.InvokeAs<KommuneRegisteredReply>(User, command, ct), RegisterForm);
        }

        if (reply is null)
        {
            if (Response.StatusCode == StatusCodes.Status200OK) Response.StatusCode = StatusCodes.Status400BadRequest;
            // The id tried (also a proposal) stays in the field, to be corrected.
            NewId = id;
            ModelState.Remove("id");
            await LoadAsync(ct);
            return Page();
        }

        Notice = $"Kommune „{Name!.Trim()}“ registriert, Kennung „{reply.Id}“.";
        return Redirect($"/programm/kommunen/{Uri.EscapeDataString(reply.Id)}");
    }

    /// <summary>Plain text only, as the API's JSON reader has it; true when a field was refused.</summary>
    private bool TextProblems()
    {
        foreach (var (field, value) in new[] { ("name", Name), ("id", NewId), ("kind", Kind), ("bundesland", Land), ("cohort", Cohort), ("startDate", StartDate), ("ags", Ags) })
        {
            if (value is not null && PlainTextConverter.Problem(value) is { } problem) Errors.Add(field, problem, RegisterForm);
        }

        return Errors.Any;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Cohorts = (await KommunenEndpoints.Cohorts(session, null, "200", ct)).Items.Select(c => c.Label).ToList();
        Facilitators = await ProgrammPeople.ChoicesAsync(session, ct);

        // The API's filters where it has them; an unknown value shows the API's refusal above the list.
        string? cohort = string.IsNullOrEmpty(CohortFilter) ? null : CohortFilter;
        string? facilitator = string.IsNullOrEmpty(FacilitatorFilter) || FacilitatorFilter == "keine" ? null : FacilitatorFilter;
        string? land = string.IsNullOrEmpty(LandFilter) ? null : LandFilter;
        string? phase = string.IsNullOrEmpty(PhaseFilter) ? null : PhaseFilter;
        try
        {
            Kommunen = await KommunenEndpoints.List(User, session, null, PageSize.ToString(CultureInfo.InvariantCulture), cohort, facilitator, land, phase, ct);
        }
        catch (DomainProblem problem) when (problem is InvalidInput)
        {
            Errors.From(problem, "filter");
            Kommunen = new Paged<KommuneResource>([], 1, PageSize, 0);
        }

        IEnumerable<KommuneResource> lines = Kommunen.Items;
        if (FacilitatorFilter == "keine") lines = lines.Where(k => k.FacilitatorId is null);
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var search = Search.Trim();
            lines = lines.Where(k => k.Name.Contains(search, StringComparison.CurrentCultureIgnoreCase) || k.Id.Contains(search, StringComparison.OrdinalIgnoreCase));
        }

        Lines = lines.OrderBy(k => k.Name, German).ThenBy(k => k.Id, StringComparer.Ordinal).ToList();
        FacilitatorNames = await ProgrammPeople.NamesAsync(session, Lines.Select(k => k.FacilitatorId), ct);
    }

    public string FacilitatorName(Guid? id) => id is { } p ? FacilitatorNames.GetValueOrDefault(p, "unbekannt") : "–";

    /// <summary>The list's address with the filters.</summary>
    public string FilterLink(string? cohort = null) => QueryHelpers.AddQueryString("/programm/kommunen",
        new Dictionary<string, string?> { ["jahrgang"] = cohort }.Where(q => q.Value is not null));

    public static IReadOnlyList<Phase> Phases => Enum.GetValues<Phase>();
}
