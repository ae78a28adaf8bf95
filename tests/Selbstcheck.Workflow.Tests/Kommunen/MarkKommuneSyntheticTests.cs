using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;

namespace Selbstcheck.Workflow.Tests.Kommunen;

/// <summary>#14: synthetic demo Kommunen carry a marker of their own.</summary>
public class MarkKommuneSyntheticTests
{
    [Fact]
    public void marking_a_kommune_synthetic_records_the_marker_with_its_purpose()
    {
        var events = MarkKommuneSyntheticDecision.Decide(new MarkKommuneSynthetic(Given.K, " Demo: Vergleich "), Given.Kommune());

        Assert.Equal([new KommuneMarkedSynthetic(Given.K, "Demo: Vergleich")], events);
    }

    [Fact]
    public void a_marker_without_purpose_is_refused()
    {
        var problem = Assert.Throws<InvalidInput>(() => MarkKommuneSyntheticDecision.Decide(new MarkKommuneSynthetic(Given.K, " "), Given.Kommune()));

        Assert.Contains(problem.Errors, e => e.Field == "purpose");
    }
}
