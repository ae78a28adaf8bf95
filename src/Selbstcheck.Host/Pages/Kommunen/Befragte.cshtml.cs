using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Pages.Befragung;
using Wolverine;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// A respondent's questionnaire answered on the unit's behalf (a returned paper form, say): the same form as
/// the respondent's own pages, the same commands as PUT …/answers and POST …/submit, under their rules —
/// every answer recorded here is marked "im Namen" (the decider's OnBehalf).
/// </summary>
public sealed class BefragteModel(IQuerySession session, IMessageBus bus) : KommunePage
{
    [FromRoute(Name = "n")]
    public string N { get; set; } = "";

    [FromRoute(Name = "rid")]
    public string Rid { get; set; } = "";

    public QuestionnaireEndpoints.QuestionnaireResource Questionnaire { get; private set; } = null!;

    public IReadOnlyList<QuestionnaireForm> Forms { get; private set; } = [];

    public IReadOnlyList<(QuestionnaireEndpoints.QuestionnaireField Field, IReadOnlyList<QuestionnaireEndpoints.QuestionnaireCriterion> Criteria)> Unanswered { get; private set; } = [];

    /// <summary>No forms: audit, a view as of a moment, a submitted questionnaire or a closed round.</summary>
    public bool Locked => ReadOnly || Questionnaire.Submitted || Questionnaire.Closed;

    public async Task OnGetAsync(CancellationToken ct) => await ShowAsync(null, ct);

    public async Task<IActionResult> OnPostFeldAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var form = await Request.ReadFormAsync(ct);
        var field = Questionnaire.Fields.FirstOrDefault(f => f.Field.ToString(CultureInfo.InvariantCulture) == form["feld"]);
        if (field is null) return BadRequest();
        if (await QuestionnaireForm.SaveAsync(this, bus, Id, Questionnaire.Round, RespondentId, field, form, ct))
        {
            return Done("Gespeichert.", QuestionnaireForm.FormName(field.Field));
        }

        await ShowAsync(form, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAbsendenAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (await QuestionnaireForm.SubmitAsync(this, bus, Id, Questionnaire.Round, RespondentId, ct))
        {
            return Done("Im Namen der Stelle abgeschickt.");
        }

        await ShowAsync(null, ct);
        return Page();
    }

    private Guid RespondentId => Api.Route.Respondent(Rid);

    private async Task LoadAsync(CancellationToken ct) =>
        Questionnaire = await QuestionnaireEndpoints.Questionnaire(Id, N, Rid, session, User, ct);

    private async Task ShowAsync(IFormCollection? posted, CancellationToken ct)
    {
        await LoadAsync(ct);
        Unanswered = QuestionnaireForm.Unanswered(Questionnaire);
        Forms = Questionnaire.Fields.Select(f => new QuestionnaireForm
        {
            Questionnaire = Questionnaire, Field = f, Errors = Errors, ReadOnly = Locked, Posted = posted, Handler = "Feld",
        }).ToList();
    }
}
