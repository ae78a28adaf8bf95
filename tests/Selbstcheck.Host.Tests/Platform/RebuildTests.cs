using System.Net;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Tests.Platform;

/// <summary>
/// A full projection rebuild deletes and rewrites every document of every Kommune: it must not run
/// while other test classes read their documents, so this collection runs on its own, after them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RebuildCollection
{
    public const string Name = "rebuild";
}

/// <summary>
/// Rebuild equals live: every read model and write-model document of a Kommune, rebuilt from its
/// events (by the projection daemon, as the <c>projections</c> command does, and by the service's
/// own write-model backfill), equals the one kept live with every append — data only, not Marten's
/// metadata columns.
/// </summary>
[Collection(RebuildCollection.Name)]
public class RebuildTests
{
    [Fact]
    public async Task rebuilt_documents_equal_the_live_ones_for_a_journey_built_through_the_api()
    {
        var run = await Run.Value;

        run.AssertSame(run.Journey);
    }

    [Fact]
    public async Task rebuilt_documents_equal_the_live_ones_for_the_demo()
    {
        var run = await Run.Value;

        run.AssertSame("dessau-rosslau");
    }

    /// <summary>
    /// One rebuild for both Kommunen: a rebuild by a second store stops the host's own asynchronous
    /// shard (its progression moves under it), so the live documents of both are read before it.
    /// </summary>
    private static readonly Lazy<Task<RebuildRun>> Run = new(RebuildOnceAsync);

    private sealed record RebuildRun(
        string Journey,
        IReadOnlyDictionary<string, Documents> Live,
        IReadOnlyDictionary<string, Documents> Rebuilt,
        IReadOnlyDictionary<string, Documents> Backfilled)
    {
        public void AssertSame(string kommune)
        {
            var live = Live[kommune];
            Assert.Contains(live.Data.Keys, k => k.StartsWith("mt_doc_kommunestate/", StringComparison.Ordinal));
            Assert.Contains(live.Data.Keys, k => k.StartsWith("mt_doc_facilitatorboardentry/", StringComparison.Ordinal));
            Assert.Contains(live.Data.Keys, k => k.StartsWith("mt_doc_milestonestate/", StringComparison.Ordinal));
            Assert.Contains(live.Data.Keys, k => k.StartsWith("mt_doc_actionplanitem/", StringComparison.Ordinal));
            RebuildTests.AssertSame(live, Rebuilt[kommune], "projection daemon rebuild");
            RebuildTests.AssertSame(live, Backfilled[kommune], "write-model backfill");
        }
    }

    private sealed record Documents(long StreamVersion, IReadOnlyDictionary<string, string> Data);

    private static async Task<RebuildRun> RebuildOnceAsync()
    {
        await DemoTests.FirstLoad.Value;
        var journey = await JourneyThroughTheApi();
        string[] kommunen = [journey, "dessau-rosslau"];
        var host = await TestHost.Instance;
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var live = new Dictionary<string, Documents>();
        foreach (var k in kommunen) live[k] = await DocumentsOf(k);

        // Every projection, inline ones included, through the daemon's rebuild — what `projections --rebuild`
        // runs. A rebuild truncates tables, which only the schema owner may: the command runs as the owner.
        var owner = new NpgsqlConnectionStringBuilder(TestHost.AdminConnectionString) { Username = TestHost.OwnerRole, Password = TestHost.OwnerPassword }.ConnectionString;
        using (var ownerStore = DocumentStore.For(o => StorageSetup.ConfigureStore(o, new SelbstcheckSettings { ConnectionString = owner })))
        using (var daemon = await ownerStore.BuildProjectionDaemonAsync())
        {
            foreach (var name in ownerStore.Options.Projections.All.Select(p => p.Name).Distinct().ToList())
            {
                await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(2), CancellationToken.None);
            }
        }

        var rebuilt = new Dictionary<string, Documents>();
        foreach (var k in kommunen) rebuilt[k] = await DocumentsOf(k);

        // The service's own rebuild of the write model (at start, for streams without one or of an older shape).
        await host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<WriteModelBackfill>().Single().RebuildAsync(kommunen, CancellationToken.None);
        var backfilled = new Dictionary<string, Documents>();
        foreach (var k in kommunen) backfilled[k] = await DocumentsOf(k);
        return new RebuildRun(journey, live, rebuilt, backfilled);
    }

    private static void AssertSame(Documents liveDocuments, Documents rebuiltDocuments, string how)
    {
        // Nothing may have been appended in between (a reminder job, say): then live and rebuilt would differ for that reason.
        Assert.Equal(liveDocuments.StreamVersion, rebuiltDocuments.StreamVersion);
        var (live, rebuilt) = (liveDocuments.Data, rebuiltDocuments.Data);
        Assert.Equal(live.Keys.Order(StringComparer.Ordinal), rebuilt.Keys.Order(StringComparer.Ordinal));
        var differences = live.Where(p => rebuilt[p.Key] != p.Value)
            .Select(p => $"{p.Key}\nlive:    {p.Value}\nrebuilt: {rebuilt[p.Key]}").ToList();
        Assert.True(differences.Count == 0, $"After the {how}, {differences.Count} documents differ:\n{string.Join("\n", differences.Take(5))}");
    }

    /// <summary>
    /// The data of every projected document of one Kommune (its own id, or a kommuneId in its data),
    /// keyed by table and id, with object keys sorted: read as stored, behind the service's back.
    /// </summary>
    private static async Task<Documents> DocumentsOf(string kommune)
    {
        var documents = new Dictionary<string, string>();
        await using var connection = new NpgsqlConnection(TestHost.AdminConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = 'selbstcheck' and table_name like 'mt\\_doc\\_%' order by 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }

        foreach (var table in tables.Where(ProjectedTables.Contains))
        {
            await using var cmd = new NpgsqlCommand(
                $"select id::text, data::text from selbstcheck.{table} where id::text = @k or data->>'kommuneId' = @k or data->>'KommuneId' = @k", connection);
            cmd.Parameters.AddWithValue("k", kommune);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                documents[$"{table}/{reader.GetString(0)}"] = Normalized(JsonNode.Parse(reader.GetString(1)))?.ToJsonString() ?? "null";
            }
        }

        await using var version = new NpgsqlCommand("select version from selbstcheck.mt_streams where id = @k", connection);
        version.Parameters.AddWithValue("k", kommune);
        return new Documents((long)(await version.ExecuteScalarAsync())!, documents);
    }

    /// <summary>The tables the projections write (read models and the write model); a new projection belongs here.</summary>
    private static readonly HashSet<string> ProjectedTables =
    [
        "mt_doc_kommuneoverview", "mt_doc_questionnaireprogress", "mt_doc_maturityoverview", "mt_doc_workshopview",
        "mt_doc_actionplanitem", "mt_doc_milestoneview", "mt_doc_facilitatorboardentry",
        "mt_doc_kommunestate", "mt_doc_roundstate", "mt_doc_respondentstate", "mt_doc_workshopstate",
        "mt_doc_actionitemstate", "mt_doc_milestonestate",
    ];

    private static JsonNode? Normalized(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Normalized(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Normalized).ToArray()),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };

    /// <summary>A journey through every stage, through the API: units, a round with answers and a consensus, a workshop with agreements, action items, milestones.</summary>
    internal static async Task<string> JourneyThroughTheApi()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var facilitator = await admin.RegisterPerson();
        await (await admin.Put($"/api/kommunen/{kommune}/facilitator", new { personId = facilitator })).ShouldBe(HttpStatusCode.OK);
        await (await admin.Put($"/api/kommunen/{kommune}/lead-office", new { unit = "Integrationsbüro" })).ShouldBe(HttpStatusCode.OK);

        var round = await admin.OpenRound(kommune);
        var (rid, _, _) = await admin.AddRespondent(kommune, round, "Steuerungsgruppe");
        var (other, _, _) = await admin.AddRespondent(kommune, round, "Amt für Stadtentwicklung", "Dezernat II");
        await (await admin.Put($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/answers",
            new { answers = new[] { new { criterion = "5.1", answer = "eher ja" }, new { criterion = "5.2", answer = "ja" }, new { criterion = "3.1", answer = "nein" } } })).ShouldBe(HttpStatusCode.OK);
        await (await admin.Put($"/api/kommunen/{kommune}/rounds/{round}/respondents/{other}/answers",
            new { answers = new[] { new { criterion = "5.1", answer = "eher nein" } } })).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/submit", null)).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/close", null)).ShouldBe(HttpStatusCode.OK);
        var pb = await TestHost.ClientAs(Roles.Prozessbegleitung, facilitator.ToString());
        await (await pb.Put($"/api/kommunen/{kommune}/rounds/{round}/consensus", new { criterion = "3.1", answer = "eher nein", reason = "Workshop" })).ShouldBe(HttpStatusCode.OK);

        var workshop = (await (await admin.Post($"/api/kommunen/{kommune}/workshops", new { startsAt = "2031-07-01T13:00", place = "Rathaus" })).ReadJson()).GetProperty("id").GetGuid();
        var agreement = Guid.NewGuid();
        await (await admin.Put($"/api/kommunen/{kommune}/workshops/{workshop}/agreements", new
        {
            agreements = new[] { new { agreementId = agreement, title = "Dialogveranstaltung", kind = "Dialogveranstaltung", plannedDate = "2031-10-08", status = "geplant" } },
        })).ShouldBe(HttpStatusCode.OK);
        var office = await TestHost.ClientAs(Roles.Kommune, kommune);
        await (await office.Post($"/api/kommunen/{kommune}/workshops/{workshop}/agreements/{agreement}/milestone", new { })).ShouldBe(HttpStatusCode.Created);

        await (await admin.Post($"/api/kommunen/{kommune}/action-items", new { field = 5, text = "Kümmerer etablieren", owner = "Integrationsbüro" })).ShouldBe(HttpStatusCode.Created);
        var dated = (await (await admin.Post($"/api/kommunen/{kommune}/milestones",
            new { title = "Dokumentation", kind = "Dokumentation", owner = "Integrationsbüro", dueDate = "2031-07-31" })).ReadJson()).GetProperty("milestoneId").GetGuid();
        await (await admin.Put($"/api/kommunen/{kommune}/milestones/{dated}/due", new { dueAt = "2031-10-08T18:00", reason = "Saal belegt" })).ShouldBe(HttpStatusCode.OK);
        var cancelled = (await (await admin.Post($"/api/kommunen/{kommune}/milestones",
            new { title = "Befragung", kind = "Befragung", owner = "Integrationsbüro", dueDate = "2031-02-01" })).ReadJson()).GetProperty("milestoneId").GetGuid();
        await (await admin.Post($"/api/kommunen/{kommune}/milestones/{cancelled}/cancel", new { reason = "entfällt" })).ShouldBe(HttpStatusCode.OK);
        return kommune;
    }
}
