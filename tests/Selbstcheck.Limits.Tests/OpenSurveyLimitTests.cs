using System.Net;
using System.Net.Http.Headers;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Limits.Tests;

/// <summary>#14 open survey: opening a round's open survey link is rate-limited per client address.</summary>
public class OpenSurveyLimitTests
{
    [Fact]
    public async Task opening_the_open_survey_link_beyond_the_limit_is_429_and_starts_no_response()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune, actorGroup: "Einwohnerschaft");
        var created = await admin.Post($"/api/kommunen/{kommune}/rounds/{round}/open-link", new { capacity = 50 });
        await created.ShouldBe(HttpStatusCode.Created);
        var key = Uri.EscapeDataString((await created.ReadJson()).GetProperty("key").GetString()!);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i <= LimitsTestsSetup.OpenSurveyStartsPerMinute; i++)
        {
            // A new browser each time (no cookie): each opening would start a response.
            var browser = await TestHost.AnonymousClient();
            var request = new HttpRequestMessage(HttpMethod.Get, $"/befragung/offen?key={key}");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            last = await browser.SendAsync(request);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.SeeOther, LimitsTestsSetup.OpenSurveyStartsPerMinute), HttpStatusCode.TooManyRequests], statuses);
        var problem = await last.ShouldBeProblem(HttpStatusCode.TooManyRequests, "zu-viele-anfragen");
        Assert.Equal("Zu viele Anfragen", problem.GetProperty("title").GetString());
        Assert.True(last.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        var progress = await admin.GetJson($"/api/kommunen/{kommune}/rounds/{round}");
        Assert.Equal(LimitsTestsSetup.OpenSurveyStartsPerMinute, progress.GetProperty("openSurvey").GetProperty("started").GetInt32());
    }
}
