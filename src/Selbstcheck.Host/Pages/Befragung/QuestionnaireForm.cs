using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Questionnaire;
using Wolverine;

namespace Selbstcheck.Host.Pages.Befragung;

/// <summary>
/// One Handlungsfeld of a respondent's questionnaire as a form (the partial <c>_Fragebogen</c>): one fieldset
/// per criterion with the four answers and "keine Angabe", a comment and an evidence link, saved with the
/// API's own command (<see cref="RecordAnswers"/>). Shared by the respondent's pages and the
/// Integrationsbüro's page that answers on a unit's behalf.
/// </summary>
public sealed partial class QuestionnaireForm
{
    public required QuestionnaireEndpoints.QuestionnaireResource Questionnaire { get; init; }

    public required QuestionnaireEndpoints.QuestionnaireField Field { get; init; }

    public required FormErrors Errors { get; init; }

    /// <summary>Answers shown, not editable (submitted, the round closed, or a role that changes nothing).</summary>
    public required bool ReadOnly { get; init; }

    /// <summary>The page handler the form posts to (null: the page's OnPost).</summary>
    public string? Handler { get; init; }

    /// <summary>What was posted, shown again after a refusal of input (not after a stale version: then the current values).</summary>
    public IFormCollection? Posted { get; init; }

    /// <summary>Offer "Speichern und weiter" (the respondent's pages, one field per page).</summary>
    public bool OfferNext { get; init; }

    /// <summary>The form's name for the error summary and the inputs' ids: "feld-3".</summary>
    public string FormId => FormName(Field.Field);

    public static string FormName(int field) => $"feld-{field.ToString(CultureInfo.InvariantCulture)}";

    public int Answered => Field.Criteria.Count(c => c.Answer is not null);

    public string Progress => $"{Answered} von {Field.Criteria.Count} beantwortet";

    /// <summary>The error field of a criterion's part ("1.1.answer"), as the summary links it.</summary>
    public static string ErrorField(string criterion, string part) => $"{criterion}.{part}";

    public string InputId(string criterion, string part) => Errors.InputId(ErrorField(criterion, part), FormId);

    public string? Value(QuestionnaireEndpoints.QuestionnaireCriterion c, string part)
    {
        if (Posted is not null && !Errors.Stale && Errors.Form == FormId)
        {
            var posted = Posted[$"{part}-{c.Criterion}"].ToString();
            return posted.Length == 0 ? null : posted;
        }

        return part switch
        {
            AnswerName => c.Answer?.Answer,
            CommentName => c.Answer?.Comment,
            EvidenceName => c.Answer?.Evidence,
            _ => null,
        };
    }

    public const string AnswerName = "antwort";
    public const string CommentName = "kommentar";
    public const string EvidenceName = "beleg";
    public const string VersionName = "version";

    /// <summary>"eher ja" → "Eher ja".</summary>
    public static string Label(string answer) => answer.Length == 0 ? answer : char.ToUpperInvariant(answer[0]) + answer[1..];

    /// <summary>
    /// Reads a field's form and sends the same command as PUT …/answers: every criterion with an answer chosen
    /// (unchanged ones change nothing), each with the version it was shown at. True when saved; otherwise the
    /// refusal is in <paramref name="page"/>'s errors, each message at its criterion.
    /// </summary>
    public static async Task<bool> SaveAsync(
        SelbstcheckPage page, IMessageBus bus, string kommune, int round, Guid respondent, QuestionnaireEndpoints.QuestionnaireField field,
        IFormCollection form, CancellationToken ct)
    {
        var formId = FormName(field.Field);
        var inputs = new List<AnswerInput>();
        var sent = new List<string>();
        foreach (var c in field.Criteria)
        {
            var answer = form[$"{AnswerName}-{c.Criterion}"].ToString();
            var comment = form[$"{CommentName}-{c.Criterion}"].ToString();
            var evidence = form[$"{EvidenceName}-{c.Criterion}"].ToString();
            if (answer.Length == 0)
            {
                if (!string.IsNullOrWhiteSpace(comment) || !string.IsNullOrWhiteSpace(evidence))
                {
                    page.Errors.Add(ErrorField(c.Criterion, "answer"),
                        $"{c.Criterion}: Bitte eine Antwort wählen (auch „Keine Angabe“), damit Kommentar und Beleg gespeichert werden.", formId);
                }

                continue;
            }

            var shown = form[$"{VersionName}-{c.Criterion}"].ToString();
            long? version = null;
            if (long.TryParse(shown, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) version = v;
            else if (shown.Length > 0)
            {
                page.Errors.Add(ErrorField(c.Criterion, "answer"), $"{c.Criterion}: Das Formular ist beschädigt. Bitte die Seite neu laden.", formId);
                continue;
            }

            inputs.Add(new AnswerInput(c.Criterion, answer, NullIfBlank(comment), NullIfBlank(evidence), version));
            sent.Add(c.Criterion);
        }

        if (page.Errors.Any)
        {
            page.Response.StatusCode = 400;
            return false;
        }

        if (inputs.Count == 0)
        {
            page.Errors.Add(ErrorField(field.Criteria[0].Criterion, "answer"), "Bitte mindestens eine Antwort wählen, bevor Sie speichern.", formId);
            page.Response.StatusCode = 400;
            return false;
        }

        try
        {
            await bus.InvokeAs<AnswersReply>(page.User, new RecordAnswers(kommune, round, respondent, inputs), ct);
            return true;
        }
        catch (InvalidInput invalid)
        {
            // "answers[2].evidence" → "1.3.evidence": the message at the criterion's input.
            page.Errors.From(new InvalidInput(invalid.Errors.Select(e => Element().Match(e.Field) is { Success: true } m &&
                                                                           int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is var i && i < sent.Count
                    ? new FieldError(ErrorField(sent[i], m.Groups[2].Value), $"{sent[i]}: {e.Message}")
                    : e).ToList()), formId);
            page.Response.StatusCode = invalid.Status;
            return false;
        }
        catch (DomainProblem problem)
        {
            page.Errors.From(problem, formId);
            page.Response.StatusCode = problem.Status;
            return false;
        }
    }

    /// <summary>Sends the same command as POST …/submit; true when submitted, else the refusal is in the page's errors.</summary>
    public static async Task<bool> SubmitAsync(SelbstcheckPage page, IMessageBus bus, string kommune, int round, Guid respondent, CancellationToken ct)
    {
        try
        {
            await bus.InvokeAs<SubmittedReply>(page.User, new SubmitAnswers(kommune, round, respondent), ct);
            return true;
        }
        catch (DomainProblem problem)
        {
            page.Errors.From(problem, "absenden");
            page.Response.StatusCode = problem.Status;
            return false;
        }
    }

    /// <summary>The criteria still unanswered, by field.</summary>
    public static IReadOnlyList<(QuestionnaireEndpoints.QuestionnaireField Field, IReadOnlyList<QuestionnaireEndpoints.QuestionnaireCriterion> Criteria)> Unanswered(
        QuestionnaireEndpoints.QuestionnaireResource q) =>
        q.Fields.Select(f => (f, (IReadOnlyList<QuestionnaireEndpoints.QuestionnaireCriterion>)f.Criteria.Where(c => c.Answer is null).ToList()))
            .Where(x => x.Item2.Count > 0).ToList();

    private static string? NullIfBlank(string s) => string.IsNullOrWhiteSpace(s) ? null : s;

    [GeneratedRegex(@"^answers\[(\d+)\]\.(\w+)$")]
    private static partial Regex Element();
}
