using System.Net;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Host.Tests.Platform;

/// <summary>A client can retry a create after a timeout: the Idempotency-Key makes the POST run once.</summary>
public class IdempotencyTests
{
    private static HttpRequestMessage Post(string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: TestHost.Json) };
        request.Headers.Add(IdempotencyMiddleware.Header, key);
        return request;
    }

    private static object Milestone(string title) => new { title, kind = "Sonstiges", owner = "Integrationsbüro", dueDate = "2030-05-05" };

    private static async Task<long> Milestones(HttpClient client, string kommune) =>
        (await client.GetJson($"/api/kommunen/{kommune}/milestones")).GetProperty("total").GetInt64();

    [Fact]
    public async Task SameIdempotencyKeyReplaysFirstResponse()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var key = $"plan-{Guid.NewGuid()}";
        var url = $"/api/kommunen/{kommune}/milestones";

        var first = await admin.SendAsync(Post(url, Milestone("Dialogveranstaltung"), key));
        var retry = await admin.SendAsync(Post(url, Milestone("Dialogveranstaltung"), key));

        await first.ShouldBe(HttpStatusCode.Created);
        await retry.ShouldBe(HttpStatusCode.Created);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("application/json", retry.Content.Headers.ContentType?.MediaType);
        Assert.Equal("true", retry.Headers.GetValues(IdempotencyMiddleware.ReplayedHeader).Single());
        Assert.Equal(1, await Milestones(admin, kommune));
        // Without a key, or with another one, a POST runs again.
        await (await admin.SendAsync(Post(url, Milestone("Dialogveranstaltung"), key + "-2"))).ShouldBe(HttpStatusCode.Created);
        await (await admin.Post(url, Milestone("Dialogveranstaltung"))).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(3, await Milestones(admin, kommune));
    }

    [Fact]
    public async Task SameKeyDifferentBodyIs422()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var key = $"plan-{Guid.NewGuid()}";
        var url = $"/api/kommunen/{kommune}/milestones";
        await (await admin.SendAsync(Post(url, Milestone("Dialogveranstaltung"), key))).ShouldBe(HttpStatusCode.Created);

        var other = await admin.SendAsync(Post(url, Milestone("Etwas anderes"), key));

        var problem = await other.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "idempotency-key-anderer-inhalt");
        Assert.Equal("Idempotency-Key mit anderem Inhalt", problem.GetProperty("title").GetString());
        Assert.Equal(1, await Milestones(admin, kommune));
    }

    [Fact]
    public async Task ConcurrentDuplicateIs409()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var key = $"plan-{Guid.NewGuid()}";
        var url = $"/api/kommunen/{kommune}/milestones";
        var user = (await admin.GetJson("/api/me")).GetProperty("userId").GetString()!;
        var record = IdempotencyMiddleware.RecordId(user, "POST", url, key);
        var store = (await TestHost.Instance).Services.GetRequiredService<IDocumentStore>();

        Task<HttpResponseMessage> first;
        // Hold the Kommune's stream as a command does: the first request reserves its key, then waits for the stream.
        await using (var holder = store.LightweightSession())
        {
            await holder.Events.FetchForExclusiveWriting<KommuneState>(kommune);
            first = admin.SendAsync(Post(url, Milestone("Dialogveranstaltung"), key));
            await using var query = store.QuerySession();
            for (var i = 0; await query.LoadAsync<IdempotencyRecord>(record) is null; i++)
            {
                Assert.True(i < 200, "the first request did not reserve its key within 10 s");
                await Task.Delay(50);
            }

            var duplicate = await admin.SendAsync(Post(url, Milestone("Dialogveranstaltung"), key));

            await duplicate.ShouldBeProblem(HttpStatusCode.Conflict, "anfrage-in-bearbeitung");
            Assert.True(duplicate.Headers.RetryAfter!.Delta > TimeSpan.Zero);
            Assert.False(first.IsCompleted);
        }

        await (await first).ShouldBe(HttpStatusCode.Created);
        await (await admin.SendAsync(Post(url, Milestone("Dialogveranstaltung"), key))).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(1, await Milestones(admin, kommune));
    }

    [Fact]
    public async Task KeysAreScopedPerUser()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var office = await TestHost.ClientAs(Roles.Kommune, kommune);
        var key = $"plan-{Guid.NewGuid()}";
        var url = $"/api/kommunen/{kommune}/milestones";

        var byAdmin = await admin.SendAsync(Post(url, Milestone("Dialogveranstaltung"), key));
        var byOffice = await office.SendAsync(Post(url, Milestone("Dialogveranstaltung"), key));

        await byAdmin.ShouldBe(HttpStatusCode.Created);
        await byOffice.ShouldBe(HttpStatusCode.Created);
        Assert.False(byOffice.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));
        Assert.NotEqual(await byAdmin.Content.ReadAsStringAsync(), await byOffice.Content.ReadAsStringAsync());
        // … and per route: the same key on another path is another request.
        await (await office.SendAsync(Post($"/api/kommunen/{kommune}/action-items", new { field = 4, text = "Text", owner = "Integrationsbüro" }, key)))
            .ShouldBe(HttpStatusCode.Created);
        Assert.Equal(2, await Milestones(admin, kommune));
    }

    [Fact]
    public async Task a_refused_request_releases_its_key_and_bad_keys_are_400()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var key = $"plan-{Guid.NewGuid()}";
        var url = $"/api/kommunen/{kommune}/milestones";

        await (await admin.SendAsync(Post(url, new { title = "", kind = "Sonstiges", owner = "Integrationsbüro", dueDate = "2030-05-05" }, key)))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        // The refusal was not kept: the corrected request may use the same key.
        await (await admin.SendAsync(Post(url, Milestone("Dialogveranstaltung"), key))).ShouldBe(HttpStatusCode.Created);

        foreach (var bad in new[] { new string('k', IdempotencyMiddleware.MaxKeyLength + 1), "tab\tkey", "umläut" })
        {
            var request = Post(url, Milestone("Dialogveranstaltung"), "x");
            request.Headers.Remove(IdempotencyMiddleware.Header);
            request.Headers.TryAddWithoutValidation(IdempotencyMiddleware.Header, bad);
            var problem = await (await admin.SendAsync(request)).ShouldBeProblem(HttpStatusCode.BadRequest, "idempotency-key-ungueltig");
            Assert.Equal("Ungültiger Idempotency-Key", problem.GetProperty("title").GetString());
        }

        Assert.Equal(1, await Milestones(admin, kommune));
    }

    [Fact]
    public async Task stored_answers_expire_after_24_hours_and_are_protected_at_rest()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var key = $"link-{Guid.NewGuid()}";
        var url = $"/api/kommunen/{kommune}/links";
        var user = (await admin.GetJson("/api/me")).GetProperty("userId").GetString()!;
        var created = await admin.SendAsync(Post(url, new { purpose = "kalender" }, key));
        await created.ShouldBe(HttpStatusCode.Created);
        var linkKey = (await created.ReadJson()).GetProperty("key").GetString()!;
        var store = (await TestHost.Instance).Services.GetRequiredService<IDocumentStore>();
        var id = IdempotencyMiddleware.RecordId(user, "POST", url, key);

        await using (var session = store.LightweightSession())
        {
            var record = (await session.LoadAsync<IdempotencyRecord>(id))!;
            // The link key is shown once; the kept answer holds it only protected.
            Assert.DoesNotContain(linkKey, record.Body!);
            Assert.DoesNotContain(linkKey, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(record.Body!)));
            Assert.Equal(TimeSpan.FromHours(24), record.ExpiresAt - record.ReservedAt);
            // A day later: expired — the key is free again, and the cleanup removes such records.
            record.ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            session.Update(record);
            await session.SaveChangesAsync();
        }

        var again = await admin.SendAsync(Post(url, new { purpose = "kalender" }, key));
        await again.ShouldBe(HttpStatusCode.Created);
        Assert.NotEqual(linkKey, (await again.ReadJson()).GetProperty("key").GetString());
        await using (var session = store.LightweightSession())
        {
            var record = (await session.LoadAsync<IdempotencyRecord>(id))!;
            record.ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            session.Update(record);
            await session.SaveChangesAsync();
        }

        await (await TestHost.Instance).Services.GetRequiredService<IdempotencyCleanup>().CleanAsync(CancellationToken.None);
        await using var query = store.QuerySession();
        Assert.Null(await query.LoadAsync<IdempotencyRecord>(id));
    }
}
