using System.Net;
using Npgsql;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Questionnaire;

public class AnswerConcurrencyTests
{
    [Fact]
    public async Task eight_respondents_answering_at_once_are_all_stored_and_evaluated()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune);
        var respondents = new List<(Guid Id, string Key)>();
        for (var i = 0; i < 8; i++)
        {
            var (id, key, _) = await admin.AddRespondent(kommune, round, $"Dezernat {i}");
            respondents.Add((id, key));
        }

        using var retries = new RetryCounter(kommune);

        // Hold the Kommune's stream row: all writers wait for it, then answer one after the other.
        await using var connection = new NpgsqlConnection(TestHost.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("select 1 from selbstcheck.mt_streams where id = @id for update", connection, tx))
        {
            lockRow.Parameters.AddWithValue("id", kommune);
            await lockRow.ExecuteScalarAsync();
        }

        var browser = await TestHost.AnonymousClient();
        var writers = respondents.Select(r => browser.Put($"/api/kommunen/{kommune}/rounds/{round}/respondents/{r.Id}/answers?key={r.Key}",
            new { answers = new[] { new { criterion = "5.1", answer = "ja" } } })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await tx.CommitAsync();
        foreach (var response in await Task.WhenAll(writers)) await response.ShouldBe(HttpStatusCode.OK);

        foreach (var r in respondents)
        {
            await (await browser.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/respondents/{r.Id}/submit?key={r.Key}", null)).ShouldBe(HttpStatusCode.OK);
        }

        var evaluation = await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/close", null)).ReadJson();
        var criterion = evaluation.GetProperty("evaluation").GetProperty("fields").EnumerateArray()
            .Single(f => f.GetProperty("field").GetInt32() == 5).GetProperty("criteria")[0];
        Assert.Equal(8, criterion.GetProperty("counts").GetProperty("ja").GetInt32());
        Assert.Equal(0, retries.Count);
    }

    [Fact]
    public async Task two_edits_of_one_answer_with_the_same_expected_version_give_exactly_one_409()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune);
        var (rid, key, _) = await admin.AddRespondent(kommune, round, "Integrationsbüro");
        var url = $"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/answers";
        await (await admin.Put(url, new { answers = new[] { new { criterion = "1.1", answer = "eher ja" } } })).ShouldBe(HttpStatusCode.OK);
        var browser = await TestHost.AnonymousClient();

        var edits = await Task.WhenAll(
            admin.Put(url, new { answers = new[] { new { criterion = "1.1", answer = "ja", expectedVersion = 1 } } }),
            browser.Put($"{url}?key={key}", new { answers = new[] { new { criterion = "1.1", answer = "nein", expectedVersion = 1 } } }));

        Assert.Equal(1, edits.Count(r => r.StatusCode == HttpStatusCode.OK));
        var conflict = Assert.Single(edits, r => r.StatusCode == HttpStatusCode.Conflict);
        var problem = await conflict.ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");
        Assert.Equal("1.1", problem.GetProperty("criteria")[0].GetProperty("criterion").GetString());
    }
}
