using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Api;
using Wolverine;

namespace Selbstcheck.Host.Pages.Befragung;

/// <summary>Check before submitting: what is still unanswered; submitting sends the same command as POST …/submit.</summary>
public sealed class AbsendenModel(IQuerySession session, IMessageBus bus) : RespondentPage(session)
{
    public IReadOnlyList<(QuestionnaireEndpoints.QuestionnaireField Field, IReadOnlyList<QuestionnaireEndpoints.QuestionnaireCriterion> Criteria)> Unanswered { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Unanswered = QuestionnaireForm.Unanswered(Questionnaire);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await QuestionnaireForm.SubmitAsync(this, bus, KommuneId, Round, RespondentId, ct))
        {
            Notice = "Abgeschickt. Vielen Dank für Ihre Antworten!";
            return Redirect("/befragung");
        }

        await OnGetAsync(ct);
        return Page();
    }
}
