using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Workflow.Tests.Questionnaire;

public class StandortbestimmungTests
{
    private sealed record ReadRound(int Round, string Kind, DateTimeOffset? ClosedAt, bool IsEvaluated) : IEvaluatedRound;

    private static readonly DateTimeOffset Day = DateTimeOffset.Parse("2020-09-01T12:00+02:00");

    [Fact]
    public void it_is_the_latest_evaluated_full_round()
    {
        ReadRound[] rounds =
        [
            new(1, RoundKinds.Full, Day, true),
            new(2, RoundKinds.Full, Day.AddDays(30), true),
            new(3, RoundKinds.Full, null, false),
        ];

        Assert.Equal(2, Standortbestimmung.Current(rounds)!.Round);
    }

    [Fact]
    public void a_later_short_round_of_another_actor_group_does_not_replace_it()
    {
        ReadRound[] rounds =
        [
            new(1, RoundKinds.Full, Day, true),
            new(2, RoundKinds.Short, Day.AddDays(30), true),
        ];

        Assert.Equal(1, Standortbestimmung.Current(rounds)!.Round);
    }

    [Fact]
    public void a_closed_round_not_yet_evaluated_does_not_count()
    {
        ReadRound[] rounds = [new(1, RoundKinds.Full, Day, false)];

        Assert.Null(Standortbestimmung.Current(rounds));
    }

    [Fact]
    public void rounds_closed_at_the_same_instant_are_ordered_by_number()
    {
        ReadRound[] rounds = [new(4, RoundKinds.Full, Day, true), new(3, RoundKinds.Full, Day, true)];

        Assert.Equal(4, Standortbestimmung.Current(rounds)!.Round);
    }
}
