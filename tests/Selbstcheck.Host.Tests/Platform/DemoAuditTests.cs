using Selbstcheck.Host.Demo;
using Selbstcheck.Host.Tests.Kommunen;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Programme;

namespace Selbstcheck.Host.Tests.Platform;

/// <summary>#12 point 1: the demo's imported history says what it is — imported, and where its date is assumed, assumed.</summary>
public class DemoAuditTests
{
    [Fact]
    public async Task the_demos_events_carry_who_and_why_and_an_assumed_marker_exactly_where_the_timeline_assumes_the_date()
    {
        await DemoTests.FirstLoad.Value;
        var demo = DemoTimeline.Load();
        var steps = demo.Parts.SelectMany(p => p.Steps.Select((s, i) => (Id: $"{demo.StepPrefix}{p.Part}/{i + 1}", Step: s))).ToDictionary(s => s.Id, s => s.Step);

        var events = await AuditTrailTests.StoredAsync(demo.Kommune);

        Assert.NotEmpty(events);
        Assert.All(events, e =>
        {
            Assert.Equal(("demo-import", Roles.System, "True"), (e.User, e.Header(EventHeaders.ActorRole), e.Header(ImportedHistory.Header)));
            Assert.StartsWith("demo-", e.Correlation);
            var step = steps[e.Causation!];
            var assumed = demo.Timeline.Single(t => t.Key == step.When).Assumed;
            Assert.True((assumed ? "True" : null) == e.Header(ImportedHistory.AssumedHeader), $"{e.Version} {e.Type} ({e.Causation}, {step.When})");
            Assert.Equal(step.Assumed is { Count: > 0 } fields ? $"[\"{string.Join("\",\"", fields)}\"]" : null,
                e.Header(ImportedHistory.AssumedFieldsHeader)?.Replace(" ", "").Replace("\n", "").Replace("\r", ""));
        });
        // Both kinds are present: the workshop's documented date, the assumed dates around it.
        Assert.Contains(events, e => e.Header(ImportedHistory.AssumedHeader) is null);
        Assert.Contains(events, e => e.Header(ImportedHistory.AssumedHeader) == "True");
        Assert.Contains(events, e => e.Header(ImportedHistory.AssumedFieldsHeader) is not null);

        // The demo's person record is an event of the programme stream, imported, with the id only.
        var person = demo.People[0];
        var registered = Assert.Single(await AuditTrailTests.StoredAsync(ProgrammeStream.Id), e => e.Type == "person_registered" && e.Data.Contains(person.Id.ToString()));
        Assert.Equal(("demo-import", "True"), (registered.User, registered.Header(ImportedHistory.Header)));
        Assert.DoesNotContain(person.Name, registered.Data);

        // The history shows the markers.
        var client = await TestHost.Client();
        var history = await client.GetJson($"/api/kommunen/{demo.Kommune}/history?pageSize=500");
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(events.Count(e => e.Header(ImportedHistory.AssumedHeader) == "True"),
            items.Count(i => i.GetProperty("headers").TryGetProperty("assumed", out var a) && a.GetBoolean()));
    }
}
