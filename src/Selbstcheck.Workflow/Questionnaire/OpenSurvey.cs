using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Workflow.Questionnaire;

// #14 open survey: one link per round for a group of many people. The link (its record and token) is
// the Host's (Access/OpenSurveyLinks.cs); what the round allows is decided here.

/// <summary>
/// Create (or replace) the round's open survey link: up to <paramref name="Capacity"/> anonymous
/// responses until <paramref name="ExpiresAt"/>. Ids and the token's hash are minted by the caller.
/// </summary>
public sealed record CreateOpenSurveyLink(string KommuneId, int Round, Guid LinkId, string Hash, int? Capacity, DateTimeOffset? ExpiresAt) : IKommuneCommand
{
    public string RoundKey => RoundState.Key(KommuneId, Round);
}

/// <summary>
/// Start an anonymous response through the round's open survey link. <paramref name="SessionRespondentId"/>:
/// the response the browser session already holds for this link, if any (one response per session).
/// <paramref name="NewRespondentId"/> is minted by the server.
/// </summary>
public sealed record StartOpenResponse(string KommuneId, int Round, Guid LinkId, Guid NewRespondentId, Guid? SessionRespondentId) : IKommuneCommand
{
    public string RoundKey => RoundState.Key(KommuneId, Round);
}

public sealed record OpenResponseReply(Guid RespondentId, bool Started);

public static class OpenSurveyDecision
{
    /// <summary>The round's link: an open round that is not an interview round; capacity 1…<see cref="OpenSurvey.MaxCapacity"/>, expiry within <see cref="OpenSurvey.MaxValidity"/>.</summary>
    public static OpenSurveyLinkCreated Create(
        CreateOpenSurveyLink c, KommuneState kommune, RoundState? round, int defaultCapacity, TimeSpan defaultValidity, CommandContext context)
    {
        var capacity = c.Capacity ?? defaultCapacity;
        var expires = c.ExpiresAt ?? context.Now.Add(defaultValidity);
        var v = new Validation();
        if (capacity is < 1 or > OpenSurvey.MaxCapacity) v.Add("capacity", $"Zwischen 1 und {OpenSurvey.MaxCapacity} Antworten.");
        if (expires <= context.Now) v.Add("expiresAt", "Liegt in der Vergangenheit.");
        else if (expires > context.Now.Add(OpenSurvey.MaxValidity)) v.Add("expiresAt", $"Höchstens {OpenSurvey.MaxValidity.TotalDays:0} Tage ab heute.");
        v.ThrowIfInvalid();

        var r = RoundState.Require(round, kommune.Id, c.Round);
        if (r.IsInterview)
        {
            throw new RuleViolation("interview-runde", "Interviewrunde ohne Befragte",
                $"Runde {r.Number} ist eine Interviewrunde; eine offene Befragung gibt es dort nicht.");
        }

        r.MustBeOpen();
        if (capacity < r.OpenResponses)
        {
            throw new InvalidInput([new FieldError("capacity", $"Mindestens {r.OpenResponses}: so viele Antworten der offenen Befragung sind schon begonnen.")]);
        }

        return new OpenSurveyLinkCreated(kommune.Id, r.Number, c.LinkId, capacity, expires);
    }

    /// <summary>
    /// A new anonymous response — or none when the browser session already holds one of this round's link
    /// (one response per session: the same response goes on). Refused when the link is not the round's
    /// current one or was revoked, has expired, the round is closed, or the round's capacity is reached.
    /// </summary>
    public static IReadOnlyList<object> Start(StartOpenResponse c, KommuneState kommune, RoundState? round, RespondentState? sessionResponse, bool linkRevoked, CommandContext context)
    {
        var r = RoundState.Require(round, kommune.Id, c.Round);
        if (linkRevoked || r.OpenLinkId != c.LinkId)
        {
            throw new RuleViolation("offene-befragung-widerrufen", "Link der offenen Befragung widerrufen",
                "Dieser Link zur offenen Befragung wurde widerrufen oder durch einen neuen ersetzt.");
        }

        r.MustBeOpen();
        if (sessionResponse is not null && sessionResponse.Round == r.Number) return [];
        if (r.OpenExpiresAt is { } expires && expires <= context.Now)
        {
            throw new RuleViolation("offene-befragung-abgelaufen", "Offene Befragung abgelaufen",
                $"Der Link zur offenen Befragung von Runde {r.Number} ist seit {expires:yyyy-MM-dd HH:mm} UTC abgelaufen.");
        }

        if (r.OpenResponses >= r.OpenCapacity)
        {
            throw new RuleViolation("offene-befragung-voll", "Offene Befragung voll",
                $"Die offene Befragung von Runde {r.Number} hat ihre Höchstzahl von {r.OpenCapacity} Antworten erreicht.")
            {
                Extensions = new Dictionary<string, object?> { ["capacity"] = r.OpenCapacity },
            };
        }

        IReadOnlyList<object> events = [new OpenResponseStarted(kommune.Id, r.Number, c.NewRespondentId, c.LinkId)];
        context.Limits.Enforce(kommune, events);
        return events;
    }
}

/// <summary>What interview rounds refuse (#14): they have summaries, not answers, and are not scored.</summary>
public static class InterviewRules
{
    public static void MustBeScored(RoundState round)
    {
        if (round.IsInterview)
        {
            throw new RuleViolation("interview-runde", "Interviewrunde wird nicht bewertet",
                $"Runde {round.Number} ist eine Interviewrunde: Ihre Ergebnisse sind Zusammenfassungen je Handlungsfeld; sie werden nicht bewertet.");
        }
    }
}
