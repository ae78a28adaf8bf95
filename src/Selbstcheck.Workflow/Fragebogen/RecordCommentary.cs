using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Teilnahme;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Fragebogen;

/// <summary>The facilitator's written commentary on one field of an evaluated round, or (Field null) on the whole.</summary>
public sealed record RecordCommentary(string KommuneId, int Round, int? Field, string? Text, long? ExpectedVersion) : IKommuneCommand;

public sealed record CommentaryReply(int? Field, long Version);

public static class RecordCommentaryDecision
{
    public const int MaxLength = 8000;

    public static IReadOnlyList<object> Decide(RecordCommentary c, KommuneJourney state)
    {
        var round = RoundRules.Round(state, c.Round);
        var v = new Validation()
            .Require(!string.IsNullOrWhiteSpace(c.Text) && c.Text.Length <= MaxLength, "text", $"Pflichtfeld, höchstens {MaxLength} Zeichen.");
        if (c.Field is { } f && !round.FieldNumbers.Contains(f)) v.Add("field", $"Handlungsfeld {f} gehört nicht zu dieser Runde.");
        v.ThrowIfInvalid();
        if (!round.Evaluated)
        {
            throw new RuleViolation("runde-nicht-ausgewertet", "Befragungsrunde noch nicht ausgewertet",
                $"Runde {c.Round} ist noch nicht ausgewertet; kommentiert wird die Auswertung.")
            {
                Alternatives = [$"Runde schließen (POST …/rounds/{c.Round}/close)."],
            };
        }

        var current = round.Commentary.GetValueOrDefault(c.Field ?? 0);
        ItemVersion.Check(c.Field is null ? "Gesamtkommentar" : $"Kommentar zu Handlungsfeld {c.Field}", c.ExpectedVersion, current);
        return [new CommentaryRecorded(state.Id, c.Round, c.Field, c.Text!.Trim(), current + 1)];
    }
}

public static class RecordCommentaryHandler
{
    public static (CommentaryReply, Events) Handle(
        RecordCommentary command,
        [WriteAggregate(nameof(RecordCommentary.KommuneId))] KommuneJourney journey)
    {
        var events = RecordCommentaryDecision.Decide(command, journey);
        var recorded = (CommentaryRecorded)events[0];
        return (new CommentaryReply(recorded.Field, recorded.Version), new Events(events));
    }
}
