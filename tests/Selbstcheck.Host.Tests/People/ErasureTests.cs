using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Tests.Platform;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;
using UglyToad.PdfPig;

namespace Selbstcheck.Host.Tests.People;

/// <summary>
/// #12 point 6, erasure that keeps the chain: a person's name and address and a named free text,
/// once erased, are nowhere — not in any schema of the database (pg_dump), not in the service's log,
/// not after a full projection rebuild — while every place that showed them reads "gelöscht", the
/// hash chain verifies and a new audit export verifies offline. Audit without the personal-data claim
/// never sees a vault value. Rebuilds projections, so it runs with the rebuild collection.
/// </summary>
[Collection(RebuildCollection.Name)]
public class ErasureTests
{
    private const string Erased = "gelöscht";
    private const string Withheld = "[personenbezogen]";

    [Fact]
    public async Task after_erasing_a_person_and_redacting_a_text_neither_is_anywhere_and_the_chain_and_a_new_export_still_verify()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var name = $"Annegret Löschbar{tag}";
        var address = $"annegret.{tag}@example.org";
        var secret = $"Vertraulich{tag} bei Herrn Nachbar";
        var j = await JourneyNaming(name, address, secret);

        // Before: the values are there for the programme team, withheld from audit without the claim.
        Assert.Equal(address, (await j.Admin.GetJson($"/api/kommunen/{j.Kommune}/units")).GetProperty("items")[0].GetProperty("email").GetString());
        await AssertAuditWithoutClaimSeesNoValue(j, name, address, secret);

        // Refused erasures change nothing.
        var before = await j.Admin.HistoryCount(j.Kommune);
        await (await Delete(j.Admin, $"/api/people/{Guid.NewGuid()}", new { reason = "Antrag" })).ShouldBeProblem(HttpStatusCode.NotFound, "person-unbekannt");
        await (await Delete(j.Admin, $"/api/people/{j.Person}", new { reason = " " })).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        await (await j.Admin.Post($"/api/kommunen/{j.Kommune}/redactions", new { value = secret })).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        await (await j.Admin.Post($"/api/kommunen/{j.Kommune}/redactions", new { value = "nichts davon", reason = "Antrag" })).ShouldBeProblem(HttpStatusCode.NotFound, "wert-unbekannt");
        await (await Delete(await TestHost.ClientAs(Roles.Audit, personalData: true), $"/api/people/{j.Person}", new { reason = "Antrag" })).ShouldBe(HttpStatusCode.Forbidden);
        Assert.Equal(before, await j.Admin.HistoryCount(j.Kommune));
        Assert.Equal(name, (await j.Admin.GetJson($"/api/people/{j.Person}")).GetProperty("name").GetString());

        // Erase the person (their name and address everywhere), redact the note's text.
        var erased = await (await Delete(j.Admin, $"/api/people/{j.Person}", new { reason = "Antrag nach Art. 17 DSGVO" })).ReadJson();
        Assert.Equal(4, erased.GetProperty("erasedValues").GetInt32()); // address, comment, moderation, speaker
        var redacted = await (await j.Admin.Post($"/api/kommunen/{j.Kommune}/redactions", new { value = secret, reason = "Widerspruch" })).ReadJson();
        Assert.Single(redacted.GetProperty("redacted").EnumerateArray());

        await AssertShownAsErasedEverywhere(j, name, address, secret);
        // An erased person is gone for new records too (the tombstone only keeps old ids readable).
        await (await j.Admin.Put($"/api/kommunen/{j.Kommune}/facilitator", new { personId = j.Person })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "person-unbekannt");
        await (await Delete(j.Admin, $"/api/people/{j.Person}", new { reason = "noch einmal" })).ShouldBeProblem(HttpStatusCode.NotFound, "person-unbekannt");
        await AssertChainAndNewExportVerify(j, name, address, secret);
        await AssertNowhereInTheDatabaseOrTheLog(name, address, secret);

        // A full rebuild of every projection from the (unchanged) events brings none of it back.
        await RebuildAllProjections();
        await AssertNowhereInTheDatabaseOrTheLog(name, address, secret);
        await AssertShownAsErasedEverywhere(j, name, address, secret);
    }

    [Fact]
    public async Task each_role_sees_the_personal_values_its_work_needs_and_audit_only_with_the_claim()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var name = $"Rollentest{tag}";
        var address = $"rolle.{tag}@example.org";
        var j = await JourneyNaming(name, address, $"Notiz{tag}");
        string? Email(JsonElement kommune) => kommune.GetProperty("units")[0].GetProperty("email").GetString();
        string? Moderation(JsonElement workshop) => workshop.GetProperty("moderation").GetString();
        var kommuneUrl = $"/api/kommunen/{j.Kommune}";
        var workshopUrl = $"/api/kommunen/{j.Kommune}/workshops/{j.Workshop}";

        var office = await TestHost.ClientAs(Roles.Kommune, j.Kommune);
        var participant = await TestHost.ClientAs(Roles.Teilnehmende, j.Kommune);
        var audit = await TestHost.ClientAs(Roles.Audit);
        var auditWithClaim = await TestHost.ClientAs(Roles.Audit, personalData: true);

        Assert.Equal((address, name), (Email(await office.GetJson(kommuneUrl)), Moderation(await office.GetJson(workshopUrl))));
        Assert.Equal((Withheld, name), (Email(await participant.GetJson(kommuneUrl)), Moderation(await participant.GetJson(workshopUrl))));
        Assert.Equal((Withheld, Withheld), (Email(await audit.GetJson(kommuneUrl)), Moderation(await audit.GetJson(workshopUrl))));
        Assert.Equal((address, name), (Email(await auditWithClaim.GetJson(kommuneUrl)), Moderation(await auditWithClaim.GetJson(workshopUrl))));
    }

    private sealed record Journey(HttpClient Admin, string Kommune, Guid Person, int Round, Guid Respondent, Guid Workshop, Guid ActionItem);

    /// <summary>A Kommune whose unit address, answer comment, workshop moderation and agenda speaker name the person, and whose note holds the secret text.</summary>
    private static async Task<Journey> JourneyNaming(string name, string address, string secret)
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var person = (await (await admin.Post("/api/people", new { name, email = address, organisation = "Stadtverwaltung" })).ReadJson()).GetProperty("id").GetGuid();
        await (await admin.Put($"/api/kommunen/{kommune}/units", new { name = "Integrationsbüro", email = address })).ShouldBe(HttpStatusCode.Created);
        var round = await admin.OpenRound(kommune);
        var (respondent, _, _) = await admin.AddRespondent(kommune, round, "Integrationsbüro");
        await (await admin.Put($"/api/kommunen/{kommune}/rounds/{round}/respondents/{respondent}/answers",
            new { answers = new[] { new { criterion = "5.1", answer = "eher ja", comment = $"Laut {name} seit 2018" } } })).ShouldBe(HttpStatusCode.OK);
        var workshop = (await (await admin.Post($"/api/kommunen/{kommune}/workshops", new { startsAt = "2031-07-01T13:00", place = "Rathaus", moderation = name })).ReadJson())
            .GetProperty("id").GetGuid();
        await (await admin.Put($"/api/kommunen/{kommune}/workshops/{workshop}/agenda",
            new { goals = new[] { "Ergebnisse besprechen" }, items = new[] { new { time = "13:00", title = "Begrüßung", by = name } } })).ShouldBe(HttpStatusCode.OK);
        var item = (await (await admin.Post($"/api/kommunen/{kommune}/action-items", new { field = 5, text = "Netzwerk stärken", owner = "Integrationsbüro" })).ReadJson())
            .GetProperty("actionItemId").GetGuid();
        await (await admin.Post($"/api/kommunen/{kommune}/action-items/{item}/notes", new { text = secret })).ShouldBe(HttpStatusCode.OK);
        return new Journey(admin, kommune, person, round, respondent, workshop, item);
    }

    private static async Task AssertAuditWithoutClaimSeesNoValue(Journey j, string name, string address, string secret)
    {
        var audit = await TestHost.ClientAs(Roles.Audit);
        var texts = new List<string>();
        foreach (var url in ReadUrls(j)) texts.Add(await (await audit.GetAsync(url)).Content.ReadAsStringAsync());
        var all = string.Join("\n", texts);
        Assert.DoesNotContain(name, all);
        Assert.DoesNotContain(address, all);
        Assert.DoesNotContain(secret, all);
        Assert.Equal(Withheld, (await audit.GetJson($"/api/kommunen/{j.Kommune}/units")).GetProperty("items")[0].GetProperty("email").GetString());
        Assert.Contains(Withheld, all);
    }

    private static async Task AssertShownAsErasedEverywhere(Journey j, string name, string address, string secret)
    {
        var admin = j.Admin;
        var texts = new List<string>();
        foreach (var url in ReadUrls(j)) texts.Add(await (await admin.GetAsync(url)).Content.ReadAsStringAsync());
        using (var pdf = PdfDocument.Open(await admin.GetByteArrayAsync($"/api/kommunen/{j.Kommune}/workshops/{j.Workshop}/documentation.pdf")))
        {
            texts.Add(string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)));
        }

        var all = string.Join("\n", texts);
        Assert.DoesNotContain(name, all);
        Assert.DoesNotContain(address, all);
        Assert.DoesNotContain(secret, all);

        var tombstone = await admin.GetJson($"/api/people/{j.Person}");
        Assert.Equal((Erased, JsonValueKind.Null, JsonValueKind.String), (tombstone.GetProperty("name").GetString(), tombstone.GetProperty("email").ValueKind, tombstone.GetProperty("erasedAt").ValueKind));
        Assert.Equal(Erased, (await admin.GetJson($"/api/kommunen/{j.Kommune}/units")).GetProperty("items")[0].GetProperty("email").GetString());
        var answers = await admin.GetJson($"/api/kommunen/{j.Kommune}/rounds/{j.Round}/respondents/{j.Respondent}/answers");
        Assert.Equal(Erased, answers.GetProperty("answers")[0].GetProperty("comment").GetString());
        var workshop = await admin.GetJson($"/api/kommunen/{j.Kommune}/workshops/{j.Workshop}");
        Assert.Equal((Erased, Erased), (workshop.GetProperty("moderation").GetString(), workshop.GetProperty("agenda")[0].GetProperty("by").GetString()));
        var plan = await admin.GetJson($"/api/kommunen/{j.Kommune}/action-plan");
        Assert.Equal(Erased, plan.GetProperty("fields")[0].GetProperty("items")[0].GetProperty("notes")[0].GetProperty("text").GetString());
        var history = await admin.GetJson($"/api/kommunen/{j.Kommune}/history?pageSize=100");
        var personal = history.GetProperty("items").EnumerateArray().Where(e => e.TryGetProperty("personal", out var p) && p.ValueKind == JsonValueKind.Object)
            .SelectMany(e => e.GetProperty("personal").EnumerateObject()).Select(p => p.Value.GetString()).ToList();
        Assert.Equal(5, personal.Count);
        Assert.All(personal, v => Assert.Equal(Erased, v));
        Assert.Contains(history.GetProperty("items").EnumerateArray(), e => e.GetProperty("type").GetString() == "personal_data_redacted");
        Assert.Contains($"Moderation: {Erased}", await admin.GetStringAsync($"/api/kommunen/{j.Kommune}/workshops/{j.Workshop}/documentation.html"));
    }

    private static IEnumerable<string> ReadUrls(Journey j) =>
    [
        $"/api/kommunen/{j.Kommune}",
        $"/api/kommunen/{j.Kommune}/units",
        $"/api/kommunen/{j.Kommune}/history?pageSize=100",
        $"/api/kommunen/{j.Kommune}/audit-export",
        $"/api/kommunen/{j.Kommune}/rounds/{j.Round}/respondents/{j.Respondent}/answers",
        $"/api/kommunen/{j.Kommune}/rounds/{j.Round}/respondents/{j.Respondent}/questionnaire",
        $"/api/kommunen/{j.Kommune}/rounds/{j.Round}/answers.csv",
        $"/api/kommunen/{j.Kommune}/rounds/{j.Round}/answers.json",
        $"/api/kommunen/{j.Kommune}/workshops/{j.Workshop}",
        $"/api/kommunen/{j.Kommune}/workshops/{j.Workshop}/documentation.html",
        $"/api/kommunen/{j.Kommune}/action-plan",
    ];

    private static async Task AssertChainAndNewExportVerify(Journey j, string name, string address, string secret)
    {
        var verify = await (await TestHost.ClientAs(Roles.Audit)).GetJson($"/api/kommunen/{j.Kommune}/verify");
        Assert.True(verify.GetProperty("verified").GetBoolean(), verify.ToString());

        var export = await (await TestHost.ClientAs(Roles.Audit, personalData: true)).GetByteArrayAsync($"/api/kommunen/{j.Kommune}/audit-export");
        var text = System.Text.Encoding.UTF8.GetString(export);
        Assert.DoesNotContain(name, text);
        Assert.DoesNotContain(address, text);
        Assert.DoesNotContain(secret, text);
        var header = JsonDocument.Parse(text.Split('\n')[0]).RootElement;
        Assert.All(header.GetProperty("personal").EnumerateArray(), p => Assert.Equal(Erased, p.GetProperty("value").GetString()));

        var file = Path.Combine(Path.GetTempPath(), $"selbstcheck-erasure-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllBytesAsync(file, export);
        try
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "ops", "verify-export"))) root = root.Parent;
            var (exitCode, output, errors) = await Processes.RunAsync(new ProcessStartInfo("python3", [Path.Combine(root!.FullName, "ops", "verify-export"), file]));
            Assert.True(exitCode == 0, output + errors);
            Assert.Contains($"ok {j.Kommune}:", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A pg_dump of the whole test database — every schema, as a backup made now would hold it — and the host's log.</summary>
    private static async Task AssertNowhereInTheDatabaseOrTheLog(string name, string address, string secret)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_dump")).First(File.Exists);
        var admin = new NpgsqlConnectionStringBuilder(TestHost.AdminConnectionString);
        var (exitCode, dump, errors) = await Processes.RunAsync(
            new ProcessStartInfo(bin, ["-h", admin.Host!, "-p", admin.Port.ToString(), "-U", admin.Username!, "-d", admin.Database!, "--no-owner"]));
        Assert.True(exitCode == 0, errors);
        Assert.Contains("personal.mt_doc_vaultentry", dump);
        Assert.Contains("personal.mt_doc_personrecord", dump);
        Assert.NotEmpty(CapturedLog.Instance.Text);
        foreach (var value in new[] { name, address, secret, name.Split(' ')[1] })
        {
            Assert.DoesNotContain(value, dump);
            Assert.DoesNotContain(value, CapturedLog.Instance.Text);
        }
    }

    /// <summary>Every projection rebuilt from the events by the daemon, as the <c>projections --rebuild</c> command does (as the schema owner).</summary>
    private static async Task RebuildAllProjections()
    {
        var host = await TestHost.Instance;
        await host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var owner = new NpgsqlConnectionStringBuilder(TestHost.AdminConnectionString) { Username = TestHost.OwnerRole, Password = TestHost.OwnerPassword }.ConnectionString;
        using var ownerStore = DocumentStore.For(o => StorageSetup.ConfigureStore(o, new SelbstcheckSettings { ConnectionString = owner }));
        using var daemon = await ownerStore.BuildProjectionDaemonAsync();
        foreach (var projection in ownerStore.Options.Projections.All.Select(p => p.Name).Distinct().ToList())
        {
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(2), CancellationToken.None);
        }
    }

    private static Task<HttpResponseMessage> Delete(HttpClient client, string url, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, url) { Content = System.Net.Http.Json.JsonContent.Create(body, options: TestHost.Json) });
}
