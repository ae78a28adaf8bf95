using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Questionnaire;
using Wolverine;

using Route = Selbstcheck.Host.Api.Route;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// Closing a round after a confirmation: what is still unanswered (criteria without a submitted
/// answer, respondents who did not submit and what they left open), then the command POST …/close
/// sends. A GET never closes. Once closed, the page shows the round's evaluation and leads to the
/// Standortbestimmung.
/// </summary>
public sealed class AbschliessenModel(IQuerySession session, TimeProvider clock, EndpointDataSource endpoints, IMessageBus bus)
    : RoundPage(session, clock, endpoints)
{
    public const string StandortbestimmungRoute = "/kommunen/{id}/standortbestimmung";

    public IReadOnlyList<RespondentStatus> NotSubmitted => Progress.Respondents.Where(r => !r.Submitted).ToList();

    /// <summary>Respondents who submitted but left criteria without an answer.</summary>
    public IReadOnlyList<RespondentStatus> SubmittedWithGaps => Progress.Respondents.Where(r => r.Submitted && r.Unanswered.Count > 0).ToList();

    public async Task OnGetAsync(CancellationToken ct) => await LoadRoundAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Round = Route.Round(N);
        EvaluationReply? reply = null;
        if (await RunAsync(async () => reply = await bus.InvokeAs<EvaluationReply>(User, new CloseRound(Id, Round), ct)))
        {
            // #14: an interview round is closed with its summaries; nothing is scored.
            return Done(reply?.Evaluation is null ? $"Runde {Round} abgeschlossen." : $"Runde {Round} abgeschlossen und ausgewertet.", "ergebnis");
        }

        await LoadRoundAsync(ct);
        return Page();
    }

    public static string Mean(decimal? mean) => mean is { } m ? m.ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("de-DE")) : "–";
}
