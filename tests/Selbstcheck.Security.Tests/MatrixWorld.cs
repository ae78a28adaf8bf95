using Selbstcheck.Workflow.Common;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// The world the matrix runs in: an own and a foreign Kommune, a facilitator assigned to each,
/// tokens for every role and links for three respondents — and a valid request per endpoint.
/// </summary>
public sealed class MatrixWorld
{
    public required string Own { get; init; }
    public required string Foreign { get; init; }
    public required Guid OwnFacilitator { get; init; }
    public required string ProgrammteamToken { get; init; }
    public required Dictionary<string, string> Tokens { get; init; }
    public required Dictionary<string, string> LinkKeys { get; init; }
    public required HttpClient Http { get; init; }
    public required LinkTokens Links { get; init; }

    /// <summary>Round 1 of the own Kommune (open) and a closed, evaluated full round.</summary>
    public required int OpenRound { get; init; }

    public required int ClosedRound { get; init; }

    /// <summary>A respondent of the open round whose link is reissued (so the other links stay valid).</summary>
    public required Guid ReissueRespondent { get; init; }

    private HttpClient Admin { get; init; } = null!;

    public static async Task<MatrixWorld> CreateAsync()
    {
        var admin = await TestHost.Client();
        var own = await admin.RegisterKommune(TestHost.NewKommuneId("eigen"));
        var foreign = await admin.RegisterKommune(TestHost.NewKommuneId("fremd"));
        var ownFacilitator = await admin.RegisterPerson("Prozessbegleitung eigen");
        var foreignFacilitator = await admin.RegisterPerson("Prozessbegleitung fremd");
        await (await admin.Put($"/api/kommunen/{own}/facilitator", new { personId = ownFacilitator })).ShouldBe(System.Net.HttpStatusCode.OK);
        await (await admin.Put($"/api/kommunen/{foreign}/facilitator", new { personId = foreignFacilitator })).ShouldBe(System.Net.HttpStatusCode.OK);

        var host = await TestHost.Instance;
        var links = host.Services.GetRequiredService<LinkTokens>();

        // The own Kommune: round 1 open with respondents; round 2 closed and evaluated.
        var openRound = await admin.OpenRound(own, "Verwaltung");
        var other = await admin.AddRespondent(own, openRound, "Befragte B");
        var reissue = await admin.AddRespondent(own, openRound, "Befragte D");
        var closedRound = await admin.OpenRound(own, "Politik");
        var e = await admin.AddRespondent(own, closedRound, "Befragte E");
        await (await admin.Put($"/api/kommunen/{own}/rounds/{closedRound}/respondents/{e.Id}/answers",
            new { answers = new[] { new { criterion = "1.1", answer = "eher ja" } } })).ShouldBe(System.Net.HttpStatusCode.OK);
        await (await admin.PostRaw($"/api/kommunen/{own}/rounds/{closedRound}/respondents/{e.Id}/submit", "")).ShouldBe(System.Net.HttpStatusCode.OK);
        await (await admin.PostRaw($"/api/kommunen/{own}/rounds/{closedRound}/close", "")).ShouldBe(System.Net.HttpStatusCode.OK);
        var foreignRound = await admin.OpenRound(foreign, "Verwaltung");
        var foreignRespondent = await admin.AddRespondent(foreign, foreignRound, "Befragte C");

        return new MatrixWorld
        {
            Own = own,
            Foreign = foreign,
            OwnFacilitator = ownFacilitator,
            ProgrammteamToken = await TestHost.TokenFor(Roles.Programmteam),
            Tokens = new Dictionary<string, string>
            {
                ["programmteam"] = await TestHost.TokenFor(Roles.Programmteam),
                ["audit"] = await TestHost.TokenFor(Roles.Audit),
                ["audit+pd"] = await TestHost.TokenFor(Roles.Audit, personalData: true),
                ["pb-zugeordnet"] = await TestHost.TokenFor(Roles.Prozessbegleitung, ownFacilitator.ToString()),
                ["pb-fremd"] = await TestHost.TokenFor(Roles.Prozessbegleitung, foreignFacilitator.ToString()),
                ["kommune-eigen"] = await TestHost.TokenFor(Roles.Kommune, own),
                ["kommune-fremd"] = await TestHost.TokenFor(Roles.Kommune, foreign),
                ["tn-eigen"] = await TestHost.TokenFor(Roles.Teilnehmende, own),
                ["tn-fremd"] = await TestHost.TokenFor(Roles.Teilnehmende, foreign),
                // #14 unit staff: the unit that owns the matrix's action items (FreshActionItem: "Personalamt").
                ["einheit"] = await TestHost.TokenFor(Roles.Einheit, $"{own}/personalamt"),
            },
            LinkKeys = new Dictionary<string, string>
            {
                // befragte-eigen gets the link of the respondent each request addresses (see Send).
                ["befragte-andere"] = other.Key,
                ["befragte-fremd"] = foreignRespondent.Key,
            },
            Http = await TestHost.AnonymousClient(),
            Links = links,
            OpenRound = openRound,
            ClosedRound = closedRound,
            ReissueRespondent = reissue.Id,
            Admin = admin,
        };
    }

    /// <summary>Personal values the field checks look for: made-up names and an address, ASCII so no encoding hides them.</summary>
    public sealed record PersonalValues(string Address, string Comment, string Note, string Moderation, string Speaker)
    {
        public IEnumerable<string> All => [Address, Comment, Note, Moderation, Speaker];
    }

    /// <summary>
    /// Puts one personal value of each kind into the own Kommune where the read endpoints show it: a unit's
    /// address, an answer's comment in the open round, an action item's note, the shared workshop's
    /// moderation and an agenda speaker.
    /// </summary>
    public async Task<PersonalValues> SeedPersonalValuesAsync()
    {
        var values = new PersonalValues("q.zandelbrock@example.org", "Laut Frau Quirinvoss fehlt ein Konzept.", "Rueckruf bei Herrn Zandelbrock",
            "Frau Ypsilantova", "Herr Wexelmann");
        const System.Net.HttpStatusCode ok = System.Net.HttpStatusCode.OK, created = System.Net.HttpStatusCode.Created;
        await (await Admin.Put($"/api/kommunen/{Own}/units", new { name = "Ordnungsamt", email = values.Address })).ShouldBe(created);
        var respondent = await Admin.AddRespondent(Own, OpenRound, "Ordnungsamt");
        await (await Admin.Put($"/api/kommunen/{Own}/rounds/{OpenRound}/respondents/{respondent.Id}/answers",
            new { answers = new[] { new { criterion = "2.1", answer = "eher nein", comment = values.Comment } } })).ShouldBe(ok);
        var item = await FreshActionItem();
        await (await Admin.Post($"/api/kommunen/{Own}/action-items/{item}/notes", new { text = values.Note })).ShouldBe(ok);
        var response = await Admin.Post($"/api/kommunen/{Own}/workshops", new { startsAt = "2020-07-01T13:00", place = "Rathaus", moderation = values.Moderation });
        await response.ShouldBe(created);
        var workshop = (await response.ReadJson()).GetProperty("id").GetGuid();
        await (await Admin.Put($"/api/kommunen/{Own}/workshops/{workshop}/priorities", new { fields = new[] { 4, 5 } })).ShouldBe(ok);
        await (await Admin.Put($"/api/kommunen/{Own}/workshops/{workshop}/agenda",
            new { goals = new[] { "Ergebnisse verstehen" }, items = new[] { new { time = "13:00", title = "Begrüßung", by = values.Speaker } } })).ShouldBe(ok);
        _workshop = workshop;
        return values;
    }

    /// <summary>Sends the endpoint's valid request with the cell's credentials.</summary>
    public async Task<HttpResponseMessage> Send(string endpoint, string cell) => await SendAs(await Build(endpoint), cell, _addressedRespondentKey);

    /// <summary>The endpoint's valid request, kept as text so it can be varied and sent many times (the fuzz test).</summary>
    public async Task<ValidRequest> Valid(string endpoint)
    {
        _lastParts = null;
        var request = await Build(endpoint);
        if (PageForms.HandlerOf(endpoint) is { } handler && !PageForms.Drives(request.RequestUri!.OriginalString, handler))
        {
            throw new InvalidOperationException($"The valid request for {endpoint} posts to {request.RequestUri}, not to handler {handler}.");
        }

        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync();
        return new ValidRequest(request.Method, request.RequestUri!.OriginalString, body, _addressedRespondentKey) { Parts = _lastParts };
    }

    /// <summary>Sends a request with the cell's credentials; befragte-eigen uses the link of <paramref name="respondentKey"/> when given.</summary>
    public async Task<HttpResponseMessage> SendAs(HttpRequestMessage request, string cell, string? respondentKey)
    {
        _addressedRespondentKey = respondentKey;
        if (Tokens.TryGetValue(cell, out var token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if ((cell == "befragte-eigen" ? _addressedRespondentKey ?? _anyOwnKey : LinkKeys.GetValueOrDefault(cell)) is { } key)
        {
            var uri = request.RequestUri!.OriginalString;
            request.RequestUri = new Uri(uri + (uri.Contains('?') ? "&" : "?") + "key=" + Uri.EscapeDataString(key), UriKind.Relative);
        }

        return await Http.SendAsync(request);
    }

    private string? _addressedRespondentKey;
    private string? _anyOwnKey;

    /// <summary>A fresh respondent of the open round, addressed by the request; befragte-eigen holds its link.</summary>
    private async Task<Guid> FreshRespondent()
    {
        var r = await Admin.AddRespondent(Own, OpenRound, $"Befragte {Guid.NewGuid():N}");
        _addressedRespondentKey = r.Key;
        return r.Id;
    }

    /// <summary>#14: a fresh respondent of the open round with an answer to 4.4.</summary>
    private async Task<Guid> FreshAnsweredRespondent()
    {
        var id = await FreshRespondent();
        await (await Admin.Put($"/api/kommunen/{Own}/rounds/{OpenRound}/respondents/{id}/answers",
            new { answers = new[] { new { criterion = "4.4", answer = "eher ja" } } })).ShouldBe(System.Net.HttpStatusCode.OK);
        return id;
    }

    /// <summary>A fresh workshop of the own Kommune, with HF 4 and 5 prioritised.</summary>
    private async Task<Guid> FreshWorkshop()
    {
        var response = await Admin.Post($"/api/kommunen/{Own}/workshops", new { startsAt = "2020-07-01T13:00", place = "Rathaus" });
        await response.ShouldBe(System.Net.HttpStatusCode.Created);
        var id = (await response.ReadJson()).GetProperty("id").GetGuid();
        await (await Admin.Put($"/api/kommunen/{Own}/workshops/{id}/priorities", new { fields = new[] { 4, 5 } })).ShouldBe(System.Net.HttpStatusCode.OK);
        return id;
    }

    private Guid? _workshop;

    // #15 H2: a workshop of the own Kommune whose working group on HF 5 is recorded (made once).
    private Guid? _workshopWithGroup;

    private async Task<Guid> WorkshopWithGroup()
    {
        if (_workshopWithGroup is { } id) return id;
        id = await FreshWorkshop();
        await (await Admin.Post($"/api/kommunen/{Own}/workshops/{id}/working-groups",
            new { field = 5, needsForAction = new[] { new { text = "Kümmerer etablieren" } }, owner = "Integrationsbüro" })).ShouldBe(System.Net.HttpStatusCode.Created);
        _workshopWithGroup = id;
        return id;
    }

    private async Task<Guid> SharedWorkshop() => _workshop ??= await FreshWorkshop();

    /// <summary>A page's form post of a milestone (its id taken from the URL, as the page's hidden field sends it).</summary>
    private static HttpRequestMessage FormPost(string url, params (string Name, string Value)[] fields)
    {
        var milestone = url.Split('?')[0].Split('/')[^1];
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Prepend(new("meilenstein", milestone));
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(values) };
    }

    /// <summary>A fresh, open milestone of the own Kommune.</summary>
    private async Task<Guid> FreshMilestone()
    {
        var response = await Admin.Post($"/api/kommunen/{Own}/milestones", new { title = "Dialogveranstaltung", kind = "Dialogveranstaltung", owner = "Integrationsbüro", dueDate = "2030-10-08" });
        await response.ShouldBe(System.Net.HttpStatusCode.Created);
        return (await response.ReadJson()).GetProperty("milestoneId").GetGuid();
    }

    /// <summary>A fresh workshop with one Vereinbarung; returns the path of that agreement.</summary>
    private async Task<string> FreshAgreement()
    {
        var workshop = await FreshWorkshop();
        var agreement = Guid.NewGuid();
        await (await Admin.Put($"/api/kommunen/{Own}/workshops/{workshop}/agreements", new
        {
            agreements = new[] { new { agreementId = agreement, title = "Dialogveranstaltung", kind = "Dialogveranstaltung", owner = "Integrationsbüro", plannedDate = "2030-10-08", status = "geplant" } },
        })).ShouldBe(System.Net.HttpStatusCode.OK);
        return $"/api/kommunen/{Own}/workshops/{workshop}/agreements/{agreement}";
    }

    /// <summary>
    /// A fresh one-time key confirming a fresh unit's address (stored as the confirmation job stores
    /// it; the mail that carries it is tested in Host.Tests).
    /// </summary>
    private async Task<string> FreshConfirmationKey()
    {
        var unit = $"Einheit {Guid.NewGuid():N}";
        await (await Admin.Put($"/api/kommunen/{Own}/units", new { name = unit })).ShouldBe(System.Net.HttpStatusCode.Created);
        var secret = Workflow.Kommunen.UnitEmailConfirmationToken.NewSecret();
        await using var session = (await TestHost.Instance).Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession();
        session.Store(new Workflow.Kommunen.UnitEmailConfirmationToken
        {
            Id = Workflow.Kommunen.UnitEmailConfirmationToken.Hash(secret), KommuneId = Own, Unit = unit, Version = 1, ExpiresAt = DateTimeOffset.UtcNow.AddDays(1),
        });
        await session.SaveChangesAsync();
        return Uri.EscapeDataString(secret);
    }

    /// <summary>A fresh unit of the own Kommune with an address (a vault value), returned to be redacted.</summary>
    private async Task<string> FreshUnitAddress()
    {
        var address = $"matrix-{Guid.NewGuid():N}@example.org";
        await (await Admin.Put($"/api/kommunen/{Own}/units", new { name = $"Einheit {Guid.NewGuid():N}", email = address })).ShouldBe(System.Net.HttpStatusCode.Created);
        return address;
    }

    /// <summary>A fresh, open action item of the own Kommune.</summary>
    private async Task<Guid> FreshActionItem()
    {
        var response = await Admin.Post($"/api/kommunen/{Own}/action-items", new { field = 4, text = "Diversitätstrainings", owner = "Personalamt" });
        await response.ShouldBe(System.Net.HttpStatusCode.Created);
        return (await response.ReadJson()).GetProperty("actionItemId").GetGuid();
    }

    /// <summary>A page form's post about a fresh action item (to URL, or else to the item's own page), form-encoded as a browser sends it.</summary>
    private async Task<HttpRequestMessage> ActionItemForm(string? url, Func<string, KeyValuePair<string, string>[]> fields)
    {
        var item = (await FreshActionItem()).ToString();
        return new HttpRequestMessage(HttpMethod.Post, url ?? $"/kommunen/{Own}/aktionsplan/{item}?handler=Plan") { Content = new FormUrlEncodedContent(fields(item)) };
    }

    // #14 perspectives: a round names one of the configured actor groups, and one group has one open round at a time —
    // so the matrix's host allows many numbered groups and every fresh round takes the next.
    private const int ActorGroupCount = 3000;
    private static int _actorGroup;

    private static string ActorGroupName(int n) => $"Gruppe {n:D4}";

    /// <summary>The shipped groups (the demo's follow-up round names one), then the numbered ones.</summary>
    internal static IEnumerable<KeyValuePair<string, string>> ActorGroupSettings() =>
        Workflow.Questionnaire.ActorGroupList.Default.Groups
            .Concat(Enumerable.Range(1, ActorGroupCount).Select(ActorGroupName))
            .Select((group, i) => KeyValuePair.Create($"Selbstcheck:ActorGroups:{i}", group));

    private static string NextActorGroup() => ActorGroupName(Interlocked.Increment(ref _actorGroup));

    /// <summary>A fresh round with one submitted answer, ready to be closed.</summary>
    private async Task<int> ClosableRound()
    {
        var round = await Admin.OpenRound(Own, NextActorGroup());
        var r = await Admin.AddRespondent(Own, round, "Befragte");
        await (await Admin.Put($"/api/kommunen/{Own}/rounds/{round}/respondents/{r.Id}/answers",
            new { answers = new[] { new { criterion = "5.1", answer = "ja" } } })).ShouldBe(System.Net.HttpStatusCode.OK);
        await (await Admin.PostRaw($"/api/kommunen/{Own}/rounds/{round}/respondents/{r.Id}/submit", "")).ShouldBe(System.Net.HttpStatusCode.OK);
        return round;
    }

    // #14 open survey: an interview round and an open survey link of their own rounds, made once.
    private int? _interviewRound;
    private string? _openSurveyKey;

    private async Task<int> InterviewRound() => _interviewRound ??= await Admin.OpenRound(Own, NextActorGroup(), kind: "interview");

    private async Task<string> OpenSurveyKey()
    {
        if (_openSurveyKey is not null) return _openSurveyKey;
        var round = await Admin.OpenRound(Own, NextActorGroup());
        var created = await Admin.Post($"/api/kommunen/{Own}/rounds/{round}/open-link", new { capacity = OpenSurvey.MaxCapacity });
        await created.ShouldBe(System.Net.HttpStatusCode.Created);
        return _openSurveyKey = (await created.ReadJson()).GetProperty("key").GetString()!;
    }

    private async Task<HttpRequestMessage> Build(string endpoint)
    {
        _addressedRespondentKey = null;
        _anyOwnKey ??= (await Admin.AddRespondent(Own, OpenRound, "Befragte A")).Key;
        if (PageForms.HandlerOf(endpoint) is not { } handler) return await BuildFor(endpoint);
        // A page form's handler: its own request below, else its route's matrix request when that one posts to this handler.
        if (await BuildForHandler(endpoint) is { } request) return request;

        var matrix = await BuildFor(PageForms.MatrixKey(endpoint));
        return PageForms.Drives(matrix.RequestUri!.OriginalString, handler)
            ? matrix
            : throw new InvalidOperationException($"No valid request known for {endpoint}: add one to BuildForHandler.");
    }

    /// <summary>
    /// The valid form post of each page handler ("POST /route?handler=Name") that its route's matrix request does not drive,
    /// with the fields the page's own form sends. Forms that carry the version of a whole Kommune (or of a list every cell
    /// saves again) leave out expectedVersion, as the matrix's forms do, so every variant reaches the page's checks.
    /// </summary>
    private async Task<HttpRequestMessage?> BuildForHandler(string form) => form switch
    {
        // Meilensteine: the list page's own forms and, on each card, the forms of one milestone.
        "POST /kommunen/{id}/meilensteine?handler=FromAgreement" => await FromAgreementForm(),
        "POST /kommunen/{id}/meilensteine?handler=Policy" => Form($"/kommunen/{Own}/meilensteine?handler=Policy",
            ("offsetsDays", "14, 3, 0"), ("sendTime", "08:00"), ("escalationDays", "7")),
        "POST /kommunen/{id}/meilensteine?handler=CalendarLink" => Form($"/kommunen/{Own}/meilensteine?handler=CalendarLink"),
        "POST /kommunen/{id}/meilensteine?handler=PersonalLink" => Form($"/kommunen/{Own}/meilensteine?handler=PersonalLink"),
        "POST /kommunen/{id}/meilensteine?handler=Reschedule" => MilestoneForm($"/kommunen/{Own}/meilensteine?handler=Reschedule", await FreshMilestone(),
            ("dueDate", "2030-11-05"), ("dueTime", ""), ("reason", "Saal belegt")),
        "POST /kommunen/{id}/meilensteine?handler=Complete" => MilestoneForm($"/kommunen/{Own}/meilensteine?handler=Complete", await FreshMilestone()),
        "POST /kommunen/{id}/meilensteine?handler=Cancel" => MilestoneForm($"/kommunen/{Own}/meilensteine?handler=Cancel", await FreshMilestone(), ("reason", "entfällt")),
        "POST /kommunen/{id}/meilensteine/{m}?handler=Complete" => FormPost($"/kommunen/{Own}/meilensteine/{await FreshMilestone()}?handler=Complete"),
        "POST /kommunen/{id}/meilensteine/{m}?handler=Cancel" => FormPost($"/kommunen/{Own}/meilensteine/{await FreshMilestone()}?handler=Cancel", ("reason", "entfällt")),
        // Aktionsplan and an action item's page: the three forms of an item.
        "POST /kommunen/{id}/aktionsplan?handler=Plan" => await ActionItemForm($"/kommunen/{Own}/aktionsplan?handler=Plan", item =>
            [new("item", item), new("expectedVersion", "1"), new("owner", "Integrationsbüro"), new("due", "2021-03-31"), new("reason", "Neu verteilt")]),
        "POST /kommunen/{id}/aktionsplan?handler=Note" => await ActionItemForm($"/kommunen/{Own}/aktionsplan?handler=Note", item =>
            [new("item", item), new("expectedVersion", "1"), new("note", "Rückruf vereinbart")]),
        "POST /kommunen/{id}/aktionsplan/{item}?handler=Status" => await ActionItemPageForm("Status", item =>
            [new("item", item), new("expectedVersion", "1"), new("status", "in Arbeit"), new("reason", "Angefangen")]),
        "POST /kommunen/{id}/aktionsplan/{item}?handler=Note" => await ActionItemPageForm("Note", item =>
            [new("item", item), new("expectedVersion", "1"), new("note", "Rückruf vereinbart")]),
        // A workshop's page: cancel it, mark it held.
        "POST /kommunen/{id}/workshops/{w}?handler=Cancel" => Form($"/kommunen/{Own}/workshops/{await FreshWorkshop()}?handler=Cancel", ("reason", "Saal belegt")),
        "POST /kommunen/{id}/workshops/{w}?handler=Held" => Form($"/kommunen/{Own}/workshops/{await FreshWorkshop()}?handler=Held"),
        // The preparation's other lists.
        "POST /kommunen/{id}/workshops/{w}/vorbereitung?handler=Participants" => Form($"/kommunen/{Own}/workshops/{await SharedWorkshop()}/vorbereitung?handler=Participants",
            ("institutions[0].sector", Sectors.All[0]), ("institutions[0].name", "Stadtverwaltung")),
        "POST /kommunen/{id}/workshops/{w}/vorbereitung?handler=Frame" => Form($"/kommunen/{Own}/workshops/{await SharedWorkshop()}/vorbereitung?handler=Frame",
            ("welcome.by", "Oberbürgermeister"), ("welcome.points", "Begrüßung"), ("partners[0].organisation", "PHINEO gAG"), ("partners[0].role", "Begleitung"),
            ("partners[0].note", ""), ("project.by", "Integrationsbüro"), ("project.points", "Das Projekt"), ("aimsBy", "Integrationsbüro"), ("leitmotiv", "Vielfalt"),
            ("leitmotivBy", "Stadtrat"), ("resultsBy", "PHINEO gAG"), ("fieldTitles.4", "Verwaltung"), ("annex", "Fotoprotokoll")),
        // The results page's other forms.
        "POST /kommunen/{id}/workshops/{w}/ergebnisse?handler=Aussagen" => Form($"/kommunen/{Own}/workshops/{await SharedWorkshop()}/ergebnisse?handler=Aussagen",
            ("statements[0].text", "Weltoffenheit heißt Teilhabe."), ("statements[0].items", "in der Verwaltung\nim Stadtrat")),
        "POST /kommunen/{id}/workshops/{w}/ergebnisse?handler=Prioritaeten" => Form($"/kommunen/{Own}/workshops/{await FreshWorkshop()}/ergebnisse?handler=Prioritaeten",
            ("fields", "4"), ("votes[4]", "12"), ("fields", "5"), ("votes[5]", "3")),
        "POST /kommunen/{id}/workshops/{w}/ergebnisse?handler=NeueArbeitsgruppe" => Form($"/kommunen/{Own}/workshops/{await FreshWorkshop()}/ergebnisse?handler=NeueArbeitsgruppe",
            ("field", "4"), ("whatWorks[0].text", "Ehrenamtskarte"), ("whatDoesNotWorkYet[0].text", "Übersetzungen"),
            ("needsForAction[0].text", "Kümmerer etablieren"), ("needsForAction[0].items", "Stelle schaffen"), ("owner", "Integrationsbüro")),
        "POST /kommunen/{id}/workshops/{w}/ergebnisse?handler=Arbeitsgruppe" => Form($"/kommunen/{Own}/workshops/{await WorkshopWithGroup()}/ergebnisse?handler=Arbeitsgruppe",
            ("field", "5"), ("whatWorks[0].text", "Ehrenamtskarte"), ("needsForAction[0].text", "Kümmerer etablieren"), ("owner", "Integrationsbüro")),
        "POST /kommunen/{id}/workshops/{w}/ergebnisse?handler=Vereinbarungen" => Form($"/kommunen/{Own}/workshops/{await FreshWorkshop()}/ergebnisse?handler=Vereinbarungen",
            ("agreements[0].title", "Dialogveranstaltung"), ("agreements[0].kind", "Dialogveranstaltung"), ("agreements[0].owner", "Integrationsbüro"),
            ("agreements[0].plannedDate", "2030-10-08"), ("agreements[0].status", "geplant"), ("agreements[0].details", "mit Vereinen")),
        "POST /kommunen/{id}/workshops/{w}/ergebnisse?handler=Meilenstein" => await AgreementMilestoneForm(),
        "POST /kommunen/{id}/workshops/{w}/ergebnisse?handler=Kommentar" => Form($"/kommunen/{Own}/workshops/{await SharedWorkshop()}/ergebnisse?handler=Kommentar",
            ("field", "4"), ("text", "Die Verwaltung hat aufgeholt.")),
        // A round's page: a unit, a respondent's new link, the open survey's link (created, revoked), an interview summary.
        "POST /kommunen/{id}/runden/{n}?handler=Einheit" => Form($"/kommunen/{Own}/runden/{OpenRound}?handler=Einheit",
            ("expectedVersion", "0"), ("name", $"Einheit {Guid.NewGuid():N}"), ("email", "")),
        "POST /kommunen/{id}/runden/{n}?handler=Link" => Form($"/kommunen/{Own}/runden/{OpenRound}?handler=Link&rid={await FreshRespondent()}"),
        "POST /kommunen/{id}/runden/{n}?handler=OffenerLink" => Form($"/kommunen/{Own}/runden/{OpenRound}?handler=OffenerLink", ("capacity", "100"), ("expiresOn", "")),
        "POST /kommunen/{id}/runden/{n}?handler=OffenerLinkWiderrufen" => Form($"/kommunen/{Own}/runden/{await RoundWithOpenLink()}?handler=OffenerLinkWiderrufen"),
        "POST /kommunen/{id}/runden/{n}?handler=Zusammenfassung" => Form($"/kommunen/{Own}/runden/{await InterviewRound()}?handler=Zusammenfassung",
            ("field", "1"), ("text", "Zusammenfassung der Interviews")),
        // Filling in for a respondent: sending the questionnaire off.
        "POST /kommunen/{id}/runden/{n}/befragte/{rid}?handler=Absenden" => Form($"/kommunen/{Own}/runden/{OpenRound}/befragte/{await FreshAnsweredRespondent()}?handler=Absenden"),
        // The programme's page of a Kommune (a Kommune of its own: emptied fields unassign its facilitator or clear its data).
        // Name and AGS are unique among the Kommunen: the Kommune keeps its registered name, has no AGS; the start date moves.
        "POST /programm/kommunen/{id}?handler=Stammdaten" => Form($"/programm/kommunen/{await ProgrammeKommune()}?handler=Stammdaten",
            ("name", $"Testkommune {await ProgrammeKommune()}"), ("kind", "Stadt"), ("bundesland", "Sachsen-Anhalt"), ("cohort", "2020-1"), ("startDate", NextStartDate()), ("ags", "")),
        "POST /programm/kommunen/{id}?handler=Prozessbegleitung" => Form($"/programm/kommunen/{await ProgrammeKommune()}?handler=Prozessbegleitung",
            ("personId", OwnFacilitator.ToString())),
        "POST /programm/kommunen/{id}?handler=Federfuehrung" => Form($"/programm/kommunen/{await ProgrammeKommune()}?handler=Federfuehrung", ("unit", "Integrationsbüro")),
        "POST /programm/kommunen/{id}?handler=Adresse" => await UnitAddressForm(),
        "POST /programm/kommunen/{id}?handler=Widerrufen" => Form($"/programm/kommunen/{Own}?handler=Widerrufen", ("linkId", (await FreshLink()).ToString())),
        "POST /programm/kommunen?handler=Vorschlag" => Form("/programm/kommunen?handler=Vorschlag",
            ("name", "Matrixstadt Öhringen"), ("id", ""), ("kind", "Stadt"), ("bundesland", "Baden-Württemberg"), ("cohort", "2020-1"), ("startDate", ""), ("ags", "")),
        "POST /programm/benutzer/{uid}?handler=Loeschen" => Form($"/programm/benutzer/{await FreshUser()}?handler=Loeschen", ("reason", "Matrix")),
        "POST /programm/kataloge/import?handler=Importieren" => Form("/programm/kataloge/import?handler=Importieren", ("vorschau", await SealedPreview())),
        _ => null,
    };

    /// <summary>A milestone form on the list page: the milestone named by its hidden field.</summary>
    private static HttpRequestMessage MilestoneForm(string url, Guid milestone, params (string Name, string Value)[] fields) =>
        Form(url, [("meilenstein", milestone.ToString()), .. fields]);

    /// <summary>A fresh agreement offered on the milestones page, planned as a milestone there.</summary>
    private async Task<HttpRequestMessage> FromAgreementForm()
    {
        var path = (await FreshAgreement()).Split('/');
        return Form($"/kommunen/{Own}/meilensteine?handler=FromAgreement", ("workshop", path[^3]), ("agreement", path[^1]),
            ("dueDate", "2030-10-08"), ("dueTime", ""), ("owner", "Integrationsbüro"));
    }

    /// <summary>A fresh agreement planned as a milestone from the workshop's results page.</summary>
    private async Task<HttpRequestMessage> AgreementMilestoneForm()
    {
        var path = (await FreshAgreement()).Split('/');
        return Form($"/kommunen/{Own}/workshops/{path[^3]}/ergebnisse?handler=Meilenstein", ("agreement", path[^1]), ("dueDate", "2030-10-08"));
    }

    /// <summary>A form on a fresh action item's own page.</summary>
    private async Task<HttpRequestMessage> ActionItemPageForm(string handler, Func<string, KeyValuePair<string, string>[]> fields)
    {
        var item = (await FreshActionItem()).ToString();
        return new HttpRequestMessage(HttpMethod.Post, $"/kommunen/{Own}/aktionsplan/{item}?handler={handler}") { Content = new FormUrlEncodedContent(fields(item)) };
    }

    /// <summary>A fresh round with an open survey link (to be revoked).</summary>
    private async Task<int> RoundWithOpenLink()
    {
        var round = await Admin.OpenRound(Own, NextActorGroup());
        await (await Admin.Post($"/api/kommunen/{Own}/rounds/{round}/open-link", new { capacity = 10 })).ShouldBe(System.Net.HttpStatusCode.Created);
        return round;
    }

    // The programme page's Kommune (made once): its master data, facilitator and units are what its forms change.
    private string? _programmeKommune;

    private async Task<string> ProgrammeKommune() => _programmeKommune ??= await Admin.RegisterKommune(TestHost.NewKommuneId("programm"));

    /// <summary>The address form of a fresh unit of the programme page's Kommune (the unit named by its key).</summary>
    private async Task<HttpRequestMessage> UnitAddressForm()
    {
        var kommune = await ProgrammeKommune();
        var response = await Admin.Put($"/api/kommunen/{kommune}/units", new { name = $"Amt {Guid.NewGuid():N}" });
        await response.ShouldBe(System.Net.HttpStatusCode.Created);
        var key = (await response.ReadJson()).GetProperty("key").GetString()!;
        return Form($"/programm/kommunen/{kommune}?handler=Adresse", ("key", key), ("email", "amt@example.org"));
    }

    /// <summary>The sealed preview the import page hands back for a fresh catalogue (its confirmation form's hidden field).</summary>
    private async Task<string> SealedPreview()
    {
        var upload = new HttpRequestMessage(HttpMethod.Post, "/programm/kataloge/import")
        {
            Content = MultipartContent([new FormPart("datei",
                $$"""{"id":"matrix-{{Guid.NewGuid():N}}","version":"1","title":"Matrix","fields":[{"number":1,"key":"eins","name":"Eins","criteria":[{"id":"1.1","text":"Erstes"}]}],"shortForms":[]}""",
                "katalog.json")]),
        };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens["programmteam"]);
        var html = await (await Http.SendAsync(upload)).Content.ReadAsStringAsync();
        var sealedPreview = System.Text.RegularExpressions.Regex.Match(html, "name=\"vorschau\" value=\"([^\"]+)\"");
        if (!sealedPreview.Success) throw new InvalidOperationException("The import page showed no preview to confirm.");
        return System.Net.WebUtility.HtmlDecode(sealedPreview.Groups[1].Value);
    }

    private async Task<HttpRequestMessage> BuildFor(string endpoint) => endpoint switch
    {
        "GET /health/live" => Get("/health/live"),
        "GET /health/ready" => Get("/health/ready"),
        "GET /openapi/{documentName}.json" => Get("/openapi/v1.json"),
        "GET /anmelden" => Get("/anmelden"),
        // Pages (#13), asked as an API client would (no "Accept: text/html": no redirect to the sign-in).
        "GET /" => Get("/"),
        "GET /demo-anmeldung" => Get("/demo-anmeldung"),
        "POST /demo-anmeldung" => new HttpRequestMessage(HttpMethod.Post, "/demo-anmeldung")
        {
            Content = new FormUrlEncodedContent([new("nutzer", "programmteam")]),
        },
        "GET /kommunen" => Get("/kommunen"),
        "GET /meine-kommunen" => Get("/meine-kommunen"),
        "GET /kommunen/{id}" => Get($"/kommunen/{Own}"),
        "GET /kommunen/{id}/verlauf" => Get($"/kommunen/{Own}/verlauf"),
        "GET /kommunen/{id}/standortbestimmung" => Get($"/kommunen/{Own}/standortbestimmung"),
        "GET /kommunen/{id}/workshops" => Get($"/kommunen/{Own}/workshops"),
        "GET /kommunen/{id}/workshops/{w}" => Get($"/kommunen/{Own}/workshops/{await SharedWorkshop()}"),
        // Meilensteine (#13): form posts as a browser sends them (a bearer caller needs no antiforgery field).
        "GET /kommunen/{id}/meilensteine" => Get($"/kommunen/{Own}/meilensteine"),
        "POST /kommunen/{id}/meilensteine" => new HttpRequestMessage(HttpMethod.Post, $"/kommunen/{Own}/meilensteine?handler=Plan")
        {
            Content = new FormUrlEncodedContent([new("title", "Dialogveranstaltung"), new("kind", "Dialogveranstaltung"), new("owner", "Integrationsbüro"), new("dueDate", "2030-10-08")]),
        },
        "GET /kommunen/{id}/meilensteine/{m}" => Get($"/kommunen/{Own}/meilensteine/{await FreshMilestone()}"),
        "POST /kommunen/{id}/meilensteine/{m}" => FormPost($"/kommunen/{Own}/meilensteine/{await FreshMilestone()}?handler=Reschedule",
            ("dueDate", "2030-11-05"), ("reason", "Saal belegt")),
        "GET /kommunen/{id}/aktionsplan" => Get($"/kommunen/{Own}/aktionsplan"),
        "POST /kommunen/{id}/aktionsplan" => await ActionItemForm($"/kommunen/{Own}/aktionsplan?handler=Status", item =>
            [new("item", item), new("status", "in Arbeit"), new("reason", "Angefangen"), new("expectedVersion", "1")]),
        "GET /kommunen/{id}/aktionsplan/{item}" => Get($"/kommunen/{Own}/aktionsplan/{await FreshActionItem()}"),
        "POST /kommunen/{id}/aktionsplan/{item}" => await ActionItemForm(null, item =>
            [new("item", item), new("owner", "Integrationsbüro"), new("due", "2021-03-31"), new("reason", "Neu verteilt"), new("expectedVersion", "1")]),
        "GET /kommunen/{id}/runden" => Get($"/kommunen/{Own}/runden"),
        "POST /kommunen/{id}/runden" => Form($"/kommunen/{Own}/runden",
            ("kind", "full"), ("catalogue", "weltoffene-kommune-2020"), ("actorGroup", NextActorGroup())),
        "GET /kommunen/{id}/runden/{n}" => Get($"/kommunen/{Own}/runden/{OpenRound}"),
        "POST /kommunen/{id}/runden/{n}" => Form($"/kommunen/{Own}/runden/{OpenRound}?handler=Befragte", ("unit", $"Befragte {Guid.NewGuid():N}")),
        "GET /kommunen/{id}/runden/{n}/abschliessen" => Get($"/kommunen/{Own}/runden/{OpenRound}/abschliessen"),
        "POST /kommunen/{id}/runden/{n}/abschliessen" => Form($"/kommunen/{Own}/runden/{await ClosableRound()}/abschliessen"),
        // A respondent's pages: the cell's link key is added by SendAs (a GET exchanges it); a post would need the session.
        "GET /befragung" => Get("/befragung"),
        "GET /befragung/feld/{n}" => Get("/befragung/feld/1"),
        "POST /befragung/feld/{n}" => new HttpRequestMessage(HttpMethod.Post, "/befragung/feld/1")
        {
            Content = new FormUrlEncodedContent([new("feld", "1"), new("antwort-1.1", "eher ja")]),
        },
        "GET /befragung/absenden" => Get("/befragung/absenden"),
        "POST /befragung/absenden" => new HttpRequestMessage(HttpMethod.Post, "/befragung/absenden") { Content = new FormUrlEncodedContent([]) },
        "GET /kommunen/{id}/runden/{n}/befragte/{rid}" => Get($"/kommunen/{Own}/runden/{OpenRound}/befragte/{await FreshRespondent()}"),
        "POST /kommunen/{id}/runden/{n}/befragte/{rid}" => new HttpRequestMessage(HttpMethod.Post,
            $"/kommunen/{Own}/runden/{OpenRound}/befragte/{await FreshRespondent()}?handler=Feld")
        {
            Content = new FormUrlEncodedContent([new("feld", "1"), new("antwort-1.1", "eher ja"), new("kommentar-1.1", "Matrix")]),
        },
        "POST /api/session" => Json(HttpMethod.Post, "/api/session", new { token = ProgrammteamToken }),
        "DELETE /api/session" => new HttpRequestMessage(HttpMethod.Delete, "/api/session"),
        "GET /api/me" => Get("/api/me"),
        "POST /abmelden" => new HttpRequestMessage(HttpMethod.Post, "/abmelden") { Content = new FormUrlEncodedContent([]) },
        "POST /api/kommunen" => Json(HttpMethod.Post, "/api/kommunen",
            new { id = TestHost.NewKommuneId("matrix"), name = "Matrixstadt", kind = "Stadt", bundesland = "Bremen" }),
        "GET /api/kommunen" => Get("/api/kommunen"),
        "GET /api/kommunen/{id}" => Get($"/api/kommunen/{Own}"),
        "PUT /api/kommunen/{id}/facilitator" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/facilitator", new { personId = OwnFacilitator }),
        "PUT /api/kommunen/{id}/lead-office" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/lead-office", new { unit = "Integrationsbüro" }),
        "PUT /api/kommunen/{id}/units" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/units", new { name = $"Einheit {Guid.NewGuid():N}" }),
        "GET /api/kommunen/{id}/units" => Get($"/api/kommunen/{Own}/units"),
        "GET /api/kommunen/{id}/history" => Get($"/api/kommunen/{Own}/history"),
        "GET /api/kommunen/{id}/state" => Get($"/api/kommunen/{Own}/state?at=2099-01-01"),
        "GET /api/kommunen/{id}/verify" => Get($"/api/kommunen/{Own}/verify"),
        "GET /api/programm/history" => Get("/api/programm/history?type=person_registered"),
        "GET /api/kommunen/{id}/audit-export" => Get($"/api/kommunen/{Own}/audit-export"),
        "GET /api/cohorts" => Get("/api/cohorts"),
        "POST /api/people" => Json(HttpMethod.Post, "/api/people", new { name = "Matrix Person" }),
        "GET /api/people/{id}" => Get($"/api/people/{OwnFacilitator}"),
        "DELETE /api/people/{id}" => Json(HttpMethod.Delete, $"/api/people/{await Admin.RegisterPerson("Matrix Löschung")}", new { reason = "Matrix" }),
        "POST /api/kommunen/{id}/redactions" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/redactions", new { value = await FreshUnitAddress(), reason = "Matrix" }),
        "POST /api/kommunen/{id}/links" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/links", new { purpose = "kalender", validDays = 30 }),
        "GET /api/kommunen/{id}/links" => Get($"/api/kommunen/{Own}/links"),
        "DELETE /api/kommunen/{id}/links/{linkId}" => new HttpRequestMessage(HttpMethod.Delete, $"/api/kommunen/{Own}/links/{await FreshLink()}"),
        "GET /api/link" => Get("/api/link"),
        "GET /api/unit-email-confirmation" => Get($"/api/unit-email-confirmation?key={await FreshConfirmationKey()}"),
        "POST /api/unit-email-confirmation" => new HttpRequestMessage(HttpMethod.Post, $"/api/unit-email-confirmation?key={await FreshConfirmationKey()}"),
        "GET /api/catalogues" => Get("/api/catalogues"),
        "GET /api/catalogues/{catalogue}/versions/{version}" => Get("/api/catalogues/weltoffene-kommune-2020/versions/2020.1"),
        "POST /api/catalogues" => Json(HttpMethod.Post, "/api/catalogues", new
        {
            id = "matrix-katalog",
            version = $"v{Guid.NewGuid():N}"[..20],
            title = "Matrix-Katalog",
            fields = new[] { new { number = 1, key = "feld", name = "Feld", criteria = new[] { new { id = "1.1", text = "Kriterium" } } } },
            shortForms = Array.Empty<object>(),
        }),
        "GET /api/scoring-schemes" => Get("/api/scoring-schemes"),
        "POST /api/scoring-schemes" => Json(HttpMethod.Post, "/api/scoring-schemes", new
        {
            id = "matrix-schema",
            version = $"v{Guid.NewGuid():N}"[..20],
            title = "Matrix-Schema",
            points = new Dictionary<string, int> { ["ja"] = 3, ["eher ja"] = 2, ["eher nein"] = 1, ["nein"] = 0 },
            levels = new[] { new { level = 1, from = "0", label = "eins" }, new { level = 2, from = "2", label = "zwei" } },
        }),
        "POST /api/kommunen/{id}/rounds" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/rounds",
            new { kind = "full", catalogue = "weltoffene-kommune-2020", actorGroup = NextActorGroup() }),
        "GET /api/kommunen/{id}/rounds" => Get($"/api/kommunen/{Own}/rounds"),
        "GET /api/kommunen/{id}/rounds/{n}" => Get($"/api/kommunen/{Own}/rounds/{OpenRound}"),
        "POST /api/kommunen/{id}/rounds/{n}/respondents" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/rounds/{OpenRound}/respondents",
            new { unit = $"Amt {Guid.NewGuid():N}", dezernat = "III" }),
        "POST /api/kommunen/{id}/rounds/{n}/respondents/{rid}/link" =>
            new HttpRequestMessage(HttpMethod.Post, $"/api/kommunen/{Own}/rounds/{OpenRound}/respondents/{ReissueRespondent}/link"),
        "GET /api/kommunen/{id}/rounds/{n}/respondents/{rid}/questionnaire" =>
            Get($"/api/kommunen/{Own}/rounds/{OpenRound}/respondents/{await FreshRespondent()}/questionnaire"),
        "GET /api/kommunen/{id}/rounds/{n}/respondents/{rid}/answers" =>
            Get($"/api/kommunen/{Own}/rounds/{OpenRound}/respondents/{await FreshRespondent()}/answers"),
        "PUT /api/kommunen/{id}/rounds/{n}/respondents/{rid}/answers" => Json(HttpMethod.Put,
            $"/api/kommunen/{Own}/rounds/{OpenRound}/respondents/{await FreshRespondent()}/answers",
            new { answers = new[] { new { criterion = "4.4", answer = "eher ja", comment = "Matrix" } } }),
        "POST /api/kommunen/{id}/rounds/{n}/respondents/{rid}/submit" =>
            new HttpRequestMessage(HttpMethod.Post, $"/api/kommunen/{Own}/rounds/{OpenRound}/respondents/{await FreshRespondent()}/submit"),
        "PUT /api/kommunen/{id}/rounds/{n}/consensus" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/rounds/{OpenRound}/consensus",
            new { criterion = "1.4", answer = "eher nein", reason = "In der Steuerungsgruppe besprochen" }),
        "POST /api/kommunen/{id}/rounds/{n}/close" => new HttpRequestMessage(HttpMethod.Post, $"/api/kommunen/{Own}/rounds/{await ClosableRound()}/close"),
        "POST /api/kommunen/{id}/rounds/{n}/evaluations" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/rounds/{ClosedRound}/evaluations",
            new { scheme = "standard", schemeVersion = "1" }),
        "PUT /api/kommunen/{id}/rounds/{n}/commentary" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/rounds/{ClosedRound}/commentary",
            new { field = 1, text = "Kommentar der Prozessbegleitung" }),
        "GET /api/kommunen/{id}/maturity" => Get($"/api/kommunen/{Own}/maturity"),
        "GET /api/kommunen/{id}/maturity/trend" => Get($"/api/kommunen/{Own}/maturity/trend"),
        // #14 perspectives
        "GET /api/kommunen/{id}/perspectives" => Get($"/api/kommunen/{Own}/perspectives"),
        "GET /api/kommunen/{id}/rounds/{n}/chart.svg" => Get($"/api/kommunen/{Own}/rounds/{ClosedRound}/chart.svg"),
        "GET /api/kommunen/{id}/rounds/{n}/tables.html" => Get($"/api/kommunen/{Own}/rounds/{ClosedRound}/tables.html"),
        "GET /api/kommunen/{id}/rounds/{n}/answers.csv" => Get($"/api/kommunen/{Own}/rounds/{OpenRound}/answers.csv"),
        "GET /api/kommunen/{id}/rounds/{n}/answers.json" => Get($"/api/kommunen/{Own}/rounds/{OpenRound}/answers.json"),
        "POST /api/kommunen/{id}/workshops" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/workshops",
            new { startsAt = "2020-07-01T13:00", place = "Rathaus", moderation = "Externe Prozessbegleitung" }),
        "GET /api/kommunen/{id}/workshops" => Get($"/api/kommunen/{Own}/workshops"),
        "GET /api/kommunen/{id}/workshops/{w}" => Get($"/api/kommunen/{Own}/workshops/{await SharedWorkshop()}"),
        "PUT /api/kommunen/{id}/workshops/{w}/schedule" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/workshops/{await SharedWorkshop()}/schedule",
            new { startsAt = "2020-07-02T13:00", place = "Rathaus", reason = "Raum belegt" }),
        "POST /api/kommunen/{id}/workshops/{w}/cancel" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/workshops/{await FreshWorkshop()}/cancel", new { reason = "Pandemie" }),
        "POST /api/kommunen/{id}/workshops/{w}/held" => new HttpRequestMessage(HttpMethod.Post, $"/api/kommunen/{Own}/workshops/{await FreshWorkshop()}/held"),
        "PUT /api/kommunen/{id}/workshops/{w}/agenda" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/workshops/{await SharedWorkshop()}/agenda",
            new { goals = new[] { "Gemeinsames Bild der Ergebnisse" }, items = new[] { new { time = "13:00", title = "Begrüßung", by = "Oberbürgermeister" } } }),
        "PUT /api/kommunen/{id}/workshops/{w}/participants" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/workshops/{await SharedWorkshop()}/participants",
            new { institutions = new[] { new { sector = "Verwaltung", name = "Integrationsbüro" } } }),
        "PUT /api/kommunen/{id}/workshops/{w}/understanding" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/workshops/{await SharedWorkshop()}/understanding",
            new { statements = new[] { new { text = "Keine Vorurteile haben." } } }),
        "PUT /api/kommunen/{id}/workshops/{w}/priorities" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/workshops/{await SharedWorkshop()}/priorities",
            new { fields = new[] { 4, 5 } }),
        "POST /api/kommunen/{id}/workshops/{w}/working-groups" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/workshops/{await FreshWorkshop()}/working-groups",
            new { field = 5, whatWorks = new[] { new { text = "Ehrenamtskarte" } }, needsForAction = new[] { new { text = "Kümmerer etablieren" } }, owner = "Integrationsbüro" }),
        "PUT /api/kommunen/{id}/workshops/{w}/agreements" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/workshops/{await SharedWorkshop()}/agreements",
            new { agreements = new[] { new { agreementId = Guid.NewGuid(), title = "Dialogveranstaltung", kind = "Dialogveranstaltung", plannedDate = "2020-10-08", status = "geplant" } } }),
        "PUT /api/kommunen/{id}/workshops/{w}/feedback" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/workshops/{await SharedWorkshop()}/feedback",
            new { items = new[] { "Zum Nachdenken angeregt." } }),
        "GET /api/kommunen/{id}/workshops/{w}/documentation.html" => Get($"/api/kommunen/{Own}/workshops/{await SharedWorkshop()}/documentation.html"),
        "GET /api/kommunen/{id}/workshops/{w}/documentation.pdf" => Get($"/api/kommunen/{Own}/workshops/{await SharedWorkshop()}/documentation.pdf"),
        "GET /api/kommunen/{id}/action-plan" => Get($"/api/kommunen/{Own}/action-plan"),
        "POST /api/kommunen/{id}/action-items" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/action-items", new { field = 5, text = "Internetseite ausrichten", owner = "Pressestelle" }),
        "PUT /api/kommunen/{id}/action-items/{a}" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/action-items/{await FreshActionItem()}", new { owner = "Integrationsbüro", due = "2021-03-31", reason = "Neu verteilt" }),
        "POST /api/kommunen/{id}/action-items/{a}/status" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/action-items/{await FreshActionItem()}/status", new { status = "in Arbeit" }),
        "POST /api/kommunen/{id}/action-items/{a}/notes" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/action-items/{await FreshActionItem()}/notes", new { text = "Termin mit dem Personalamt" }),
        "GET /api/action-items" => Get("/api/action-items"),
        "POST /api/kommunen/{id}/milestones" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/milestones",
            new { title = "Workshop mit den Dezernenten", kind = "Workshop", owner = "Integrationsbüro", dueAt = "2030-11-12T10:00" }),
        "POST /api/kommunen/{id}/workshops/{w}/agreements/{a}/milestone" => Json(HttpMethod.Post, $"{await FreshAgreement()}/milestone", new { }),
        "GET /api/kommunen/{id}/milestones" => Get($"/api/kommunen/{Own}/milestones"),
        "GET /api/kommunen/{id}/milestones/{m}" => Get($"/api/kommunen/{Own}/milestones/{await FreshMilestone()}"),
        "PUT /api/kommunen/{id}/reminder-policy" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/reminder-policy",
            new { offsetsDays = new[] { Random.Shared.Next(1, 300), 0 }, sendTime = "08:00", escalationDays = 7 }),
        "PUT /api/kommunen/{id}/milestones/{m}/due" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/milestones/{await FreshMilestone()}/due",
            new { dueDate = "2030-11-05", reason = "Saal belegt" }),
        "POST /api/kommunen/{id}/milestones/{m}/complete" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/milestones/{await FreshMilestone()}/complete", new { }),
        "POST /api/kommunen/{id}/milestones/{m}/cancel" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/milestones/{await FreshMilestone()}/cancel", new { reason = "entfällt" }),
        "GET /api/kommunen/{id}/calendar.ics" => Get($"/api/kommunen/{Own}/calendar.ics"),
        "GET /api/facilitators/{personId}/board" => Get($"/api/facilitators/{OwnFacilitator}/board"),
        "GET /api/facilitators/{personId}/calendar.ics" => Get($"/api/facilitators/{OwnFacilitator}/calendar.ics"),
        "POST /api/facilitators/{personId}/links" => Json(HttpMethod.Post, $"/api/facilitators/{OwnFacilitator}/links", new { validDays = 30 }),
        "DELETE /api/facilitators/{personId}/links/{linkId}" => new HttpRequestMessage(HttpMethod.Delete,
            $"/api/facilitators/{OwnFacilitator}/links/{(await Links.IssueForPersonAsync(Selbstcheck.Workflow.Programme.ProgrammeAction.Own(Matrix, "matrix"), LinkPurposes.Kalender, OwnFacilitator, TimeSpan.FromDays(1), CancellationToken.None)).Record.Id}"),
        "GET /hangfire/{**path}" => Get("/hangfire"),
        "POST /hangfire/{**path}" => await DashboardPost(),
        // #14 seed exactness
        "PUT /api/kommunen/{id}/scoring-scheme" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/scoring-scheme", new { scheme = "standard", schemeVersion = "1" }),
        "PUT /api/kommunen/{id}/rounds/{n}/respondents/{rid}/contributors" => Json(HttpMethod.Put,
            $"/api/kommunen/{Own}/rounds/{OpenRound}/respondents/{await FreshRespondent()}/contributors",
            new { units = new[] { new { unit = "Sozialcontrolling", dezernat = "V" } } }),
        "POST /api/kommunen/{id}/rounds/{n}/respondents/{rid}/reconstructed" => Json(HttpMethod.Post,
            $"/api/kommunen/{Own}/rounds/{OpenRound}/respondents/{await FreshAnsweredRespondent()}/reconstructed",
            new { criteria = new[] { "4.4" }, reason = "aus der Dokumentation rekonstruiert" }),
        "PUT /api/kommunen/{id}/workshops/{w}/frame" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/workshops/{await SharedWorkshop()}/frame",
            new { welcome = new { by = "Oberbürgermeister", points = new[] { "Begrüßung" } }, resultsBy = "PHINEO gAG" }),
        // #14 open survey: the round's open survey link (each post replaces it), an interview round's summaries, the page the
        // open link opens (its own round's link, so the posts above do not revoke it; every opening starts a response).
        "POST /api/kommunen/{id}/rounds/{n}/open-link" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/rounds/{OpenRound}/open-link", new { capacity = 100 }),
        "PUT /api/kommunen/{id}/rounds/{n}/interview-summaries" => Json(HttpMethod.Put,
            $"/api/kommunen/{Own}/rounds/{await InterviewRound()}/interview-summaries", new { field = 1, text = "Zusammenfassung der Interviews" }),
        "GET /api/kommunen/{id}/rounds/{n}/interview-summaries" => Get($"/api/kommunen/{Own}/rounds/{await InterviewRound()}/interview-summaries"),
        "GET /befragung/offen" => Get($"/befragung/offen?key={Uri.EscapeDataString(await OpenSurveyKey())}"),
        // #14 benchmark.
        "GET /api/kommunen/{id}/benchmark" => Get($"/api/kommunen/{Own}/benchmark"),
        "GET /kommunen/{id}/vergleich" => Get($"/kommunen/{Own}/vergleich"),
        "GET /api/programm/overview" => Get("/api/programm/overview"),
        "GET /programm" => Get("/programm"),
        // #15 H3 programme Kommunen: the whole master data (the own Kommune keeps what it was registered with; only the start
        // date moves, so each request changes something); registering through the page; a fresh unit on the Kommune's page; the cohorts.
        "PUT /api/kommunen/{id}/master-data" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/master-data",
            new { name = $"Testkommune {Own}", kind = "Stadt", bundesland = "Sachsen-Anhalt", startDate = NextStartDate() }),
        "GET /programm/kommunen" => Get("/programm/kommunen?jahrgang=2020-1"),
        "POST /programm/kommunen" => Form("/programm/kommunen?handler=Registrieren",
            ("name", "Matrixstadt Öhringen"), ("id", TestHost.NewKommuneId("matrix-seite")), ("kind", "Stadt"), ("bundesland", "Baden-Württemberg"), ("cohort", "2020-1")),
        "GET /programm/kommunen/{id}" => Get($"/programm/kommunen/{Own}"),
        "POST /programm/kommunen/{id}" => Form($"/programm/kommunen/{Own}?handler=Stelle", ("name", $"Einheit {Guid.NewGuid():N}"), ("email", "")),
        "GET /programm/kohorten" => Get("/programm/kohorten"),
        // #15 H5 participants
        "GET /kommunen/{id}/fuer-teilnehmende" => Get($"/kommunen/{Own}/fuer-teilnehmende"),
        "GET /kommunen/{id}/workshops/{w}/standortbestimmung" => Get($"/kommunen/{Own}/workshops/{await SharedWorkshop()}/standortbestimmung"),
        "GET /kommunen/{id}/workshops/{w}/vereinbarungen" => Get($"/kommunen/{Own}/workshops/{await SharedWorkshop()}/vereinbarungen"),
        // #15 H4 programme people + catalogues.
        "GET /api/people" => Get("/api/people"),
        "PUT /api/people/{id}" => Json(HttpMethod.Put, $"/api/people/{await Admin.RegisterPerson("Matrix Änderung")}", new { name = "Matrix Geändert", organisation = "Matrix" }),
        "GET /api/users" => Get("/api/users"),
        "POST /api/users" => Json(HttpMethod.Post, "/api/users", new { subject = $"matrix-{Guid.NewGuid():N}", displayName = "Matrix Nutzer" }),
        "PUT /api/users/{userId}" => Json(HttpMethod.Put, $"/api/users/{await FreshUser()}", new { displayName = "Matrix Umbenannt" }),
        "DELETE /api/users/{userId}" => Json(HttpMethod.Delete, $"/api/users/{await FreshUser()}", new { reason = "Matrix" }),
        "GET /programm/personen" => Get("/programm/personen"),
        "POST /programm/personen" => Form("/programm/personen", ("name", "Matrix Formular"), ("email", "matrix@example.org"), ("organisation", "Matrix")),
        "GET /programm/personen/{pid}" => Get($"/programm/personen/{OwnFacilitator}"),
        "POST /programm/personen/{pid}" => Form($"/programm/personen/{await Admin.RegisterPerson("Matrix Seite")}",
            ("name", "Matrix Seite Neu"), ("email", "matrix.seite@example.org"), ("organisation", ""), ("expectedVersion", "1")),
        "GET /programm/personen/{pid}/loeschen" => Get($"/programm/personen/{OwnFacilitator}/loeschen"),
        "POST /programm/personen/{pid}/loeschen" => Form($"/programm/personen/{await Admin.RegisterPerson("Matrix Löschseite")}/loeschen", ("reason", "Matrix")),
        "GET /programm/benutzer" => Get("/programm/benutzer"),
        "POST /programm/benutzer" => Form("/programm/benutzer", ("subject", $"matrix-seite-{Guid.NewGuid():N}"), ("issuer", ""), ("displayName", "Matrix Seite")),
        "GET /programm/benutzer/{uid}" => Get($"/programm/benutzer/{await FreshUser()}"),
        "POST /programm/benutzer/{uid}" => Form($"/programm/benutzer/{await FreshUser()}", ("displayName", "Matrix Seite Neu"), ("expectedVersion", "1")),
        "GET /programm/kataloge" => Get("/programm/kataloge"),
        "GET /programm/kataloge/katalog/{catalogue}/{version}" => Get("/programm/kataloge/katalog/weltoffene-kommune-2020/2020.1"),
        "GET /programm/kataloge/schema/{scheme}/{version}" => Get("/programm/kataloge/schema/standard/1"),
        "GET /programm/kataloge/import" => Get("/programm/kataloge/import"),
        "POST /programm/kataloge/import" => Multipart("/programm/kataloge/import", new FormPart("datei",
            $$"""{"id":"matrix-{{Guid.NewGuid():N}}","version":"1","title":"Matrix","fields":[{"number":1,"key":"eins","name":"Eins","criteria":[{"id":"1.1","text":"Erstes"}]}],"shortForms":[]}""",
            "katalog.json")),
        // #15 H1 workshop preparation (form posts as a browser sends them; the lists without expectedVersion, so every cell's save passes).
        "POST /kommunen/{id}/workshops" => Form($"/kommunen/{Own}/workshops",
            ("title", "Selbstcheck-Workshop"), ("startsAt", "2030-07-01T13:00"), ("place", "Rathaus"), ("moderation", "Moderation Matrix")),
        "POST /kommunen/{id}/workshops/{w}" => Form($"/kommunen/{Own}/workshops/{await FreshWorkshop()}?handler=Reschedule",
            ("startsAt", "2030-07-08T13:00"), ("place", "Bürgerhaus"), ("reason", "Saal belegt")),
        "GET /kommunen/{id}/workshops/{w}/vorbereitung" => Get($"/kommunen/{Own}/workshops/{await SharedWorkshop()}/vorbereitung"),
        "POST /kommunen/{id}/workshops/{w}/vorbereitung" => Form($"/kommunen/{Own}/workshops/{await SharedWorkshop()}/vorbereitung?handler=Agenda",
            ("goals", "Standort bestimmen"), ("items[0].time", "13:00"), ("items[0].title", "Begrüßung"), ("items[0].by", "Oberbürgermeister")),
        // #15 H2 workshop results: a recorded working group revised (no expectedVersion: each cell may revise it again); the
        // results page and one of its forms (the feedback list; a bearer caller needs no antiforgery field).
        "PUT /api/kommunen/{id}/workshops/{w}/working-groups/{field}" => Json(HttpMethod.Put,
            $"/api/kommunen/{Own}/workshops/{await WorkshopWithGroup()}/working-groups/5",
            new { whatWorks = new[] { new { text = "Ehrenamtskarte" } }, needsForAction = new[] { new { text = "Kümmerer etablieren" } }, owner = "Integrationsbüro" }),
        "GET /kommunen/{id}/workshops/{w}/ergebnisse" => Get($"/kommunen/{Own}/workshops/{await SharedWorkshop()}/ergebnisse"),
        "POST /kommunen/{id}/workshops/{w}/ergebnisse" => Form($"/kommunen/{Own}/workshops/{await SharedWorkshop()}/ergebnisse?handler=Rueckmeldungen",
            ("items[0].text", "Zum Nachdenken angeregt."), ("items[1].text", "Gute Moderation.")),
        _ => throw new InvalidOperationException($"No valid request known for {endpoint}: add one here and a row to the matrix."),
    };

    /// <summary>
    /// The dashboard's own antiforgery check wants the token its page carries (for programmteam,
    /// whose identity it is bound to); every other cell is refused before it gets there.
    /// </summary>
    private async Task<HttpRequestMessage> DashboardPost()
    {
        var page = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        page.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens["programmteam"]);
        var response = await Http.SendAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value;
        var cookie = response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("selbstcheck-csrf=", StringComparison.Ordinal)).Split(';')[0];
        var post = new HttpRequestMessage(HttpMethod.Post, "/hangfire/stats")
        {
            Content = new FormUrlEncodedContent([new("metrics[]", "enqueued:count")]),
        };
        post.Headers.Add("X-CSRF-TOKEN", token);
        post.Headers.Add("Cookie", cookie);
        return post;
    }

    private async Task<Guid> FreshLink() =>
        (await LinkTokens.IssueAsync(await TestHost.Bus(), Matrix, LinkPurposes.Kalender, Own, $"kommune:{Own}", TimeSpan.FromDays(1), CancellationToken.None)).Record.Id;

    private static readonly Actor Matrix = new("matrix", Roles.Programmteam);

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    // #15 H3: each master-data request names another start date, so each changes the master data.
    private static int _startDay;

    private static string NextStartDate() => new DateOnly(2020, 1, 1).AddDays(Interlocked.Increment(ref _startDay)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public sealed record ValidRequest(HttpMethod Method, string Url, string? Body, string? RespondentKey)
    {
        /// <summary>#15 H4: the parts of a multipart form (a file upload), which the fuzz test varies part by part; null for other bodies.</summary>
        public IReadOnlyList<FormPart>? Parts { get; init; }
    }

    /// <summary>#15 H4: one part of a multipart form: a field, or a file when it has a file name.</summary>
    public sealed record FormPart(string Name, string Value, string? FileName = null);

    /// <summary>#15 H4: a multipart form as a browser sends it.</summary>
    public static MultipartFormDataContent MultipartContent(IEnumerable<FormPart> parts)
    {
        var content = new MultipartFormDataContent();
        foreach (var part in parts)
        {
            if (part.FileName is null)
            {
                content.Add(new StringContent(part.Value), part.Name);
                continue;
            }

            var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(part.Value));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            content.Add(file, part.Name, part.FileName);
        }

        return content;
    }

    private IReadOnlyList<FormPart>? _lastParts;

    private HttpRequestMessage Multipart(string url, params FormPart[] parts)
    {
        _lastParts = parts;
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = MultipartContent(parts) };
    }

    /// <summary>#15 H4: a fresh entry of the user directory (its opaque id).</summary>
    private static Task<string> FreshUser() => TestHost.UserIdOf($"matrix-{Guid.NewGuid():N}");

    /// <summary>A page's form post (application/x-www-form-urlencoded).</summary>
    private static HttpRequestMessage Form(string url, params (string Name, string Value)[] fields) =>
        new(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))) };

    private static HttpRequestMessage Json(HttpMethod method, string url, object body) =>
        new(method, url) { Content = JsonContent.Create(body, options: TestHost.Json) };
}
