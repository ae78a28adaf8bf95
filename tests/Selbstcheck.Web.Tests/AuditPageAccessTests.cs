using System.Net;

namespace Selbstcheck.Web.Tests;

/// <summary>The Standortbestimmung and workshop pages over HTTP (bearer tokens, no browser): who may see an earlier state.</summary>
public class AuditPageAccessTests
{
    [Theory]
    [InlineData("/kommunen/dessau-rosslau/standortbestimmung")]
    [InlineData("/kommunen/dessau-rosslau/workshops")]
    public async Task teilnehmende_read_todays_page_but_not_an_earlier_state_which_the_state_endpoint_refuses_them(string page)
    {
        var teilnehmende = await WebHost.ApiAsync("teilnehmende", "dessau-rosslau");
        var office = await WebHost.ApiAsync("kommune", "dessau-rosslau");

        var today = await teilnehmende.GetAsync(page);
        var earlier = await teilnehmende.GetAsync($"{page}?stand=2020-06-30");
        var officeEarlier = await office.GetAsync($"{page}?stand=2020-06-30");

        Assert.Equal(HttpStatusCode.OK, today.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, earlier.StatusCode);
        Assert.Contains("Keine Berechtigung", await earlier.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, officeEarlier.StatusCode);
        Assert.Contains("Stand: 30.06.2020", await officeEarlier.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task a_day_before_the_kommune_existed_is_a_german_404_not_a_500()
    {
        var audit = await WebHost.ApiAsync("audit");

        var response = await audit.GetAsync("/kommunen/dessau-rosslau/standortbestimmung?stand=2019-01-01");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Zu diesem Zeitpunkt gab es die Kommune noch nicht", await response.Content.ReadAsStringAsync());
    }
}
