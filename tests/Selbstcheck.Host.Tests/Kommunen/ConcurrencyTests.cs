using System.Net;
using Npgsql;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Kommunen;

public class ConcurrencyTests
{
    [Fact]
    public async Task unrelated_writers_on_one_stream_all_succeed_queued_on_the_stream()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterKommune();
        using var retries = new RetryCounter(id);

        // Eight departments at the same moment, each adding its own unit to the same Kommune stream.
        // A lock on the stream's row holds all eight back; when it is released they run one after the
        // other, each reading what the one before wrote — none collides, none is refused.
        await using var connection = new NpgsqlConnection(TestHost.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("select 1 from selbstcheck.mt_streams where id = @id for update", connection, tx))
        {
            lockRow.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await lockRow.ExecuteScalarAsync());
        }

        var writers = Enumerable.Range(1, 8)
            .Select(i => client.Put($"/api/kommunen/{id}/units", new { name = $"Dezernat {i}" }))
            .ToList();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await tx.CommitAsync();
        var responses = await Task.WhenAll(writers);

        foreach (var r in responses) await r.ShouldBe(HttpStatusCode.Created);
        var units = await client.GetJson($"/api/kommunen/{id}/units");
        Assert.Equal(8, units.GetProperty("total").GetInt64());
        Assert.Equal(9, await client.HistoryCount(id));
        Assert.Equal(0, retries.Count);
    }

    [Fact]
    public async Task two_registrations_of_one_new_id_at_once_give_one_kommune_and_the_domains_409()
    {
        var client = await TestHost.Client();
        var id = TestHost.NewKommuneId();
        using var retries = new RetryCounter(id);

        // Inserts into the stream table wait until both registrations have found the id free: then
        // one commits, the other's insert fails, and its re-run decides again.
        await using var connection = new NpgsqlConnection(TestHost.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("lock table selbstcheck.mt_streams in share row exclusive mode", connection, tx))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var registrations = Enumerable.Range(1, 2)
            .Select(_ => client.Post("/api/kommunen", new { id, name = $"Testkommune {id}", kind = "Stadt", bundesland = "Hessen" }))
            .ToList();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await tx.CommitAsync();
        var responses = await Task.WhenAll(registrations);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        await Assert.Single(responses, r => r.StatusCode != HttpStatusCode.Created).ShouldBeProblem(HttpStatusCode.Conflict, "kommune-existiert");
        Assert.True(retries.Count > 0, "expected the refused registration to be re-run");
        Assert.Equal(1, await client.HistoryCount(id));
    }

    [Fact]
    public async Task two_edits_with_the_same_expected_version_give_exactly_one_409()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterKommune();
        await (await client.Put($"/api/kommunen/{id}/units", new { name = "Sozialcontrolling" })).ShouldBe(HttpStatusCode.Created);

        var edits = await Task.WhenAll(
            client.Put($"/api/kommunen/{id}/units", new { name = "Sozialcontrolling", email = "a@example.org", expectedVersion = 1 }),
            client.Put($"/api/kommunen/{id}/units", new { name = "Sozialcontrolling", email = "b@example.org", expectedVersion = 1 }));

        Assert.Equal(1, edits.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, edits.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }
}
