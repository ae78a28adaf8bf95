using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Selbstcheck.Host.Demo;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Platform;

public class DemoTests
{
    /// <summary>The one first import of the shipped demo in this test database, whichever test asks first.</summary>
    public static readonly Lazy<Task<IReadOnlyList<string>>> FirstLoad = new(async () =>
        await (await TestHost.Instance).Services.GetRequiredService<DemoLoader>().LoadAsync(CancellationToken.None));

    [Fact]
    public async Task the_dessau_rosslau_demo_is_imported_history_with_its_original_dates()
    {
        var host = await TestHost.Instance;
        var loader = host.Services.GetRequiredService<DemoLoader>();
        var client = await TestHost.Client();

        var first = await FirstLoad.Value;
        var second = await loader.LoadAsync(CancellationToken.None);

        Assert.Equal(["teilnahme", "fragebogen", "workshop", "meilensteine", "nachbefragung-zivilgesellschaft"], first);
        Assert.Empty(second);
        var kommune = await client.GetJson("/api/kommunen/dessau-rosslau");
        Assert.Equal("Dessau-Roßlau", kommune.GetProperty("name").GetString());
        Assert.Equal("Kreisfreie Stadt", kommune.GetProperty("kind").GetString());
        Assert.Equal("2020-1", kommune.GetProperty("cohort").GetString());
        Assert.Equal("Integrationsbüro", kommune.GetProperty("leadOffice").GetString());
        Assert.Equal("Umsetzung", kommune.GetProperty("phase").GetString());
        Assert.Equal(DateTimeOffset.Parse("2020-01-15T09:00:00Z"), kommune.GetProperty("registeredAt").GetDateTimeOffset());

        var history = await client.GetJson("/api/kommunen/dessau-rosslau/history");
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, i => Assert.True(i.GetProperty("headers").GetProperty("imported").GetBoolean()));
        Assert.All(items, i => Assert.Equal("demo-import", i.GetProperty("userId").GetString()));
        var stamps = items.Select(i => i.GetProperty("timestamp").GetDateTimeOffset()).ToList();
        Assert.Equal(stamps.Order(), stamps);

        // Read back as stored, not through the API.
        await using var connection = new NpgsqlConnection(TestHost.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select timestamp from selbstcheck.mt_events where stream_id = 'dessau-rosslau' and version = 1", connection);
        var stored = (DateTime)(await cmd.ExecuteScalarAsync())!;
        Assert.Equal(new DateTime(2020, 1, 15, 9, 0, 0, DateTimeKind.Utc), stored.ToUniversalTime());
    }

    [Fact]
    public async Task the_demo_shows_exactly_the_documented_standortbestimmung()
    {
        await FirstLoad.Value;
        var client = await TestHost.Client();

        var maturity = await client.GetJson("/api/kommunen/dessau-rosslau/maturity");

        var levels = maturity.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetInt32(), f => f.GetProperty("level").GetInt32());
        Assert.Equal(new Dictionary<int, int> { [1] = 2, [2] = 2, [3] = 3, [4] = 2, [5] = 1, [6] = 2, [7] = 2 }, levels);
        Assert.Equal(2, maturity.GetProperty("overall").GetProperty("level").GetInt32());
        var hf5 = maturity.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("field").GetInt32() == 5);
        Assert.Equal("4/3", hf5.GetProperty("meanExact").GetString());
        Assert.StartsWith("Mit verschiedenen Veranstaltungen der Vielfaltsgestalter", hf5.GetProperty("commentary").GetString());
        var hf4 = maturity.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("field").GetInt32() == 4);
        Assert.Equal((5, 6), (hf4.GetProperty("answered").GetInt32(), hf4.GetProperty("total").GetInt32()));
        var progress = await client.GetJson("/api/kommunen/dessau-rosslau/rounds/1");
        // #14: the steering group answered; the ten units worked with it — contributors, not respondents who never submitted.
        var respondent = Assert.Single(progress.GetProperty("respondents").EnumerateArray());
        Assert.Equal("Interne Steuerungsgruppe", respondent.GetProperty("unit").GetString());
        Assert.Equal(
            ["Beauftragte für Bürgeranliegen", "Integrationsbüro", "Ausländerbehörde", "Abteilung Bürgeranliegen", "Amt für Stadtentwicklung",
             "Referat des Beigeordneten für Wirtschaft", "Sportförderung", "Wirtschaftsförderung", "Sozialcontrolling", "Behindertenbeauftragte"],
            respondent.GetProperty("contributors").EnumerateArray().Select(u => u.GetProperty("unit").GetString()));
        Assert.Equal(["I", "I", "II", "II", "III", "IV", "IV", "IV", "V", "V"],
            respondent.GetProperty("contributors").EnumerateArray().Select(u => u.GetProperty("dezernat").GetString()));
        Assert.Equal(1, progress.GetProperty("round").GetProperty("submitted").GetInt32());
        Assert.Equal(1, progress.GetProperty("round").GetProperty("respondents").GetInt32());
        // #14: the answers of HF 2, 3 and 6 are marked as reconstructed; the documented ones are not.
        Assert.Equal(["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "3.1", "6.1"],
            respondent.GetProperty("reconstructed").EnumerateArray().Select(c => c.GetString()));
        // #14: only Globale Verantwortung pulls a field down (HF 5: 4/3, without 5.3 it would be 2).
        Assert.Equal(["5.3"], maturity.GetProperty("fields").EnumerateArray().SelectMany(f => f.GetProperty("pullsDown").EnumerateArray()).Select(c => c.GetString()));
    }

    [Fact]
    public async Task the_demo_chart_and_tables_are_pinned()
    {
        await FirstLoad.Value;
        var client = await TestHost.Client();

        var svg = await client.GetStringAsync("/api/kommunen/dessau-rosslau/rounds/1/chart.svg");
        var tables = await client.GetStringAsync("/api/kommunen/dessau-rosslau/rounds/1/tables.html");

        Snapshooter.Xunit.Snapshot.Match(svg, Snapshooter.SnapshotNameExtension.Create("chart"));
        Snapshooter.Xunit.Snapshot.Match(tables, Snapshooter.SnapshotNameExtension.Create("tables"));
    }

    [Fact]
    public async Task a_missing_part_is_appended_while_the_stream_holds_only_imported_events()
    {
        var host = await TestHost.Instance;
        var loader = host.Services.GetRequiredService<DemoLoader>();
        var client = await TestHost.Client();
        var (onlyRegistration, full) = Timelines(TestHost.NewKommuneId("demo"));

        Assert.Equal(["teilnahme"], await loader.LoadAsync(onlyRegistration, CancellationToken.None));
        Assert.Equal(["benennung"], await loader.LoadAsync(full, CancellationToken.None));

        var kommune = await client.GetJson($"/api/kommunen/{onlyRegistration.Kommune}");
        Assert.Equal("Integrationsbüro", kommune.GetProperty("leadOffice").GetString());
        Assert.Equal(4, await client.HistoryCount(onlyRegistration.Kommune));
    }

    [Fact]
    public async Task a_missing_part_is_skipped_once_the_stream_holds_live_events()
    {
        var host = await TestHost.Instance;
        var loader = host.Services.GetRequiredService<DemoLoader>();
        var client = await TestHost.Client();
        var (onlyRegistration, full) = Timelines(TestHost.NewKommuneId("demo"));
        await loader.LoadAsync(onlyRegistration, CancellationToken.None);
        await (await client.Put($"/api/kommunen/{full.Kommune}/units", new { name = "Live-Einheit" })).ShouldBe(HttpStatusCode.Created);

        var appended = await loader.LoadAsync(full, CancellationToken.None);

        Assert.Empty(appended);
        Assert.Equal(2, await client.HistoryCount(full.Kommune));
    }

    [Fact]
    public async Task a_stream_holding_an_older_demo_version_is_never_rewritten()
    {
        var host = await TestHost.Instance;
        var loader = host.Services.GetRequiredService<DemoLoader>();
        var client = await TestHost.Client();
        var (onlyRegistration, full) = Timelines(TestHost.NewKommuneId("demo"));
        Assert.Equal(["teilnahme"], await loader.LoadAsync(onlyRegistration with { Version = 1 }, CancellationToken.None));

        await Assert.ThrowsAsync<DemoOutdated>(() => loader.LoadAsync(full with { Version = 2 }, CancellationToken.None));

        Assert.Equal(1, await client.HistoryCount(full.Kommune));
        Assert.Equal(["benennung"], await loader.LoadAsync(full with { Version = 1 }, CancellationToken.None));
    }

    private static (DemoTimeline OnlyRegistration, DemoTimeline Full) Timelines(string kommune)
    {
        var shipped = DemoTimeline.Load();
        var teilnahme = shipped.Parts.Single(p => p.Part == "teilnahme");
        var registration = teilnahme.Steps[0];
        var data = (JsonObject)registration.Data.DeepClone();
        data["ags"] = null;
        var registrationOnly = new DemoPart("teilnahme", [registration with { Data = data }]);
        var naming = new DemoPart("benennung", teilnahme.Steps.Skip(1).ToList());
        var first = shipped with { Kommune = kommune, Parts = [registrationOnly] };
        return (first, first with { Parts = [registrationOnly, naming] });
    }
}
