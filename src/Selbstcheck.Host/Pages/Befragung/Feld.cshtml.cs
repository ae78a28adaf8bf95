using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;

namespace Selbstcheck.Host.Pages.Befragung;

/// <summary>One Handlungsfeld of the respondent's questionnaire: saved with the same command as PUT …/answers.</summary>
public sealed class FeldModel(IQuerySession session, IMessageBus bus) : RespondentPage(session)
{
    [FromRoute(Name = "n")]
    public string N { get; set; } = "";

    public QuestionnaireForm Form { get; private set; } = null!;

    public int? Previous { get; private set; }

    public int? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(null, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var field = Questionnaire.Fields.FirstOrDefault(f => f.Field.ToString(System.Globalization.CultureInfo.InvariantCulture) == N);
        if (field is null) return NotFound();
        var form = await Request.ReadFormAsync(ct);
        if (ReadOnly || !await QuestionnaireForm.SaveAsync(this, bus, KommuneId, Round, RespondentId, field, form, ct)) return await ShowAsync(form, ct);
        var next = Questionnaire.Fields.FirstOrDefault(f => f.Field > field.Field);
        if (form.ContainsKey("weiter"))
        {
            Notice = "Gespeichert.";
            return Redirect(next is null ? "/befragung/absenden" : FieldPath(next.Field));
        }

        return Done("Gespeichert.", QuestionnaireForm.FormName(field.Field));
    }

    private async Task<IActionResult> ShowAsync(IFormCollection? posted, CancellationToken ct)
    {
        await LoadAsync(ct);
        var index = Questionnaire.Fields.ToList().FindIndex(f => f.Field.ToString(System.Globalization.CultureInfo.InvariantCulture) == N);
        if (index < 0) return NotFound();
        var field = Questionnaire.Fields[index];
        Previous = index > 0 ? Questionnaire.Fields[index - 1].Field : null;
        Next = index < Questionnaire.Fields.Count - 1 ? Questionnaire.Fields[index + 1].Field : null;
        Form = new QuestionnaireForm
        {
            Questionnaire = Questionnaire, Field = field, Errors = Errors, ReadOnly = ReadOnly, Posted = posted, OfferNext = true,
        };
        return Page();
    }
}
