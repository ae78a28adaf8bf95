using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Platform;

public class PlatformTests
{
    [Fact]
    public async Task live_and_ready_answer_healthy()
    {
        var client = await TestHost.Client();

        await (await client.GetAsync("/health/live")).ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetJson("/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("daemon").GetProperty("status").GetString());
    }

    [Fact]
    public async Task hangfire_keeps_its_jobs_in_its_own_postgresql_schema()
    {
        await TestHost.Instance;
        await using var connection = new Npgsql.NpgsqlConnection(TestHost.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(
            "select count(*) from information_schema.tables where table_schema = 'hangfire' and table_name in ('job', 'server')", connection);

        Assert.Equal(2L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task seeding_the_shipped_catalogues_again_changes_nothing()
    {
        var host = await TestHost.Instance;
        var seeder = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Selbstcheck.Host.Catalogues.CatalogueSeeder>().Single();

        // A second start (or a second node) finds the same versions and leaves them alone.
        await seeder.StartAsync(CancellationToken.None);

        var catalogues = await (await TestHost.Client()).GetJson("/api/catalogues?pageSize=500");
        Assert.Contains(catalogues.GetProperty("items").EnumerateArray(), c => c.GetProperty("version").GetString() == "2020.1");
    }

    [Fact]
    public async Task a_stream_without_its_write_model_gets_it_rebuilt_from_its_events_at_start()
    {
        var client = await TestHost.Client();
        var kommune = await client.RegisterKommune();
        var round = await client.OpenRound(kommune);
        var (respondent, _, _) = await client.AddRespondent(kommune, round, "Integrationsbüro");
        var answers = $"/api/kommunen/{kommune}/rounds/{round}/respondents/{respondent}/answers";
        await (await client.Put(answers, new { answers = new[] { new { criterion = "1.1", answer = "ja" } } })).ShouldBe(HttpStatusCode.OK);
        var milestone = (await (await client.Post($"/api/kommunen/{kommune}/milestones",
            new { title = "Dialog", kind = "Dialogveranstaltung", owner = "Integrationsbüro", dueDate = "2031-10-08" })).ReadJson()).GetProperty("milestoneId").GetGuid();

        // As an older version left it: the events, but none of the write model's documents.
        await using (var connection = new Npgsql.NpgsqlConnection(TestHost.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var table in new[] { "kommunestate", "roundstate", "respondentstate", "milestonestate" })
            {
                await using var delete = new Npgsql.NpgsqlCommand($"delete from selbstcheck.mt_doc_{table} where id = @id or id like @prefix", connection);
                delete.Parameters.AddWithValue("id", kommune);
                delete.Parameters.AddWithValue("prefix", kommune + "/%");
                Assert.True(await delete.ExecuteNonQueryAsync() > 0, table);
            }
        }

        await (await client.Put($"/api/kommunen/{kommune}/units", new { name = "Vor dem Neuaufbau" })).ShouldBeProblem(HttpStatusCode.NotFound, "kommune-unbekannt");
        var host = await TestHost.Instance;
        var backfill = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Selbstcheck.Host.Infrastructure.WriteModelBackfill>().Single();
        Assert.Contains(kommune, await backfill.FindMissingAsync(CancellationToken.None));
        // Only this test's stream: the others belong to tests running at the same time.
        await backfill.RebuildAsync([kommune], CancellationToken.None);

        await (await client.Put($"/api/kommunen/{kommune}/units", new { name = "Nach dem Neuaufbau" })).ShouldBe(HttpStatusCode.Created);
        // The items are back with their versions: a stale version is still refused, the current one accepted.
        await (await client.Put(answers, new { answers = new[] { new { criterion = "1.1", answer = "nein", expectedVersion = 0 } } }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");
        await (await client.Put(answers, new { answers = new[] { new { criterion = "1.1", answer = "nein", expectedVersion = 1 } } })).ShouldBe(HttpStatusCode.OK);
        await (await client.Post($"/api/kommunen/{kommune}/milestones/{milestone}/complete", new { expectedVersion = 1 })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_snapshot_written_before_the_item_counts_is_rebuilt_so_the_caps_count_what_is_there()
    {
        var client = await TestHost.Client();
        var kommune = await client.RegisterKommune();
        for (var i = 0; i < 2; i++)
        {
            await (await client.Post($"/api/kommunen/{kommune}/milestones", new { title = $"M{i}", kind = "Sonstiges", owner = "Integrationsbüro", dueDate = "2031-10-08" }))
                .ShouldBe(HttpStatusCode.Created);
        }

        // As the version before the caps left it: no counts, no shape.
        await using (var connection = new Npgsql.NpgsqlConnection(TestHost.ConnectionString))
        {
            await connection.OpenAsync();
            await using var strip = new Npgsql.NpgsqlCommand("update selbstcheck.mt_doc_kommunestate set data = data - 'counts' - 'shape' where id = @id", connection);
            strip.Parameters.AddWithValue("id", kommune);
            Assert.Equal(1, await strip.ExecuteNonQueryAsync());
        }

        var host = await TestHost.Instance;
        var backfill = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Selbstcheck.Host.Infrastructure.WriteModelBackfill>().Single();
        Assert.Contains(kommune, await backfill.FindMissingAsync(CancellationToken.None));
        await backfill.RebuildAsync([kommune], CancellationToken.None);

        await using var session = host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        var state = (await session.LoadAsync<Selbstcheck.Workflow.Journey.KommuneState>(kommune))!;
        Assert.Equal((2, Selbstcheck.Workflow.Journey.KommuneState.CurrentShape), (state.Counts.Milestones, state.Shape));
        Assert.DoesNotContain(kommune, await backfill.FindMissingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task a_write_model_of_an_older_shape_is_rebuilt_from_the_events()
    {
        var client = await TestHost.Client();
        var kommune = await client.RegisterKommune();
        var person = await client.RegisterPerson();
        await (await client.Put($"/api/kommunen/{kommune}/facilitator", new { personId = person })).ShouldBe(HttpStatusCode.OK);
        var scheduled = await client.Post($"/api/kommunen/{kommune}/workshops", new { startsAt = "2031-03-17T14:00", online = true });
        var workshop = (await scheduled.ReadJson()).GetProperty("id").GetGuid();
        var agenda = $"/api/kommunen/{kommune}/workshops/{workshop}/agenda";
        await (await client.Put(agenda, new { goals = new[] { "eins" } })).ShouldBe(HttpStatusCode.OK);

        // As the previous shape left it: no people on the Kommune's state, no list versions on the workshop's.
        await using (var connection = new Npgsql.NpgsqlConnection(TestHost.ConnectionString))
        {
            await connection.OpenAsync();
            await using var kommuneState = new Npgsql.NpgsqlCommand(
                "update selbstcheck.mt_doc_kommunestate set data = (data - 'people') - 'shape' where id = @id", connection);
            kommuneState.Parameters.AddWithValue("id", kommune);
            Assert.Equal(1, await kommuneState.ExecuteNonQueryAsync());
            await using var workshopState = new Npgsql.NpgsqlCommand("update selbstcheck.mt_doc_workshopstate set data = data - 'listVersions' where id = @id", connection);
            workshopState.Parameters.AddWithValue("id", $"{kommune}/{workshop}");
            Assert.Equal(1, await workshopState.ExecuteNonQueryAsync());
        }

        var milestone = new { title = "Dialog", kind = "Dialogveranstaltung", owner = "Integrationsbüro", ownerPersonId = person, dueDate = "2031-10-08" };
        await (await client.Post($"/api/kommunen/{kommune}/milestones", milestone)).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        var backfill = (await TestHost.Instance).Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Selbstcheck.Host.Infrastructure.WriteModelBackfill>().Single();
        Assert.Contains(kommune, await backfill.FindMissingAsync(CancellationToken.None));
        await backfill.RebuildAsync([kommune], CancellationToken.None);

        Assert.DoesNotContain(kommune, await backfill.FindMissingAsync(CancellationToken.None));
        await (await client.Post($"/api/kommunen/{kommune}/milestones", milestone)).ShouldBe(HttpStatusCode.Created);
        await (await client.Put(agenda, new { goals = new[] { "zwei" }, expectedVersion = 0 })).ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");
        await (await client.Put(agenda, new { goals = new[] { "zwei" }, expectedVersion = 1 })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task the_openapi_document_lists_the_endpoints()
    {
        var client = await TestHost.Client();

        var doc = await client.GetJson("/openapi/v1.json");

        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/kommunen", paths);
        Assert.Contains("/api/kommunen/{id}/history", paths);
        Assert.Contains("/api/people", paths);
        var plan = doc.GetProperty("paths").GetProperty("/api/kommunen/{id}/milestones").GetProperty("post").GetProperty("parameters").EnumerateArray();
        Assert.Contains(plan, p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");
    }

    [Fact]
    public async Task an_unknown_route_is_a_german_404_problem()
    {
        var client = await TestHost.Client();

        var problem = await (await client.GetAsync("/api/gibt-es-nicht")).ShouldBeProblem(HttpStatusCode.NotFound, "nicht-gefunden");
        Assert.Equal("Nicht gefunden", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task a_wrong_method_is_a_german_405_problem()
    {
        var client = await TestHost.Client();

        await (await client.DeleteAsync("/api/kommunen")).ShouldBeProblem(HttpStatusCode.MethodNotAllowed, "methode-nicht-erlaubt");
    }

    [Fact]
    public async Task a_sane_correlation_id_is_echoed_and_a_missing_one_is_minted()
    {
        var client = await TestHost.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Correlation-Id", "abc-123");

        var echoed = await client.SendAsync(request);
        var minted = await client.GetAsync("/health/live");

        Assert.Equal("abc-123", echoed.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Matches("^[0-9a-f]{32}$", minted.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task a_person_is_stored_apart_and_read_back()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterPerson("Max Beispiel");

        var person = await client.GetJson($"/api/people/{id}");

        Assert.Equal("Max Beispiel", person.GetProperty("name").GetString());
        await (await client.GetAsync($"/api/people/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound, "person-unbekannt");
        await (await client.Post("/api/people", new { name = "", email = "x" })).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
    }
}
