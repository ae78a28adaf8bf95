using JasperFx.Events;
using Marten.Events;
using Selbstcheck.Projections.KommuneOverview;
using Selbstcheck.Projections.Replay;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Host.Tests.Kommunen;

/// <summary>#14: the synthetic marker reaches the Kommune's overview (and so the list, the home page and the programme overview).</summary>
public class SyntheticMarkerTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2020-01-10T08:00:00Z");

    private static IEvent At<T>(T data, int minutes, long version) where T : notnull =>
        new Event<T>(data) { Timestamp = T0.AddMinutes(minutes), Version = version, StreamKey = "fiktiv-01", UserName = "demo-import" };

    [Fact]
    public void a_kommune_marked_synthetic_is_synthetic_in_its_overview_and_others_are_not()
    {
        var registered = At(new KommuneRegistered("fiktiv-01", "Fiktive Kommune 01", "Stadt", "Sachsen-Anhalt", "2020-99", null, null), 0, 1);

        var plain = JourneyReplay.Fold<KommuneOverview>([registered], KommuneOverviewProjection.Evolve)!;
        var marked = JourneyReplay.Fold<KommuneOverview>([registered, At(new KommuneMarkedSynthetic("fiktiv-01", "Demo"), 1, 2)], KommuneOverviewProjection.Evolve)!;

        Assert.False(plain.Synthetic);
        Assert.True(marked.Synthetic);
        Assert.Equal(T0.AddMinutes(1), marked.LastActivityAt);
    }
}
