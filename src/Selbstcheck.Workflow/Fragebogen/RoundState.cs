using System.Collections.Immutable;

namespace Selbstcheck.Workflow.Fragebogen;

/// <summary>What decisions about one round need to know.</summary>
public sealed record RoundState
{
    public int Number { get; init; }

    public string Kind { get; init; } = RoundKinds.Full;

    public string CatalogueId { get; init; } = "";

    public string CatalogueVersion { get; init; } = "";

    public string ActorGroup { get; init; } = "";

    public ImmutableArray<string> Criteria { get; init; } = [];

    /// <summary>The fields the round's criteria belong to (the part of the criterion id before the dot).</summary>
    public ImmutableHashSet<int> FieldNumbers { get; init; } = ImmutableHashSet<int>.Empty;

    public bool Closed { get; init; }

    public bool Evaluated { get; init; }

    /// <summary>The scheme of the latest evaluation (a consensus re-evaluation keeps it).</summary>
    public string SchemeId { get; init; } = ScoringScheme.Standard.Id;

    public string SchemeVersion { get; init; } = ScoringScheme.Standard.Version;

    public ImmutableDictionary<Guid, RespondentState> Respondents { get; init; } = ImmutableDictionary<Guid, RespondentState>.Empty;

    public ImmutableDictionary<string, ConsensusState> Consensus { get; init; } = ImmutableDictionary<string, ConsensusState>.Empty;

    /// <summary>Commentary versions by field (0 = overall).</summary>
    public ImmutableDictionary<int, long> Commentary { get; init; } = ImmutableDictionary<int, long>.Empty;

    public static RoundState Create(RoundOpened e) => new()
    {
        Number = e.Round,
        Kind = e.Kind,
        CatalogueId = e.CatalogueId,
        CatalogueVersion = e.CatalogueVersion,
        ActorGroup = e.ActorGroup,
        Criteria = [.. e.Criteria],
        FieldNumbers = e.Fields?.ToImmutableHashSet() ?? ImmutableHashSet<int>.Empty,
    };

    public RoundState Apply(object e) => e switch
    {
        RespondentAdded r => this with { Respondents = Respondents.Add(r.RespondentId, new RespondentState(r.RespondentId, r.Unit)) },
        AnswerRecorded a => this with
        {
            Respondents = Respondents.SetItem(a.RespondentId, Respondents[a.RespondentId] with
            {
                Answers = Respondents[a.RespondentId].Answers.SetItem(a.Criterion, new AnswerState(a.Answer, a.Comment, a.Evidence, a.Version)),
            }),
        },
        AnswersSubmitted s => this with { Respondents = Respondents.SetItem(s.RespondentId, Respondents[s.RespondentId] with { Submitted = true }) },
        ConsensusRecorded c => this with { Consensus = Consensus.SetItem(c.Criterion, new ConsensusState(c.Answer, c.Version)) },
        RoundClosed => this with { Closed = true },
        RoundEvaluated r => this with { Evaluated = true, SchemeId = r.Evaluation.SchemeId, SchemeVersion = r.Evaluation.SchemeVersion },
        CommentaryRecorded c => this with { Commentary = Commentary.SetItem(c.Field ?? 0, c.Version) },
        _ => this,
    };

    public IReadOnlyList<SubmittedAnswer> SubmittedAnswers() =>
        Respondents.Values.Where(r => r.Submitted)
            .SelectMany(r => r.Answers.Select(a => new SubmittedAnswer(r.Id, a.Key, a.Value.Answer)))
            .ToList();

    public IReadOnlyDictionary<string, string> ConsensusAnswers() => Consensus.ToDictionary(c => c.Key, c => c.Value.Answer);
}

public sealed record RespondentState(Guid Id, string Unit)
{
    public bool Submitted { get; init; }

    public ImmutableDictionary<string, AnswerState> Answers { get; init; } = ImmutableDictionary<string, AnswerState>.Empty;
}

public sealed record AnswerState(string Answer, string? Comment, string? Evidence, long Version);

public sealed record ConsensusState(string Answer, long Version);
