using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>Evaluate a closed round again under another scoring scheme — a new event, never a rewrite.</summary>
public sealed record Reevaluate(string KommuneId, int Round, string? Scheme, string? SchemeVersion) : IKommuneCommand
{
    public string RoundKey => RoundState.Key(KommuneId, Round);
}

public static class ReevaluateDecision
{
    public static void Validate(Reevaluate c) =>
        new Validation()
            .Require(!string.IsNullOrWhiteSpace(c.Scheme), "scheme", "Pflichtfeld.")
            .Require(!string.IsNullOrWhiteSpace(c.SchemeVersion), "schemeVersion", "Pflichtfeld.")
            .ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(Reevaluate c, string kommune, RoundState? round, RoundEvaluationInputs inputs)
    {
        Validate(c);
        var r = RoundState.Require(round, kommune, c.Round);
        InterviewRules.MustBeScored(r);
        if (!r.Closed)
        {
            throw new RuleViolation("runde-offen", "Befragungsrunde noch offen", $"Runde {c.Round} ist noch offen; bewertet wird beim Schließen.")
            {
                Alternatives = [$"Runde schließen (POST …/rounds/{c.Round}/close)."],
            };
        }

        return [new RoundEvaluated(kommune, c.Round, EvaluationReasons.Rescored, inputs.Evaluate(r))];
    }
}

public static class ReevaluateHandler
{
    public static async Task<(EvaluationReply, Events)> Handle(
        Reevaluate command, [KommuneStream] KommuneState kommune, [Item(nameof(Reevaluate.RoundKey))] RoundState? round,
        IDocumentSession session, CancellationToken ct)
    {
        // Bad input and an unknown round answer before the scheme is looked up.
        ReevaluateDecision.Validate(command);
        var r = RoundState.Require(round, kommune.Id, command.Round);
        var inputs = await RoundEvaluationInputs.LoadAsync(session, r, command.Scheme!, command.SchemeVersion!, ct);
        var events = ReevaluateDecision.Decide(command, kommune.Id, r, inputs);
        return (EvaluationReply.From(events), new Events(events));
    }
}
