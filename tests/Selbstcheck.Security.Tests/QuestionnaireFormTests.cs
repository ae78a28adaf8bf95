using System.Net;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// The questionnaire's form posts (#13, points 3 and 4) under hostile input, as the fuzz test drives the API's
/// operations: every refusal is a 4xx (never a 500) and changes nothing in the Kommune's stream.
/// </summary>
public class QuestionnaireFormTests
{
    [Fact]
    public async Task hostile_form_posts_to_the_on_behalf_questionnaire_are_refused_with_4xx_and_change_nothing()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune);
        var (respondent, _, _) = await admin.AddRespondent(kommune, round, "Ordnungsamt");
        var office = await TestHost.ClientAs(Roles.Kommune, kommune);
        var path = $"/kommunen/{kommune}/runden/{round}/befragte/{respondent}";
        var before = await admin.HistoryCount(kommune);

        KeyValuePair<string, string> F(string name, string value) => new(name, value);
        var hostile = new (string Handler, KeyValuePair<string, string>[] Form)[]
        {
            ("Feld", []),
            ("Feld", [F("feld", "abc"), F("antwort-1.1", "ja")]),
            ("Feld", [F("feld", "99"), F("antwort-1.1", "ja")]),
            ("Feld", [F("feld", "1")]),
            ("Feld", [F("feld", "1"), F("antwort-1.1", "vielleicht")]),
            ("Feld", [F("feld", "1"), F("antwort-1.1", "ja"), F("beleg-1.1", "javascript:alert(1)")]),
            ("Feld", [F("feld", "1"), F("antwort-1.1", "ja"), F("kommentar-1.1", new string('x', 2001))]),
            ("Feld", [F("feld", "1"), F("antwort-1.1", "ja"), F("version-1.1", "7")]),
            ("Feld", [F("feld", "1"), F("antwort-1.1", "ja"), F("version-1.1", "-1")]),
            ("Feld", [F("feld", "1"), F("antwort-1.1", "ja"), F("version-1.1", "abc")]),
            ("Feld", [F("feld", "1"), F("kommentar-1.1", "ohne Antwort")]),
            ("Feld", [F("feld", "1"), F("antwort-2.1", "ja")]),
            ("Feld", [F("feld", "1"), F("antwort-1.1", "ja\u0000\u202e")]),
            ("Unbekannt", [F("feld", "1"), F("antwort-1.1", "ja")]),
            ("", [F("feld", "1"), F("antwort-1.1", "ja")]),
        };
        foreach (var (handler, form) in hostile)
        {
            var response = await office.PostAsync($"{path}?handler={handler}", new FormUrlEncodedContent(form));
            var what = $"{handler}: {string.Join("&", form.Select(f => $"{f.Key}={(f.Value.Length > 20 ? f.Value[..20] + "…" : f.Value)}"))}";
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what} → {(int)response.StatusCode}");
        }

        Assert.Equal(before, await admin.HistoryCount(kommune));
        // Submitting twice: the second is refused and changes nothing either.
        var submit = $"{path}?handler=Absenden";
        Assert.Equal(HttpStatusCode.Found, (await office.PostAsync(submit, new FormUrlEncodedContent([]))).StatusCode);
        var submitted = await admin.HistoryCount(kommune);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await office.PostAsync(submit, new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await office.PostAsync($"{path}?handler=Feld", new FormUrlEncodedContent([F("feld", "1"), F("antwort-1.1", "ja")]))).StatusCode);
        Assert.Equal(submitted, await admin.HistoryCount(kommune));
    }
}
