using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// The audit export (#12, point 5): one file an auditor verifies with <c>ops/verify-export</c>,
/// without the database and without the service; against an earlier export it also catches a chain
/// that the database owner recomputed after an edit.
/// </summary>
public sealed class AuditExportTests : IDisposable
{
    private readonly List<string> files = [];

    public void Dispose()
    {
        foreach (var file in files) File.Delete(file);
    }

    [Fact]
    public async Task export_verifies_offline()
    {
        var kommune = await Journey();

        var (file, response) = await Export(kommune);
        var (exitCode, output) = await VerifyExport(file);

        Assert.Equal("application/jsonl", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"audit-{kommune}-v4.jsonl", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var lines = File.ReadAllLines(file);
        Assert.Equal(5, lines.Length);
        var header = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("selbstcheck-audit-export/1", header.GetProperty("format").GetString());
        Assert.Equal(4, header.GetProperty("version").GetInt64());
        Assert.True(exitCode == 0, output);
        Assert.Contains($"ok {kommune}: 4 events", output);
    }

    [Fact]
    public async Task a_flipped_byte_fails_at_that_event()
    {
        var kommune = await Journey();
        var (file, _) = await Export(kommune);

        // One character inside version 3's data string ("…Straßenbau 2" becomes "…Straßenbau 3").
        var lines = File.ReadAllLines(file);
        Assert.Contains("Amt für Straßenbau 2", lines[3]);
        lines[3] = lines[3].Replace("Straßenbau 2", "Straßenbau 3");
        await File.WriteAllTextAsync(file, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        var (exitCode, output) = await VerifyExport(file);

        Assert.Equal(1, exitCode);
        Assert.Contains($"FAILED {kommune}: version 3 (", output);
        Assert.Contains("content does not match its hash", output);
    }

    [Fact]
    public async Task audit_without_the_personal_data_claim_gets_the_export_with_personal_values_withheld()
    {
        var client = await TestHost.Client();
        var kommune = await client.RegisterKommune();
        var address = $"export-{Guid.NewGuid():N}@example.org";
        await (await client.Put($"/api/kommunen/{kommune}/units", new { name = "Integrationsbüro", email = address })).ShouldBe(HttpStatusCode.Created);

        var withheld = await (await TestHost.ClientAs(Roles.Audit)).GetAsync($"/api/kommunen/{kommune}/audit-export");
        var shown = await (await TestHost.ClientAs(Roles.Audit, personalData: true)).GetAsync($"/api/kommunen/{kommune}/audit-export");

        await withheld.ShouldBe(HttpStatusCode.OK);
        await shown.ShouldBe(HttpStatusCode.OK);
        var withheldText = await withheld.Content.ReadAsStringAsync();
        Assert.DoesNotContain(address, withheldText);
        var personal = JsonDocument.Parse(withheldText.Split('\n')[0]).RootElement.GetProperty("personal");
        Assert.Equal("[personenbezogen]", Assert.Single(personal.EnumerateArray()).GetProperty("value").GetString());
        var shownValue = Assert.Single(JsonDocument.Parse((await shown.Content.ReadAsStringAsync()).Split('\n')[0]).RootElement.GetProperty("personal").EnumerateArray());
        Assert.Equal(address, shownValue.GetProperty("value").GetString());
        // The events hold the reference only.
        Assert.All((await shown.Content.ReadAsStringAsync()).Split('\n').Skip(1), line => Assert.DoesNotContain(address, line));
    }

    [Fact]
    public async Task the_offline_verifier_proves_a_shown_personal_value_against_the_salted_hash_its_event_holds()
    {
        var client = await TestHost.Client();
        var kommune = await client.RegisterKommune();
        var address = $"salz-{Guid.NewGuid():N}@example.org";
        await (await client.Put($"/api/kommunen/{kommune}/units", new { name = "Integrationsbüro", email = address })).ShouldBe(HttpStatusCode.Created);
        var (file, _) = await Export(kommune);

        var (exitCode, output) = await VerifyExport(file);
        var text = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, text.Replace(address, address.Replace("salz-", "satz-")), new UTF8Encoding(false));
        var (forgedExit, forged) = await VerifyExport(file);

        Assert.True(exitCode == 0, output);
        Assert.Equal(1, forgedExit);
        Assert.Contains("does not match the salted hash", forged);
    }

    [Fact]
    public async Task a_rewritten_chain_is_caught_against_the_earlier_export()
    {
        var kommune = await Journey();
        var (earlier, _) = await Export(kommune);

        // As the database's administrator: edit version 2 and recompute every link from there on, so
        // the database agrees with itself again and /verify passes.
        await using (var connection = new NpgsqlConnection(TestHost.AdminConnectionString))
        {
            await connection.OpenAsync();
            foreach (var sql in new[]
                     {
                         "update selbstcheck.mt_events set data = jsonb_set(data, '{name}', '\"Einheit (umgeschrieben)\"') where stream_id = $1 and version = 2",
                         """
                         do $rewrite$
                         declare e record; previous text;
                         begin
                             for e in select m.stream_id, m.version, m.type, m.timestamp, m.data from selbstcheck.mt_events m
                                      where m.stream_id = current_setting('audit.kommune') and m.version >= 2 order by m.version loop
                                 select c.hash into previous from selbstcheck.event_chain c where c.stream_id = e.stream_id and c.version = e.version - 1;
                                 update selbstcheck.event_chain set previous_hash = previous,
                                        hash = selbstcheck.event_chain_hash(e.stream_id, e.version, e.type, e.timestamp, e.data, previous)
                                 where stream_id = e.stream_id and version = e.version;
                             end loop;
                         end
                         $rewrite$
                         """,
                     })
            {
                if (sql.StartsWith("do"))
                {
                    await using var set = new NpgsqlCommand("select set_config('audit.kommune', $1, false)", connection);
                    set.Parameters.AddWithValue(kommune);
                    await set.ExecuteNonQueryAsync();
                }

                await using var command = new NpgsqlCommand(sql, connection);
                if (sql.Contains("$1")) command.Parameters.AddWithValue(kommune);
                await command.ExecuteNonQueryAsync();
            }
        }

        var verify = await (await TestHost.ClientAs(Roles.Audit)).GetJson($"/api/kommunen/{kommune}/verify");
        var (rewritten, _) = await Export(kommune);
        var (aloneExit, alone) = await VerifyExport(rewritten);
        var (exitCode, output) = await VerifyExport(rewritten, earlier);

        Assert.True(verify.GetProperty("verified").GetBoolean(), verify.ToString());
        Assert.True(aloneExit == 0, alone);
        Assert.Equal(1, exitCode);
        Assert.Contains($"FAILED {kommune}: rewritten chain: version 2 (", output);
    }

    /// <summary>A Kommune with four events (registered, three units whose names are not ASCII).</summary>
    private static async Task<string> Journey()
    {
        var client = await TestHost.Client();
        var kommune = await client.RegisterKommune();
        for (var i = 1; i <= 3; i++)
        {
            await (await client.Put($"/api/kommunen/{kommune}/units", new { name = $"Amt für Straßenbau {i}" })).ShouldBe(HttpStatusCode.Created);
        }

        return kommune;
    }

    /// <summary>Downloads the export as the auditor with the personal-data claim, into a file of its own.</summary>
    private async Task<(string File, HttpResponseMessage Response)> Export(string kommune)
    {
        var client = await TestHost.ClientAs(Roles.Audit, personalData: true);
        var response = await client.GetAsync($"/api/kommunen/{kommune}/audit-export");
        await response.ShouldBe(HttpStatusCode.OK);
        var file = Path.Combine(Path.GetTempPath(), $"selbstcheck-audit-{Guid.NewGuid():N}.jsonl");
        files.Add(file);
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        return (file, response);
    }

    /// <summary>Runs the project's offline verifier, <c>python3 ops/verify-export</c>, as an auditor would.</summary>
    internal static async Task<(int ExitCode, string Output)> VerifyExport(params string[] files)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ops", "verify-export"))) root = root.Parent;
        Assert.NotNull(root);
        var (exitCode, output, errors) = await Processes.RunAsync(new ProcessStartInfo("python3", [Path.Combine(root.FullName, "ops", "verify-export"), .. files]));
        return (exitCode, output + errors);
    }
}
