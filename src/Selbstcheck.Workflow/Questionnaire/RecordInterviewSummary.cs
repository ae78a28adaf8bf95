using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>#14: record (or replace) the summary of the qualitative interviews on one field of an interview round.</summary>
public sealed record RecordInterviewSummary(string KommuneId, int Round, int? Field, string? Text, long? ExpectedVersion) : IKommuneCommand
{
    public string RoundKey => RoundState.Key(KommuneId, Round);
}

public sealed record InterviewSummaryReply(int Field, long Version);

public static class RecordInterviewSummaryDecision
{
    public static IReadOnlyList<object> Decide(RecordInterviewSummary c, string kommune, RoundState? round, CommandContext context)
    {
        var r = RoundState.Require(round, kommune, c.Round);
        var v = new Validation()
            .Require(!string.IsNullOrWhiteSpace(c.Text) && c.Text.Length <= InterviewRounds.MaxSummary, "text", $"Pflichtfeld, höchstens {InterviewRounds.MaxSummary} Zeichen.");
        if (c.Field is not { } f) v.Add("field", "Pflichtfeld: die Nummer des Handlungsfelds.");
        else if (!r.FieldNumbers.Contains(f)) v.Add("field", $"Handlungsfeld {f} gehört nicht zu dieser Runde.");
        v.ThrowIfInvalid();
        if (!r.IsInterview)
        {
            throw new RuleViolation("keine-interview-runde", "Keine Interviewrunde",
                $"Runde {c.Round} ist keine Interviewrunde; ihre Ergebnisse sind Antworten von Befragten.")
            {
                Alternatives = ["Eine Interviewrunde eröffnen (POST …/rounds mit kind \"interview\")."],
            };
        }

        r.MustBeOpen();
        var current = r.InterviewSummaries.GetValueOrDefault(c.Field!.Value);
        ItemVersion.Check($"Zusammenfassung zu Handlungsfeld {c.Field}", c.ExpectedVersion, current);
        // Interviews may name people: the text is sealed in the personal-data vault.
        return [new InterviewSummaryRecorded(kommune, c.Round, c.Field.Value, context.Vault.Seal(kommune, c.Text!.Trim()), current + 1)];
    }
}

public static class RecordInterviewSummaryHandler
{
    public static (InterviewSummaryReply, Events) Handle(
        RecordInterviewSummary command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordInterviewSummary.RoundKey))] RoundState? round,
        CommandContext context)
    {
        var events = RecordInterviewSummaryDecision.Decide(command, kommune.Id, round, context);
        var recorded = events.OfType<InterviewSummaryRecorded>().Single();
        return (new InterviewSummaryReply(recorded.Field, recorded.Version), new Events(events));
    }
}
