using System.Globalization;
using Marten;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;

namespace Selbstcheck.Host.Pages.Befragung;

/// <summary>
/// A page of the respondent's own questionnaire: whom it is for comes from the session the link was
/// exchanged for (the access control admitted only that, and checked the link is still valid), never
/// from the address. Reads what GET …/questionnaire returns.
/// </summary>
public abstract class RespondentPage(IQuerySession session) : SelbstcheckPage
{
    public QuestionnaireEndpoints.QuestionnaireResource Questionnaire { get; private set; } = null!;

    protected string KommuneId => Caller!.KommuneId!;

    protected int Round => LinkTokens.ParseRespondentSubject(Caller?.LinkSubject)!.Value.Round;

    protected Guid RespondentId => LinkTokens.ParseRespondentSubject(Caller?.LinkSubject)!.Value.Respondent;

    /// <summary>Submitted or the round closed: answers shown, no forms.</summary>
    public bool ReadOnly => Questionnaire.Submitted || Questionnaire.Closed;

    public int Answered => Questionnaire.Fields.Sum(f => f.Criteria.Count(c => c.Answer is not null));

    public int Total => Questionnaire.Fields.Sum(f => f.Criteria.Count);

    public static string FieldTitle(QuestionnaireEndpoints.QuestionnaireField f) => $"Handlungsfeld {f.Field.ToString(CultureInfo.InvariantCulture)}: {f.Name}";

    public static string FieldPath(int field) => $"{RespondentSession.Path}/feld/{field.ToString(CultureInfo.InvariantCulture)}";

    protected async Task LoadAsync(CancellationToken ct) =>
        Questionnaire = await QuestionnaireEndpoints.Questionnaire(
            KommuneId, Round.ToString(CultureInfo.InvariantCulture), RespondentId.ToString(), session, User, ct);
}
