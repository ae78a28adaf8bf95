using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>Record or change a respondent's answers (merged into theirs), by the respondent or on their behalf.</summary>
public sealed record RecordAnswers(string KommuneId, int Round, Guid RespondentId, IReadOnlyList<AnswerInput>? Answers) : IKommuneCommand
{
    public string RoundKey => RoundState.Key(KommuneId, Round);

    public string RespondentKey => RespondentState.Key(KommuneId, RespondentId);
}

public sealed record AnswerInput(string? Criterion, string? Answer, string? Comment = null, string? Evidence = null, long? ExpectedVersion = null);

public sealed record AnswerVersion([PersonalData(false)] string Criterion, long Version);

public sealed record AnswersReply(IReadOnlyList<AnswerVersion> Answers);

public static class RecordAnswersDecision
{
    public const int MaxComment = 2000;

    /// <summary>Anyone but the respondent (through their link) enters answers on their behalf, e.g. from a returned paper form.</summary>
    public static bool OnBehalf(Actor actor) => !actor.Is(Roles.Befragte);

    public static IReadOnlyList<object> Decide(RecordAnswers c, KommuneState kommune, RoundState? round, RespondentState? respondent, CommandContext context)
    {
        var r = RoundState.Require(round, kommune.Id, c.Round);
        var who = RespondentState.Require(respondent, r, c.RespondentId);

        // 400 first, listing every offending element.
        var v = new Validation();
        var answers = c.Answers ?? [];
        if (answers.Count == 0) v.Add("answers", "Mindestens eine Antwort.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            var a = answers[i];
            if (a is null)
            {
                v.Add($"answers[{i}]", "Pflichtfeld.");
                continue;
            }

            if (a.Criterion is null || !r.Criteria.Contains(a.Criterion)) v.Add($"answers[{i}].criterion", $"Kein Kriterium dieser Runde: \"{a.Criterion}\".");
            else if (!seen.Add(a.Criterion)) v.Add($"answers[{i}].criterion", $"Kriterium \"{a.Criterion}\" doppelt.");
            if (Answers.Normalize(a.Answer) is null) v.Add($"answers[{i}].answer", $"Erlaubt: {string.Join(", ", Answers.All)}.");
            if (a.Comment is { Length: > MaxComment }) v.Add($"answers[{i}].comment", $"Höchstens {MaxComment} Zeichen.");
            if (a.Evidence is not null && !(Uri.TryCreate(a.Evidence, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                v.Add($"answers[{i}].evidence", "Ein Link (http oder https).");
            }
        }

        v.ThrowIfInvalid();
        r.MustBeOpen();
        who.MustNotBeSubmitted();

        // 409 naming every stale criterion; nothing is stored.
        var stale = answers.Where(a => a.ExpectedVersion is { } e && e != (who.Answers.GetValueOrDefault(a.Criterion!)?.Version ?? 0)).ToList();
        if (stale.Count > 0)
        {
            throw new Conflict("veraltete-version", "Veraltete Version",
                $"Diese Antworten wurden inzwischen geändert: {string.Join(", ", stale.Select(s => s.Criterion))}.")
            {
                Extensions = new Dictionary<string, object?>
                {
                    ["criteria"] = stale.Select(s => new
                    {
                        criterion = s.Criterion,
                        expectedVersion = s.ExpectedVersion,
                        currentVersion = who.Answers.GetValueOrDefault(s.Criterion!)?.Version ?? 0,
                    }).ToList(),
                },
            };
        }

        var onBehalf = OnBehalf(context.Actor);
        var events = new List<object>();
        foreach (var a in answers)
        {
            var current = who.Answers.GetValueOrDefault(a.Criterion!);
            var answer = Answers.Normalize(a.Answer)!;
            var comment = string.IsNullOrWhiteSpace(a.Comment) ? null : a.Comment.Trim();
            var evidence = string.IsNullOrWhiteSpace(a.Evidence) ? null : a.Evidence.Trim();
            if (current is not null && current.Answer == answer && context.Vault.Holds(current.Comment, comment) && context.Vault.Holds(current.Evidence, evidence)) continue;
            // Comment and evidence may name people: sealed in the personal-data vault.
            events.Add(new AnswerRecorded(kommune.Id, c.Round, c.RespondentId, a.Criterion!, answer,
                comment is null ? null : context.Vault.Seal(kommune.Id, comment), evidence is null ? null : context.Vault.Seal(kommune.Id, evidence),
                onBehalf, (current?.Version ?? 0) + 1));
        }

        context.Limits.Enforce(kommune, events);
        return events;
    }
}

public static class RecordAnswersHandler
{
    public static (AnswersReply, Events) Handle(
        RecordAnswers command, [KommuneStream] KommuneState kommune,
        [Item(nameof(RecordAnswers.RoundKey))] RoundState? round, [Item(nameof(RecordAnswers.RespondentKey))] RespondentState? respondent,
        CommandContext context)
    {
        var events = RecordAnswersDecision.Decide(command, kommune, round, respondent, context);
        var after = events.Aggregate(respondent!, (r, e) => r.Fold(e));
        return (new AnswersReply(command.Answers!.Select(a => new AnswerVersion(a.Criterion!, after.Answers[a.Criterion!].Version)).ToList()), new Events(events));
    }
}
