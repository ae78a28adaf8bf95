using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Kommunen;
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

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadRoundAsync(ct);
        if (ReadOnly || Progress.Round.Closed) return;
        UnitNames = (await KommunenEndpoints.Units(Id, Session, User, null, "200", ct)).Items.Select(u => u.Name).OrderBy(u => u, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>Where a respondent's answers are entered on their behalf (the questionnaire page).</summary>
    public string AnswerOnBehalfLink(Guid respondent) => $"/kommunen/{Uri.EscapeDataString(Id)}/runden/{Round}/befragte/{respondent}";

    public const string OnBehalfRoute = "/kommunen/{id}/runden/{n}/befragte/{rid}";
}
