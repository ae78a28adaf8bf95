using Selbstcheck.Workflow.Common;
using System.Net;
using System.Runtime.CompilerServices;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Limits.Tests;

internal static class LimitsTestsSetup
{
    public const int WritesPerMinute = 8;
    public const int ReadsPerMinute = 20;
    public const int AnonymousReadsPerMinute = 5;
    public const int OpenSurveyStartsPerMinute = 3;

    /// <summary>A host of its own, with small limits switched on (the other projects run without).</summary>
    [ModuleInitializer]
    internal static void Init() => TestHost.Options = new TestHostOptions
    {
        Database = "limitstests",
        RateLimits = true,
        WritesPerMinute = WritesPerMinute,
        Settings = new Dictionary<string, string>
        {
            ["Selbstcheck:RateLimits:SignInsPerMinute"] = "3",
            ["Selbstcheck:RateLimits:ReadsPerMinute"] = ReadsPerMinute.ToString(),
            ["Selbstcheck:RateLimits:AnonymousReadsPerMinute"] = AnonymousReadsPerMinute.ToString(),
            // #14 open survey: openings of open survey links per client address.
            ["Selbstcheck:OpenSurvey:StartsPerMinute"] = OpenSurveyStartsPerMinute.ToString(),
            // One render at a time, one waiting, two seconds for both together.
            ["Selbstcheck:Pdf:Concurrency"] = "1",
            ["Selbstcheck:Pdf:QueueLength"] = "1",
            ["Selbstcheck:Pdf:TimeoutSeconds"] = "2",
        },
    };
}

public class RateLimitTests
{
    [Fact]
    public async Task writes_beyond_the_per_user_limit_are_429_with_retry_after_and_change_nothing()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var office = await TestHost.ClientAs(Roles.Kommune, kommune);
        for (var i = 0; i < LimitsTestsSetup.WritesPerMinute; i++)
        {
            await (await office.Put($"/api/kommunen/{kommune}/units", new { name = $"Amt {i}" })).ShouldBe(HttpStatusCode.Created);
        }

        var limited = await office.Put($"/api/kommunen/{kommune}/units", new { name = "Ein Amt zu viel" });

        var problem = await limited.ShouldBeProblem(HttpStatusCode.TooManyRequests, "zu-viele-anfragen");
        Assert.Equal("Zu viele Anfragen", problem.GetProperty("title").GetString());
        Assert.True(limited.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        // Reads have a budget of their own, and the refused write stored nothing.
        var units = await office.GetJson($"/api/kommunen/{kommune}/units");
        Assert.Equal(LimitsTestsSetup.WritesPerMinute, units.GetProperty("total").GetInt64());
        // Another user has a budget of their own.
        var facilitator = await admin.RegisterPerson();
        await (await admin.Put($"/api/kommunen/{kommune}/facilitator", new { personId = facilitator })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task sign_in_attempts_are_limited_per_address()
    {
        var browser = await TestHost.AnonymousClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await browser.Post("/api/session", new { token = "falsch" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }
}
