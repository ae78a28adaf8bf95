using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Kommunen;
using Selbstcheck.Workflow.Questionnaire;
using Wolverine;

using Route = Selbstcheck.Host.Api.Route;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// One round: progress per unit and respondent; forms to add a unit (PUT …/units), a respondent with
/// its link (POST …/respondents) and a respondent's new link (POST …/respondents/{rid}/link) — the
/// same commands. A link's key is shown once, in the answer to the post that issued it (not stored,
/// not redirected to, not cached); reloading the page shows it no more.
/// </summary>
public sealed class RundeModel(IQuerySession session, TimeProvider clock, EndpointDataSource endpoints, IMessageBus bus, SelbstcheckSettings settings)
    : RoundPage(session, clock, endpoints)
{
    public const string UnitForm = "einheit-anlegen";
    public const string RespondentForm = "befragte-hinzufuegen";

    /// <summary>The Kommune's units (names), for the respondent form's select.</summary>
    public IReadOnlyList<string> UnitNames { get; private set; } = [];

    /// <summary>The link just issued (only in the answer to that post), with its absolute address.</summary>
    public QuestionnaireEndpoints.RespondentLink? Issued { get; private set; }

    public string? IssuedUrl { get; private set; }

    /// <summary>Whether the issued link belongs to a respondent added just now (else: a new link replaced the old one).</summary>
    public bool IssuedForNewRespondent { get; private set; }

    // The forms' fields, named as the API's requests name them.
    [BindProperty(Name = "name")]
    public string? UnitName { get; set; }

    [BindProperty(Name = "email")]
    public string? UnitEmail { get; set; }

    [BindProperty(Name = "unit")]
    public string? Unit { get; set; }

    [BindProperty(Name = "dezernat")]
    public string? Dezernat { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>A new unit (expectedVersion 0: only a unit that does not exist yet; an existing one is a conflict, not an overwrite of its address).</summary>
    public async Task<IActionResult> OnPostEinheitAsync(CancellationToken ct)
    {
        if (await RunAsync(() => bus.InvokeAs<UnitReply>(User, new UpsertUnit(Id, UnitName, UnitEmail, 0), ct), UnitForm))
        {
            return Done($"Einheit „{UnitName!.Trim()}“ angelegt.", RespondentForm);
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostBefragteAsync(CancellationToken ct)
    {
        Round = Route.Round(N);
        QuestionnaireEndpoints.RespondentLink? link = null;
        await RunAsync(async () => link = await QuestionnaireEndpoints.AddRespondentWithLink(bus, User, settings, Id, Round, Unit, Dezernat, null, ct), RespondentForm);
        return await ShowIssuedAsync(link, newRespondent: true, ct);
    }

    public async Task<IActionResult> OnPostLinkAsync(string? rid, CancellationToken ct)
    {
        Round = Route.Round(N);
        QuestionnaireEndpoints.RespondentLink? link = null;
        await RunAsync(async () => link = await QuestionnaireEndpoints.IssueNewLink(bus, User, Session, settings, Id, Round, Route.Respondent(rid ?? ""), ct));
        return await ShowIssuedAsync(link, newRespondent: false, ct);
    }

    /// <summary>The page with the link just issued: rendered in this answer, never stored and never cached.</summary>
    private async Task<IActionResult> ShowIssuedAsync(QuestionnaireEndpoints.RespondentLink? link, bool newRespondent, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-cache, no-store";
        if (link is not null)
        {
            Issued = link;
            IssuedUrl = link.Link;
            IssuedForNewRespondent = newRespondent;
            Unit = null;
            Dezernat = null;
        }

        await LoadAsync(ct);
        return Page();
    }

    // ---- #14 open survey: the round's open survey link, respondents outside the administration, interview summaries ----

    public const string OpenSurveyForm = "offene-befragung";
    public const string SummaryForm = "zusammenfassung";

    /// <summary>The open survey link just created (only in the answer to that post).</summary>
    public OpenSurveyEndpoints.OpenSurveyLinkResource? IssuedOpenLink { get; private set; }

    /// <summary>An interview round's summaries (live view only; the texts are personal data, resolved for the caller).</summary>
    public OpenSurveyEndpoints.InterviewSummariesResource? Summaries { get; private set; }

    public bool IsInterview => Progress.Round.Kind == InterviewRounds.Kind;

    public bool IsAdministration => ExternalRespondents.IsAdministration(Progress.Round.ActorGroup);

    [BindProperty(Name = "capacity")]
    public int? Capacity { get; set; }

    [BindProperty(Name = "expiresOn")]
    public DateOnly? ExpiresOn { get; set; }

    [BindProperty(Name = "field")]
    public int? SummaryField { get; set; }

    [BindProperty(Name = "text")]
    public string? SummaryText { get; set; }

    [BindProperty(Name = "expectedVersion")]
    public long? ExpectedVersion { get; set; }

    /// <summary>Creates (or replaces) the round's open survey link — the same as POST …/open-link; the link is shown in this answer only.</summary>
    public async Task<IActionResult> OnPostOffenerLinkAsync(CancellationToken ct)
    {
        Round = Route.Round(N);
        DateTimeOffset? expires = ExpiresOn is { } day ? BerlinTime.ToInstant(day, new TimeOnly(23, 59)) : null;
        OpenSurveyEndpoints.OpenSurveyLinkResource? link = null;
        await RunAsync(async () => link = await OpenSurveyEndpoints.CreateLink(bus, User, settings, Id, Round, Capacity, expires, ct), OpenSurveyForm);
        Response.Headers.CacheControl = "no-cache, no-store";
        IssuedOpenLink = link;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Revokes the round's open survey link — the same command as DELETE …/links/{linkId}.</summary>
    public async Task<IActionResult> OnPostOffenerLinkWiderrufenAsync(CancellationToken ct)
    {
        await LoadRoundAsync(ct);
        if (Progress.OpenSurvey is { } open && await RunAsync(() => bus.InvokeAs<LinkRecord>(User, new RevokeLink(Id, open.LinkId), ct), OpenSurveyForm))
        {
            return Done("Link der offenen Befragung widerrufen.", OpenSurveyForm);
        }

        await LoadAsync(ct);
        return Page();
    }

    public static string SummaryFormOf(int? field) => $"{SummaryForm}-{field}";

    /// <summary>The fields an interview round asks about (from its criteria).</summary>
    public IReadOnlyList<int> InterviewFields =>
        CriterionTexts.Keys.Select(k => int.Parse(k.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToList();

    /// <summary>An interview summary of one field — the same command as PUT …/interview-summaries.</summary>
    public async Task<IActionResult> OnPostZusammenfassungAsync(CancellationToken ct)
    {
        if (await RunAsync(() => bus.InvokeAs<InterviewSummaryReply>(User,
                new RecordInterviewSummary(Id, Route.Round(N), SummaryField, SummaryText, ExpectedVersion), ct), SummaryFormOf(SummaryField)))
        {
            return Done($"Zusammenfassung zu Handlungsfeld {SummaryField} gespeichert.", SummaryFormOf(SummaryField));
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadRoundAsync(ct);
        if (IsInterview && AsOf is null)
        {
            var progress = await Rounds.Progress(Session, Id, Round, ct);
            Summaries = await OpenSurveyEndpoints.SummariesOf(Session, progress, User, ct);
        }

        if (ReadOnly || Progress.Round.Closed) return;
        UnitNames = (await KommunenEndpoints.Units(Id, Session, User, null, "200", ct)).Items.Select(u => u.Name).OrderBy(u => u, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>Where a respondent's answers are entered on their behalf (the questionnaire page).</summary>
    public string AnswerOnBehalfLink(Guid respondent) => $"/kommunen/{Uri.EscapeDataString(Id)}/runden/{Round}/befragte/{respondent}";

    public const string OnBehalfRoute = "/kommunen/{id}/runden/{n}/befragte/{rid}";
}
