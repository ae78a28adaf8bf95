using System.Net;
using Npgsql;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Kommunen;

public class ConcurrencyTests
{
    [Fact]
    public async Task unrelated_writers_on_one_stream_all_succeed_through_server_side_retries()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterKommune();
        using var retries = new RetryCounter(id);

        // Eight departments at the same moment, each adding its own unit to the same Kommune stream.
        // A lock on the stream's row holds every append back until all eight have read the same
        // version: when it is released, one commits and the others collide.
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
        Assert.True(retries.Count > 0, "expected at least one server-side retry");
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
