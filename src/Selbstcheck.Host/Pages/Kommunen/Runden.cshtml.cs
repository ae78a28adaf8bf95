using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Questionnaire;
using Wolverine;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// A Kommune's questionnaire rounds (Fragebogen-Runden): each round with its kind, status, dates and
/// progress, read through the rounds endpoint (or, as of a moment, the state's rounds); and the form
/// that opens a round — the command POST /api/kommunen/{id}/rounds sends.
/// </summary>
public sealed class RundenModel(IQuerySession session, TimeProvider clock, IMessageBus bus) : KommunePage
{
    public const string OpenForm = "runde-oeffnen";

    public string Name { get; private set; } = "";

    public IReadOnlyList<RoundSummary> Rounds { get; private set; } = [];

    /// <summary>The catalogue versions a round can use (the newest first), for the form's selects.</summary>
    public IReadOnlyList<CataloguesEndpoints.CatalogueVersionSummary> Catalogues { get; private set; } = [];

    // The form's fields, named as the API's request names them.
    [BindProperty(Name = "kind")]
    public string? Kind { get; set; } = RoundKinds.Full;

    /// <summary>"catalogue@version" from the select.</summary>
    [BindProperty(Name = "catalogue")]
    public string? Catalogue { get; set; }

    [BindProperty(Name = "actorGroup")]
    public string? ActorGroup { get; set; } = ActorGroups.Verwaltung;

    [BindProperty(Name = "shortForm")]
    public string? ShortForm { get; set; }

    [BindProperty(Name = "deadline")]
    public string? Deadline { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (catalogue, version) = SplitCatalogue(Catalogue);
        DateOnly? deadline = null;
        if (!string.IsNullOrWhiteSpace(Deadline))
        {
            if (DateOnly.TryParseExact(Deadline.Trim(), "yyyy-MM-dd", out var d)) deadline = d;
            else Errors.Add("deadline", "Kein gültiges Datum.", OpenForm);
        }

        RoundOpenedReply? reply = null;
        if (!Errors.Any)
        {
            var shortForm = Kind == RoundKinds.Short ? ShortForm : null;
            await RunAsync(async () => reply = await bus.InvokeAs<RoundOpenedReply>(User,
                new OpenRound(Id, Kind, catalogue, version, ActorGroup, shortForm, deadline), ct), OpenForm);
        }

        if (reply is null)
        {
            if (Response.StatusCode == StatusCodes.Status200OK) Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        Notice = $"Runde {reply.Round} geöffnet.";
        return Redirect($"/kommunen/{Uri.EscapeDataString(Id)}/runden/{reply.Round}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadAsOfAsync(session, clock, ct);
        if (AsOf is { } state)
        {
            Name = state.Kommune.Name;
            Rounds = state.Rounds.Select(r => r.Progress.Round).ToList();
            return;
        }

        Name = (await KommunenEndpoints.Get(Id, session, User, ct)).Name;
        Rounds = (await QuestionnaireEndpoints.List(Id, session, null, "200", ct)).Items;
        if (ReadOnly) return;
        Catalogues = (await CataloguesEndpoints.List(session, null, "200", ct)).Items.OrderByDescending(c => c.ImportedAt).ToList();
        // Default: the newest version of the programme's catalogue; another imported catalogue is chosen on purpose.
        Catalogue ??= Catalogues.Where(c => c.Catalogue == Workflow.Questionnaire.Catalogue.Programme).Concat(Catalogues).Select(CatalogueValue).FirstOrDefault();
    }

    public static string CatalogueValue(CataloguesEndpoints.CatalogueVersionSummary c) => $"{c.Catalogue}@{c.Version}";

    private static (string? Catalogue, string? Version) SplitCatalogue(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return (null, null);
        var at = value.LastIndexOf('@');
        return at <= 0 ? (value.Trim(), null) : (value[..at], value[(at + 1)..]);
    }

    public static string KindLabel(string kind, string? shortForm) =>
        kind == RoundKinds.Short ? $"Kurzbefragung{(shortForm is null ? "" : $" ({shortForm})")}"
        : kind == InterviewRounds.Kind ? "Qualitative Interviews (Zusammenfassungen je Handlungsfeld, ohne Bewertung)" // #14
        : "Vollständige Befragung";

    public static string Status(RoundSummary r) => r.Closed ? "geschlossen" : "geöffnet";
}
