using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Demo;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// Issue #12's "done when", as an auditor meets it: the Dessau-Roßlau demo (imported with its 2020
/// dates) as of 2020-06-30 and 2020-07-02 noon, a clean chain, an edit made with SQL named by verify,
/// an export that verifies offline and fails after a one-byte change, and a person erased — unreadable
/// everywhere — while the chain and a new export, extending the earlier one, still verify. In this
/// project's database, where no other test reads the demo, so the edit and the erasure disturb no one.
/// </summary>
public sealed class DessauRosslauAuditTests : IDisposable
{
    private const string Demo = "dessau-rosslau";
    private readonly List<string> files = [];

    public void Dispose()
    {
        foreach (var file in files) File.Delete(file);
    }

    [Fact]
    public async Task the_demo_is_replayed_verified_exported_and_a_person_erased_with_the_chain_intact()
    {
        await (await TestHost.Instance).Services.GetRequiredService<DemoLoader>().LoadAsync(CancellationToken.None);
        var auditor = await TestHost.ClientAs(Roles.Audit, personalData: true);

        // As of 2020-06-30: the evaluated questionnaire, a workshop scheduled but not held.
        var june = await auditor.GetJson($"/api/kommunen/{Demo}/state?at=2020-06-30");
        var standort = june.GetProperty("standortbestimmung");
        var levels = standort.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetInt32(), f => f.GetProperty("level").GetInt32());
        Assert.Equal((1, 3, 2), (levels[5], levels[3], standort.GetProperty("overall").GetProperty("level").GetInt32()));
        var scheduled = Assert.Single(june.GetProperty("workshops").EnumerateArray());
        Assert.Equal(("geplant", false), (scheduled.GetProperty("status").GetString(), scheduled.GetProperty("held").GetBoolean()));

        // As of 2020-07-02 12:00: the workshop held, HF 4 and 5 prioritised, its Handlungsbedarfe in the action plan.
        var july = await auditor.GetJson($"/api/kommunen/{Demo}/state?at={Uri.EscapeDataString("2020-07-02T12:00:00+02:00")}");
        var held = Assert.Single(july.GetProperty("workshops").EnumerateArray());
        Assert.Equal("stattgefunden", held.GetProperty("status").GetString());
        Assert.Equal([4, 5], held.GetProperty("priorities").EnumerateArray().Select(p => p.GetInt32()).Order().ToArray());
        var needs = july.GetProperty("actionPlan").GetProperty("fields").EnumerateArray().SelectMany(f => f.GetProperty("items").EnumerateArray()).ToList();
        Assert.NotEmpty(needs);
        Assert.All(needs, i => Assert.Equal(held.GetProperty("id").GetGuid(), i.GetProperty("workshopId").GetGuid()));

        // Verify is clean; an edit made with SQL is named — version and type — and undone.
        await AssertVerified();
        var (version, original) = await StoredEvent("workshop_scheduled");
        await Sql("update selbstcheck.mt_events set data = jsonb_set(data, '{place}', '\"Bitterfeld\"') where stream_id = $1 and version = $2", version);
        var broken = (await auditor.GetJson($"/api/kommunen/{Demo}/verify")).GetProperty("firstBreak");
        Assert.Equal((version, "workshop_scheduled", "inhalt-geaendert"),
            (broken.GetProperty("version").GetInt64(), broken.GetProperty("type").GetString(), broken.GetProperty("kind").GetString()));
        await Sql("update selbstcheck.mt_events set data = $3::jsonb where stream_id = $1 and version = $2", version, original);
        await AssertVerified();

        // An export verifies offline, and fails at the event whose byte was changed.
        var earlier = await Export(auditor);
        Assert.Equal(0, (await AuditExportTests.VerifyExport(earlier)).ExitCode);
        var flipped = FlipOneByte(earlier, version);
        var (flippedExit, flippedOutput) = await AuditExportTests.VerifyExport(flipped);
        Assert.Equal(1, flippedExit);
        Assert.Contains($"FAILED {Demo}: version {version} (", flippedOutput);

        // A person named in the journey is erased: unreadable everywhere, and the chain holds.
        var admin = await TestHost.Client();
        const string name = "Erika Beispielfrau";
        var person = await admin.RegisterPerson(name);
        var item = needs[0].GetProperty("id").GetGuid();
        await (await admin.Post($"/api/kommunen/{Demo}/action-items/{item}/notes", new { text = $"Rückruf bei {name} vereinbart" })).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(name, await auditor.GetStringAsync($"/api/kommunen/{Demo}/action-plan"));

        var erase = new HttpRequestMessage(HttpMethod.Delete, $"/api/people/{person}") { Content = JsonContent.Create(new { reason = "Antrag auf Löschung (Art. 17 DSGVO)" }) };
        var erased = await (await admin.SendAsync(erase)).ReadJson();
        Assert.True(erased.GetProperty("erasedValues").GetInt32() >= 1);

        foreach (var url in new[] { $"/api/kommunen/{Demo}/action-plan", $"/api/kommunen/{Demo}/history?pageSize=500", $"/api/kommunen/{Demo}/state", $"/api/people/{person}", "/api/programm/history?pageSize=500" })
        {
            var body = await auditor.GetStringAsync(url);
            Assert.DoesNotContain("Beispielfrau", body);
        }

        Assert.Contains("gelöscht", await auditor.GetStringAsync($"/api/kommunen/{Demo}/action-plan"));
        await AssertVerified();
        var later = await Export(auditor);
        Assert.DoesNotContain("Beispielfrau", await File.ReadAllTextAsync(later));
        var (extendsExit, extendsOutput) = await AuditExportTests.VerifyExport(later, earlier);
        Assert.True(extendsExit == 0, extendsOutput);
    }

    private static async Task AssertVerified()
    {
        var verify = await (await TestHost.ClientAs(Roles.Audit)).GetJson($"/api/kommunen/{Demo}/verify");
        Assert.True(verify.GetProperty("verified").GetBoolean(), verify.ToString());
    }

    private async Task<string> Export(HttpClient auditor)
    {
        var response = await auditor.GetAsync($"/api/kommunen/{Demo}/audit-export");
        await response.ShouldBe(HttpStatusCode.OK);
        var file = Path.Combine(Path.GetTempPath(), $"selbstcheck-dessau-{Guid.NewGuid():N}.jsonl");
        files.Add(file);
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        return file;
    }

    /// <summary>A copy of the export with one character of VERSION's payload text changed.</summary>
    private string FlipOneByte(string export, long version)
    {
        var lines = File.ReadAllLines(export);
        var index = Array.FindIndex(lines, l => l.StartsWith("{", StringComparison.Ordinal) && JsonDocument.Parse(l).RootElement.TryGetProperty("version", out var v)
            && v.ValueKind == JsonValueKind.Number && v.GetInt64() == version && JsonDocument.Parse(l).RootElement.TryGetProperty("data", out _));
        Assert.True(index > 0, $"no line for version {version}");
        var at = lines[index].IndexOf("13:00", StringComparison.Ordinal);
        Assert.True(at > 0, lines[index]);
        lines[index] = lines[index][..at] + "14" + lines[index][(at + 2)..];
        var file = export + ".flipped";
        files.Add(file);
        File.WriteAllText(file, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        return file;
    }

    private static async Task<(long Version, string Data)> StoredEvent(string type)
    {
        await using var connection = new NpgsqlConnection(TestHost.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select version, data::text from selbstcheck.mt_events where stream_id = $1 and type = $2 order by version limit 1", connection);
        command.Parameters.AddWithValue(Demo);
        command.Parameters.AddWithValue(type);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetString(1));
    }

    private static async Task Sql(string sql, long version, string? data = null)
    {
        await using var connection = new NpgsqlConnection(TestHost.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(Demo);
        command.Parameters.AddWithValue(version);
        if (data is not null) command.Parameters.AddWithValue(data);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
