using JasperFx.Events;
using Marten.Events.Aggregation;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Projections.MaturityOverview;

/// <summary>
/// "Where does the Kommune stand, and how did it move?" — per Kommune: every round with its latest
/// evaluation and commentary, and per field the change against the previous evaluated round of
/// the same actor group.
/// </summary>
public sealed class MaturityOverview
{
    [PersonalData(false)] public string Id { get; set; } = "";

    public List<RoundMaturity> Rounds { get; set; } = [];
}

public sealed class RoundMaturity : IEvaluatedRound
{
    public int Round { get; set; }

    [PersonalData(false)] public string Kind { get; set; } = "";

    [PersonalData(false)] public string? ShortForm { get; set; }

    [PersonalData(false)] public string ActorGroup { get; set; } = "";

    public DateTimeOffset OpenedAt { get; set; }

    public bool Closed { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public Evaluation? Evaluation { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEvaluated => Evaluation is not null;

    [PersonalData(false)] public string? EvaluationReason { get; set; }

    public DateTimeOffset? EvaluatedAt { get; set; }

    /// <summary>How many evaluations this round has had (1 on close, +1 per consensus or re-scoring).</summary>
    public int Evaluations { get; set; }

    /// <summary>Commentary by field number; 0 is the overall assessment.</summary>
    [PersonalData(false)] public Dictionary<int, string> Commentary { get; set; } = [];

    /// <summary>Round number this one is compared with (same actor group), if any.</summary>
    public int? ComparedWith { get; set; }

    /// <summary>Per field key: change of the display mean and of the level against <see cref="ComparedWith"/>.</summary>
    public Dictionary<string, FieldDelta> Deltas { get; set; } = [];

    // #14 seed exactness: which criteria rest on reconstructed answers, and the units that contributed.

    /// <summary>Criteria whose answers (of some respondent) were reconstructed, not documented: shown as "rekonstruiert".</summary>
    [PersonalData(false)] public List<string> Reconstructed { get; set; } = [];

    /// <summary>Units that worked on a respondent's answers, by that respondent's unit (e.g. "Interne Steuerungsgruppe").</summary>
    [PersonalData(false)] public Dictionary<string, List<ContributingUnit>> Contributors { get; set; } = [];

    public bool IsReconstructed(string criterion) => Reconstructed.Contains(criterion);
}

public sealed class FieldDelta
{
    public decimal? Mean { get; set; }

    public int? Level { get; set; }
}

public partial class MaturityOverviewProjection : SingleStreamProjection<MaturityOverview, string>
{
    /// <summary>The events the overview reads (the others of the stream never reach it, as with conventional methods).</summary>
    public MaturityOverviewProjection()
    {
        IncludeType<RoundOpened>();
        IncludeType<RoundClosed>();
        IncludeType<RoundEvaluated>();
        IncludeType<CommentaryRecorded>();
        // #14 seed exactness
        IncludeType<AnswersMarkedReconstructed>();
        IncludeType<ContributorsRecorded>();
    }

    /// <summary>Marten calls the one evolve function below; so does the as-of replay (<see cref="Replay.JourneyReplay"/>).</summary>
    public override MaturityOverview? Evolve(MaturityOverview? snapshot, string id, IEvent e) => Evolve(snapshot, e);

    /// <summary>One event applied to the Kommune's rounds and evaluations: pure (no I/O, no clock). Before the first round nothing exists.</summary>
    public static MaturityOverview? Evolve(MaturityOverview? view, IEvent e)
    {
        if (view is null) return e is IEvent<RoundOpened> first ? Created(first) : null;
        switch (e)
        {
            case IEvent<RoundOpened> opened: On(opened, view); break;
            case IEvent<RoundClosed> closed: On(closed, view); break;
            case IEvent<RoundEvaluated> evaluated: On(evaluated, view); break;
            case IEvent<CommentaryRecorded> commentary: On(commentary.Data, view); break;
            case IEvent<AnswersMarkedReconstructed> marked: On(marked.Data, view); break;
            case IEvent<ContributorsRecorded> contributors: On(contributors.Data, view); break;
        }

        return view;
    }

    private static MaturityOverview Created(IEvent<RoundOpened> e) => On(e, new MaturityOverview { Id = e.Data.KommuneId });

    private static MaturityOverview On(IEvent<RoundOpened> e, MaturityOverview view)
    {
        view.Rounds.Add(new RoundMaturity
        {
            Round = e.Data.Round,
            Kind = e.Data.Kind,
            ShortForm = e.Data.ShortForm,
            ActorGroup = e.Data.ActorGroup,
            OpenedAt = e.Timestamp,
        });
        return view;
    }

    private static void On(IEvent<RoundClosed> e, MaturityOverview view)
    {
        var round = view.Rounds.Single(r => r.Round == e.Data.Round);
        round.Closed = true;
        round.ClosedAt = e.Timestamp;
    }

    private static void On(IEvent<RoundEvaluated> e, MaturityOverview view)
    {
        var round = view.Rounds.Single(r => r.Round == e.Data.Round);
        round.Evaluation = e.Data.Evaluation;
        round.EvaluationReason = e.Data.Reason;
        round.EvaluatedAt = e.Timestamp;
        round.Evaluations++;
        var previous = view.Rounds
            .Where(r => r.Round < round.Round && r.Evaluation is not null &&
                        string.Equals(r.ActorGroup, round.ActorGroup, StringComparison.OrdinalIgnoreCase))
            .MaxBy(r => r.Round);
        round.ComparedWith = previous?.Round;
        round.Deltas = previous is null
            ? []
            : e.Data.Evaluation.Fields
                .Select(f => (f, before: previous.Evaluation!.Fields.FirstOrDefault(p => p.Key == f.Key)))
                .Where(x => x.before is not null)
                .ToDictionary(x => x.f.Key, x => new FieldDelta
                {
                    Mean = x.f.Mean is { } now && x.before!.Mean is { } then ? now - then : null,
                    Level = x.f.Level is { } ln && x.before!.Level is { } lt ? ln - lt : null,
                });
    }

    private static void On(CommentaryRecorded e, MaturityOverview view) =>
        view.Rounds.Single(r => r.Round == e.Round).Commentary[e.Field ?? 0] = e.Text;

    private static void On(AnswersMarkedReconstructed e, MaturityOverview view)
    {
        var round = view.Rounds.Single(r => r.Round == e.Round);
        round.Reconstructed = round.Reconstructed.Union(e.Criteria).ToList();
    }

    private static void On(ContributorsRecorded e, MaturityOverview view) =>
        view.Rounds.Single(r => r.Round == e.Round).Contributors[e.Respondent] = e.Units.ToList();
}
