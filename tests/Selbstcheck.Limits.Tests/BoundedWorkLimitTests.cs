using System.Net;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Reports;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Limits.Tests;

/// <summary>Reads and PDF rendering are bounded: 429 and 503, each with Retry-After and a German ProblemDetails.</summary>
public class BoundedWorkLimitTests
{
    [Fact]
    public async Task ReadsAreRateLimitedPerUserWith429AndRetryAfter()
    {
        // Users of their own (Kommunen that need not exist: a read counts whatever it answers).
        var reader = await TestHost.ClientAs(Roles.Kommune, TestHost.NewKommuneId("lesen"));
        var other = await TestHost.ClientAs(Roles.Kommune, TestHost.NewKommuneId("lesen"));
        // The burst is the whole minute's budget; the bucket refills a sixth every 10 s, so a slow run may get a few more.
        var answered = 0;
        HttpResponseMessage limited;
        while ((limited = await reader.GetAsync("/api/me")).StatusCode == HttpStatusCode.OK && answered < 5 * LimitsTestsSetup.ReadsPerMinute) answered++;

        Assert.True(answered >= LimitsTestsSetup.ReadsPerMinute, $"only {answered} reads before the limit");

        var problem = await limited.ShouldBeProblem(HttpStatusCode.TooManyRequests, "zu-viele-anfragen");
        Assert.Equal("Zu viele Anfragen", problem.GetProperty("title").GetString());
        Assert.True(limited.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        await (await other.GetAsync("/api/me")).ShouldBe(HttpStatusCode.OK);
        // Health probes are never limited.
        await (await reader.GetAsync("/health/live")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ReadsRateLimitedPerAddressForAnonymous()
    {
        var host = await TestHost.Instance;
        async Task<(int Status, string? RetryAfter)> SignInPage(string address)
        {
            var result = await host.Scenario(s =>
            {
                s.Get.Url("/anmelden");
                s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = IPAddress.Parse(address));
                s.IgnoreStatusCode();
            });
            return (result.Context.Response.StatusCode, result.Context.Response.Headers.RetryAfter.FirstOrDefault());
        }

        var answered = 0;
        (int Status, string? RetryAfter) limited;
        while ((limited = await SignInPage("192.0.2.10")).Status == 200 && answered < 5 * LimitsTestsSetup.AnonymousReadsPerMinute) answered++;

        Assert.True(answered >= LimitsTestsSetup.AnonymousReadsPerMinute, $"only {answered} reads before the limit");

        Assert.Equal(429, limited.Status);
        Assert.True(int.Parse(limited.RetryAfter!) > 0);
        Assert.Equal(200, (await SignInPage("192.0.2.11")).Status);
    }

    [Fact]
    public async Task FullPdfQueueAnswers503WithRetryAfter()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var created = await admin.Post($"/api/kommunen/{kommune}/workshops", new { startsAt = "2030-03-17T14:00", place = "Rathaus" });
        await created.ShouldBe(HttpStatusCode.Created);
        var url = $"/api/kommunen/{kommune}/workshops/{(await created.ReadJson()).GetProperty("id").GetGuid()}/documentation.pdf";
        var queue = (await TestHost.Instance).Services.GetRequiredService<PdfRenderer>().Queue;

        // The one renderer is busy: a request waits, and its deadline (two seconds) includes the wait.
        var running = await queue.EnterAsync(CancellationToken.None);
        HttpResponseMessage timedOut;
        try
        {
            var waiting = admin.GetAsync(url);
            for (var i = 0; queue.Admitted < 2; i++)
            {
                Assert.True(i < 200, "the request did not reach the render queue within 10 s");
                await Task.Delay(50);
            }

            // Renderer and queue are full: refused at once.
            var full = await admin.GetAsync(url);
            var problem = await full.ShouldBeProblem(HttpStatusCode.ServiceUnavailable, "pdf-warteschlange-voll");
            Assert.Equal("PDF-Erstellung ausgelastet", problem.GetProperty("title").GetString());
            Assert.True(full.Headers.RetryAfter!.Delta > TimeSpan.Zero);

            timedOut = await waiting;
        }
        finally
        {
            running.Dispose();
        }

        await timedOut.ShouldBeProblem(HttpStatusCode.ServiceUnavailable, "pdf-zeitlimit");
        Assert.True(timedOut.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        // Nothing stays admitted: the queue takes requests again (rendering itself is tested with the default deadline in Selbstcheck.Host.Tests).
        Assert.Equal(0, queue.Admitted);
        using var again = await queue.EnterAsync(CancellationToken.None);
        Assert.Equal(1, queue.Admitted);
    }
}
