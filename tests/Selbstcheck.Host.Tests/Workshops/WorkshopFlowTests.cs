using Selbstcheck.Workflow.Common;
using System.Net;
using System.Text.Json;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Workshops;

public class WorkshopFlowTests
{
    private static async Task<(HttpClient Pb, HttpClient Admin, string Kommune, Guid Workshop)> ScheduledWorkshop()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var person = await admin.RegisterPerson();
        await (await admin.Put($"/api/kommunen/{kommune}/facilitator", new { personId = person })).ShouldBe(HttpStatusCode.OK);
        await (await admin.Put($"/api/kommunen/{kommune}/lead-office", new { unit = "Integrationsbüro" })).ShouldBe(HttpStatusCode.OK);
        var pb = await TestHost.ClientAs(Roles.Prozessbegleitung, person.ToString());
        var created = await pb.Post($"/api/kommunen/{kommune}/workshops", new { startsAt = "2021-03-17T14:00", place = "Rathaus", moderation = "Prozessbegleitung" });
        await created.ShouldBe(HttpStatusCode.Created);
        return (pb, admin, kommune, (await created.ReadJson()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task the_phase_follows_the_workshop_from_scheduled_to_held_and_a_later_round_is_a_follow_up()
    {
        var (pb, admin, kommune, workshop) = await ScheduledWorkshop();
        Assert.Equal("Workshop", (await admin.GetJson($"/api/kommunen/{kommune}")).GetProperty("phase").GetString());

        await (await pb.PostAsync($"/api/kommunen/{kommune}/workshops/{workshop}/held", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Umsetzung", (await admin.GetJson($"/api/kommunen/{kommune}")).GetProperty("phase").GetString());

        await admin.OpenRound(kommune, "Zivilgesellschaft und Migrantenorganisationen", "short", "kurzform");
        Assert.Equal("Nachbefragung", (await admin.GetJson($"/api/kommunen/{kommune}")).GetProperty("phase").GetString());
    }

    [Fact]
    public async Task a_cancelled_workshop_cannot_be_edited_and_the_phase_falls_back()
    {
        var (pb, admin, kommune, workshop) = await ScheduledWorkshop();

        await (await pb.Post($"/api/kommunen/{kommune}/workshops/{workshop}/cancel", new { reason = "Kontaktbeschränkungen" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("Teilnahme", (await admin.GetJson($"/api/kommunen/{kommune}")).GetProperty("phase").GetString());
        await (await pb.Put($"/api/kommunen/{kommune}/workshops/{workshop}/feedback", new { items = new[] { "zu spät" } }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "workshop-abgesagt");
        await (await pb.Put($"/api/kommunen/{kommune}/workshops/{workshop}/schedule", new { startsAt = "2021-04-01T10:00", online = true, reason = "neu" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "workshop-abgesagt");
        var view = await admin.GetJson($"/api/kommunen/{kommune}/workshops/{workshop}");
        Assert.Equal(("abgesagt", "Kontaktbeschränkungen"), (view.GetProperty("status").GetString(), view.GetProperty("cancellationReason").GetString()));
    }

    [Fact]
    public async Task priorities_and_working_groups_refuse_fields_that_do_not_exist_or_were_not_prioritised()
    {
        var (pb, _, kommune, workshop) = await ScheduledWorkshop();
        var url = $"/api/kommunen/{kommune}/workshops/{workshop}";

        var badVotes = await pb.Put($"{url}/priorities", new { fields = new[] { 4 }, votes = new Dictionary<string, int> { ["9"] = 3 } });
        await badVotes.ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        await (await pb.Put($"{url}/priorities", new { fields = new[] { 4, 5 }, votes = new Dictionary<string, int> { ["4"] = 12, ["5"] = 12, ["1"] = 3 } }))
            .ShouldBe(HttpStatusCode.OK);
        await (await pb.Post($"{url}/working-groups", new { field = 12, needsForAction = new[] { new { text = "x" } } }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        var notPrioritised = await (await pb.Post($"{url}/working-groups", new { field = 7, needsForAction = new[] { new { text = "x" } } }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "handlungsfeld-nicht-priorisiert");
        Assert.Equal(["Handlungsfeld 4", "Handlungsfeld 5"], notPrioritised.GetProperty("alternatives").EnumerateArray().Select(a => a.GetString()));

        var group = await pb.Post($"{url}/working-groups", new
        {
            field = 5,
            whatWorks = new[] { new { text = "Die Ehrenamtskarte ist eingeführt.", items = (string[]?)null } },
            needsForAction = new[] { new { text = "Kümmerer etablieren", items = (string[]?)["Finanzielle Ressourcen"] }, new { text = "Internetseite ausrichten", items = (string[]?)null } },
        });
        await group.ShouldBe(HttpStatusCode.Created);
        Assert.Equal(2, (await group.ReadJson()).GetProperty("actionItems").GetArrayLength());
        await (await pb.Post($"{url}/working-groups", new { field = 5 })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "arbeitsgruppe-erfasst");
        var view = await pb.GetJson(url);
        Assert.Equal(12, view.GetProperty("votes").GetProperty("4").GetInt32());
    }

    [Fact]
    public async Task recorded_text_is_escaped_in_the_documentation()
    {
        var (pb, _, kommune, workshop) = await ScheduledWorkshop();
        await (await pb.Put($"/api/kommunen/{kommune}/workshops/{workshop}/understanding",
            new { statements = new[] { new { text = "<script>alert('x')</script> & <b>fett</b>" } } })).ShouldBe(HttpStatusCode.OK);

        var html = await pb.GetStringAsync($"/api/kommunen/{kommune}/workshops/{workshop}/documentation.html");

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;fett&lt;/b&gt;", html);
    }

    [Fact]
    public async Task a_time_in_the_spring_gap_is_400()
    {
        var (pb, _, kommune, _) = await ScheduledWorkshop();

        var problem = await (await pb.Post($"/api/kommunen/{kommune}/workshops", new { startsAt = "2021-03-28T02:30", place = "Rathaus" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        Assert.True(problem.GetProperty("errors").TryGetProperty("startsAt", out _));
    }

    private static object Agreement(Guid id, string title) => new { agreementId = id, title, kind = "Dialogveranstaltung", plannedDate = "2021-10-08", status = "geplant" };

    [Fact]
    public async Task StaleWorkshopListVersionIs409()
    {
        var (pb, admin, kommune, workshop) = await ScheduledWorkshop();
        var url = $"/api/kommunen/{kommune}/workshops/{workshop}";
        Assert.Equal(0, (await pb.GetJson(url)).GetProperty("versions").GetProperty("agenda").GetInt64());

        // Two facilitators read version 0; the first edit wins, the second is told so instead of silently overwriting it.
        var first = await pb.Put($"{url}/agenda", new { goals = new[] { "Ergebnisse besprechen" }, items = Array.Empty<object>(), expectedVersion = 0 });
        await first.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, (await first.ReadJson()).GetProperty("version").GetInt64());
        var second = await (await admin.Put($"{url}/agenda", new { goals = new[] { "Etwas anderes" }, items = Array.Empty<object>(), expectedVersion = 0 }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");
        Assert.Equal(1, second.GetProperty("currentVersion").GetInt64());
        Assert.Equal(["Ergebnisse besprechen"], (await pb.GetJson(url)).GetProperty("goals").EnumerateArray().Select(g => g.GetString()));

        // Every list carries its own version.
        foreach (var (list, body) in new (string, object)[]
        {
            ("participants", new { institutions = new[] { new { sector = "Verwaltung", name = "Sozialamt" } }, expectedVersion = 0 }),
            ("understanding", new { statements = new[] { new { text = "Vielfalt" } }, expectedVersion = 0 }),
            ("priorities", new { fields = new[] { 4 }, expectedVersion = 0 }),
            ("agreements", new { agreements = Array.Empty<object>(), expectedVersion = 0 }),
            ("feedback", new { items = new[] { "gut" }, expectedVersion = 0 }),
        })
        {
            await (await pb.Put($"{url}/{list}", body)).ShouldBe(HttpStatusCode.OK);
            await (await pb.Put($"{url}/{list}", body)).ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");
        }

        var versions = (await pb.GetJson(url)).GetProperty("versions");
        Assert.All(["agenda", "participants", "understanding", "priorities", "agreements", "feedback"], list => Assert.Equal(1, versions.GetProperty(list).GetInt64()));
        await (await pb.Put($"{url}/feedback", new { items = new[] { "sehr gut" } })).ShouldBe(HttpStatusCode.OK); // without a version: unconditional
        Assert.Equal(2, (await pb.GetJson(url)).GetProperty("versions").GetProperty("feedback").GetInt64());
    }

    [Fact]
    public async Task RemovingAgreementThatBecameMilestoneIs422()
    {
        var (pb, admin, kommune, workshop) = await ScheduledWorkshop();
        var url = $"/api/kommunen/{kommune}/workshops/{workshop}";
        var (dialog, dezernenten) = (Guid.NewGuid(), Guid.NewGuid());
        await (await pb.Put($"{url}/agreements", new { agreements = new[] { Agreement(dialog, "Dialogveranstaltung"), Agreement(dezernenten, "Dezernentenrunde") } }))
            .ShouldBe(HttpStatusCode.OK);
        await (await pb.Post($"{url}/agreements/{dialog}/milestone", new { })).ShouldBe(HttpStatusCode.Created);

        var refused = await (await pb.Put($"{url}/agreements", new { agreements = new[] { Agreement(dezernenten, "Dezernentenrunde") }, expectedVersion = 1 }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "vereinbarung-hat-meilenstein");
        Assert.Contains(dialog.ToString(), refused.GetProperty("detail").GetString());
        var view = await admin.GetJson(url);
        Assert.Equal(2, view.GetProperty("agreements").GetArrayLength());
        Assert.Equal(1, view.GetProperty("versions").GetProperty("agreements").GetInt64());

        // Keeping it (even reworded) and dropping the other one is fine.
        await (await pb.Put($"{url}/agreements", new { agreements = new[] { Agreement(dialog, "Dialogveranstaltung im Herbst") }, expectedVersion = 1 })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["Dialogveranstaltung im Herbst"], (await admin.GetJson(url)).GetProperty("agreements").EnumerateArray().Select(a => a.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task DuplicateAgreementIdsAre400AndChangeNothing()
    {
        var (pb, admin, kommune, workshop) = await ScheduledWorkshop();
        var url = $"/api/kommunen/{kommune}/workshops/{workshop}";
        var id = Guid.NewGuid();
        var before = (await admin.GetJson($"/api/kommunen/{kommune}/history?pageSize=200")).GetProperty("total").GetInt32();

        var problem = await (await pb.Put($"{url}/agreements", new { agreements = new[] { Agreement(id, "Eins"), Agreement(id, "Zwei") } }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        Assert.Equal("Ungültige Eingabe", problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("agreements[1].agreementId", out _));
        await (await pb.Put($"{url}/participants", new { institutions = new[] { new { sector = "Verwaltung", name = "Sozialamt", personIds = new[] { id, id } } } }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");

        Assert.Equal(before, (await admin.GetJson($"/api/kommunen/{kommune}/history?pageSize=200")).GetProperty("total").GetInt32());
        var view = await admin.GetJson(url);
        Assert.Equal((0, 0L), (view.GetProperty("agreements").GetArrayLength(), view.GetProperty("versions").GetProperty("agreements").GetInt64()));
    }

    // #15 H2: a recorded working group revised with its version; the action plan gains the new Handlungsbedarfe and keeps the removed ones.
    [Fact]
    public async Task revising_a_working_group_adds_new_handlungsbedarfe_to_the_action_plan_keeps_removed_ones_and_refuses_a_stale_version()
    {
        var (pb, _, kommune, workshop) = await ScheduledWorkshop();
        var url = $"/api/kommunen/{kommune}/workshops/{workshop}";
        await (await pb.Put($"{url}/priorities", new { fields = new[] { 4, 5 } })).ShouldBe(HttpStatusCode.OK);
        await (await pb.Post($"{url}/working-groups", new
        {
            field = 5, needsForAction = new[] { new { text = "Kümmerer etablieren" }, new { text = "Internetseite ausrichten" } },
        })).ShouldBe(HttpStatusCode.Created);
        await (await pb.Put($"{url}/working-groups/4", new { expectedVersion = 0 })).ShouldBeProblem(HttpStatusCode.NotFound, "arbeitsgruppe-unbekannt");

        var revised = await pb.Put($"{url}/working-groups/5", new
        {
            whatWorks = new[] { new { text = "Ehrenamtskarte" } },
            needsForAction = new[] { new { text = "Kümmerer etablieren" }, new { text = "Sprachmittlung sichern" } },
            owner = "Sozialamt",
            expectedVersion = 1,
        });

        await revised.ShouldBe(HttpStatusCode.OK);
        var reply = await revised.ReadJson();
        Assert.Equal(2, reply.GetProperty("version").GetInt64());
        Assert.Equal(1, reply.GetProperty("actionItems").GetArrayLength());
        Assert.Equal(["Internetseite ausrichten"], reply.GetProperty("leftInActionPlan").EnumerateArray().Select(x => x.GetString()));
        var plan = await pb.GetJson($"/api/kommunen/{kommune}/action-plan");
        var texts = plan.GetProperty("fields").EnumerateArray().SelectMany(f => f.GetProperty("items").EnumerateArray())
            .Select(i => (i.GetProperty("text").GetString(), i.GetProperty("owner").GetString())).ToList();
        Assert.Equal(3, texts.Count);
        Assert.Contains(("Sprachmittlung sichern", "Sozialamt"), texts);
        Assert.Contains(texts, t => t.Item1 == "Internetseite ausrichten");
        var group = (await pb.GetJson(url)).GetProperty("workingGroups").EnumerateArray().Single();
        Assert.Equal((2, "Ehrenamtskarte"), (group.GetProperty("version").GetInt32(), group.GetProperty("whatWorks")[0].GetProperty("text").GetString()));

        await (await pb.Put($"{url}/working-groups/5", new { needsForAction = Array.Empty<object>(), expectedVersion = 1 }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");
    }
}

public class ActionPlanTests
{
    [Fact]
    public async Task the_lead_office_works_an_item_through_the_allowed_transitions()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var office = await TestHost.ClientAs(Roles.Kommune, kommune);
        var added = await office.Post($"/api/kommunen/{kommune}/action-items", new { field = 4, text = "Diversitätstrainings für Dezernenten", owner = "Personalamt", due = "2020-12-31" });
        await added.ShouldBe(HttpStatusCode.Created);
        var id = (await added.ReadJson()).GetProperty("actionItemId").GetGuid();
        var url = $"/api/kommunen/{kommune}/action-items/{id}";

        var wrong = await (await office.Post($"{url}/status", new { status = "offen" })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "statuswechsel-nicht-erlaubt");
        Assert.Equal(["in Arbeit", "erledigt", "verworfen"], wrong.GetProperty("alternatives").EnumerateArray().Select(a => a.GetString()));
        await (await office.Post($"{url}/status", new { status = "in Arbeit", expectedVersion = 1 })).ShouldBe(HttpStatusCode.OK);
        await (await office.Post($"{url}/status", new { status = "erledigt", expectedVersion = 1 })).ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");
        await (await office.Post($"{url}/status", new { status = "verworfen" })).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        await (await office.Post($"{url}/notes", new { text = "Angebot der Landeszentrale angefragt" })).ShouldBe(HttpStatusCode.OK);
        await (await office.Post($"{url}/status", new { status = "erledigt" })).ShouldBe(HttpStatusCode.OK);
        await (await office.Post($"{url}/status", new { status = "offen" })).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        await (await office.Post($"{url}/status", new { status = "offen", reason = "Neue Dezernentin" })).ShouldBe(HttpStatusCode.OK);

        // Owner and due date change only with a reason; the item's history keeps both changes beside the status changes.
        await (await office.Put(url, new { owner = "Amt für Stadtentwicklung", due = "2021-06-30" })).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        await (await office.Put(url, new { owner = "Amt für Stadtentwicklung", due = "2021-06-30", reason = "Zuständigkeit neu geregelt", expectedVersion = 5 })).ShouldBe(HttpStatusCode.OK);

        var plan = await office.GetJson($"/api/kommunen/{kommune}/action-plan");
        var item = plan.GetProperty("fields")[0].GetProperty("items")[0];
        Assert.Equal(("offen", "Amt für Stadtentwicklung", 6L), (item.GetProperty("status").GetString(), item.GetProperty("owner").GetString(), item.GetProperty("version").GetInt64()));
        Assert.True(item.GetProperty("overdue").GetBoolean());
        var history = item.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["status", "status", "status", "verantwortlich", "faellig"], history.Select(h => h.GetProperty("kind").GetString()));
        Assert.Equal(("Personalamt", "Amt für Stadtentwicklung", "Zuständigkeit neu geregelt"),
            (history[3].GetProperty("from").GetString(), history[3].GetProperty("to").GetString(), history[3].GetProperty("reason").GetString()));
        Assert.Equal(("2020-12-31", "2021-06-30"), (history[4].GetProperty("from").GetString(), history[4].GetProperty("to").GetString()));
        Assert.All(history, h => Assert.StartsWith("u-", h.GetProperty("by").GetString()));
        Assert.Single(item.GetProperty("notes").EnumerateArray());
    }

    [Fact]
    public async Task open_items_across_kommunen_are_filtered_and_reach_a_facilitator_only_for_assigned_kommunen()
    {
        var admin = await TestHost.Client();
        var assigned = await admin.RegisterKommune();
        var other = await admin.RegisterKommune();
        var person = await admin.RegisterPerson();
        await (await admin.Put($"/api/kommunen/{assigned}/facilitator", new { personId = person })).ShouldBe(HttpStatusCode.OK);
        var owner = $"Amt {Guid.NewGuid():N}";
        await (await admin.Post($"/api/kommunen/{assigned}/action-items", new { field = 5, text = "A", owner, due = "2020-01-31" })).ShouldBe(HttpStatusCode.Created);
        await (await admin.Post($"/api/kommunen/{assigned}/action-items", new { field = 4, text = "B", owner })).ShouldBe(HttpStatusCode.Created);
        await (await admin.Post($"/api/kommunen/{other}/action-items", new { field = 5, text = "C", owner })).ShouldBe(HttpStatusCode.Created);
        var pb = await TestHost.ClientAs(Roles.Prozessbegleitung, person.ToString());

        var all = await admin.GetJson($"/api/action-items?owner={Uri.EscapeDataString(owner)}");
        var mine = await pb.GetJson($"/api/action-items?owner={Uri.EscapeDataString(owner)}");
        var overdue = await pb.GetJson($"/api/action-items?owner={Uri.EscapeDataString(owner)}&overdue=true");
        var hf4 = await pb.GetJson($"/api/action-items?owner={Uri.EscapeDataString(owner)}&field=4");

        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal(2, mine.GetProperty("total").GetInt32());
        Assert.Equal("A", Assert.Single(overdue.GetProperty("items").EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal("B", Assert.Single(hf4.GetProperty("items").EnumerateArray()).GetProperty("text").GetString());
        await (await pb.GetAsync("/api/action-items?status=irgendwie")).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
    }
}
