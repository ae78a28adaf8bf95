using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Access;

/// <summary>What an endpoint demands of its caller.</summary>
public abstract record AccessRule;

/// <summary>Answers without any credentials (health, OpenAPI, the sign-in itself).</summary>
public sealed record PublicAccess : AccessRule;

/// <summary>Authenticated by a link token in the query parameter <c>key</c> instead of a bearer token.</summary>
public sealed record LinkAccess(string Purpose) : AccessRule;

/// <summary>Any signed-in caller, whatever the role.</summary>
public sealed record SignedInAccess : AccessRule;

/// <summary>Not bound to one Kommune: the caller's role must be listed.</summary>
public sealed record ProgrammeAccess(params string[] Roles) : AccessRule
{
    /// <summary>The endpoint shows personal data: the audit role needs the personal-data claim.</summary>
    public bool PersonalData { get; init; }
}

/// <summary>
/// Bound to the Kommune named by a route parameter: the role must be listed and reach that
/// Kommune — programmteam and audit every Kommune, kommune and teilnehmende their own (token
/// claim), prozessbegleitung those assigned to them (read from the Kommune's stream, so a
/// reassignment takes effect at once).
/// </summary>
public sealed record KommuneAccess(string RouteParameter, params string[] Roles) : AccessRule
{
    /// <summary>The endpoint shows personal data: the audit role needs the personal-data claim.</summary>
    public bool PersonalData { get; init; }
}

/// <summary>
/// A respondent's own endpoints: reached either with the respondent's questionnaire link
/// (<c>key</c>: purpose befragung, for exactly this Kommune, round and respondent — as role
/// befragte), or with a bearer role listed here that reaches the Kommune (entering answers on the
/// respondent's behalf).
/// </summary>
public sealed record RespondentAccess(string KommuneParameter, string RoundParameter, string RespondentParameter, params string[] Roles) : AccessRule;

/// <summary>
/// A respondent's pages (<c>/befragung</c>): only the cookie session that a respondent's questionnaire
/// link was exchanged for (role befragte, that link and its respondent as claims). A GET with the link's
/// <c>key</c> makes the exchange and redirects to the same address without the key; every later request
/// checks again that the link is still valid (revoked or expired ends the session). Every other caller
/// is refused (deny by default): a bearer role 403, no session 401.
/// </summary>
public sealed record RespondentSessionAccess : AccessRule;

/// <summary>
/// A feed for apps that send no bearer header: a link of the purpose named (for this Kommune) in
/// <c>key</c>, or a bearer role listed here that reaches the Kommune.
/// </summary>
public sealed record FeedAccess(string KommuneParameter, string Purpose, params string[] Roles) : AccessRule;

/// <summary>About one person (a facilitator): programmteam and audit any, prozessbegleitung only themselves.</summary>
public sealed record PersonAccess(string RouteParameter, params string[] Roles) : AccessRule;

/// <summary>A person's feed (a facilitator's calendar): a link of the purpose for this person in <c>key</c>, or <see cref="PersonAccess"/>.</summary>
public sealed record PersonFeedAccess(string RouteParameter, string Purpose, params string[] Roles) : AccessRule;

/// <summary>
/// #14 open survey: the page a round's open survey link opens (<c>/befragung/offen?key=…</c>). Only a valid
/// link of purpose offene-befragung in <c>key</c>; the request then acts as the link (never as the browser),
/// and the page starts an anonymous response bound to the browser session (the respondent's cookie).
/// </summary>
public sealed record OpenSurveyLinkAccess : AccessRule;

/// <summary>The Hangfire dashboard: programmteam, and audit read-only.</summary>
public sealed record DashboardAccess : AccessRule;

/// <summary>
/// The table the enforcement reads: every endpoint by method and route pattern. An endpoint
/// missing here is refused for everyone (deny by default) and the refusal is logged as an error.
/// The matrix test keeps its own, hand-written table of expected answers.
/// </summary>
public static class AccessTable
{
    private const string P = Roles.Programmteam;
    private const string B = Roles.Prozessbegleitung;
    private const string K = Roles.Kommune;
    private const string A = Roles.Audit;
    private const string T = Roles.Teilnehmende;

    // #14 unit staff: their Kommune's home, action plan and milestones (read), their own unit's items (the decisions check the unit).
    private const string E = Roles.Einheit;

    public static readonly IReadOnlyDictionary<(string Method, string Route), AccessRule> Rules =
        new Dictionary<(string, string), AccessRule>
        {
            [("GET", "/health/live")] = new PublicAccess(),
            [("GET", "/health/ready")] = new PublicAccess(),
            [("GET", "/openapi/{documentName}.json")] = new PublicAccess(),
            [("GET", "/anmelden")] = new PublicAccess(),
            [("POST", "/api/session")] = new PublicAccess(),
            [("DELETE", "/api/session")] = new SignedInAccess(),
            [("GET", "/api/me")] = new SignedInAccess(),
            // Sign-out (here and, with an identity provider, there): a cookie's form needs its antiforgery token.
            [("POST", "/abmelden")] = new SignedInAccess(),

            // Pages (#13): the same rules as the API they read; a browser without a session is sent to the sign-in.
            [("GET", "/")] = new SignedInAccess(),
            [("GET", "/demo-anmeldung")] = new PublicAccess(),
            [("POST", "/demo-anmeldung")] = new PublicAccess(),
            [("GET", "/kommunen")] = new ProgrammeAccess(P, A),
            [("GET", "/meine-kommunen")] = new ProgrammeAccess(B),
            [("GET", "/kommunen/{id}")] = new KommuneAccess("id", P, A, B, K, E),
            [("GET", "/kommunen/{id}/verlauf")] = new KommuneAccess("id", P, A, B, K),
            // Standortbestimmung and workshop documentation pages (web-audit): as the maturity and documentation
            // endpoints they read (teilnehmende included, as the API lets them read these).
            [("GET", "/kommunen/{id}/standortbestimmung")] = new KommuneAccess("id", P, A, B, K, T),
            [("GET", "/kommunen/{id}/workshops")] = new KommuneAccess("id", P, A, B, K, T),
            [("GET", "/kommunen/{id}/workshops/{w}")] = new KommuneAccess("id", P, A, B, K, T),
            // Meilensteine: read as GET …/milestones; the forms send the milestone commands, the reminder policy,
            // the Kommune's calendar link (all P, B, K in the API) and the facilitator's own calendar link (the
            // handler issues it only to a facilitator, about themselves: as POST /api/facilitators/{personId}/links).
            [("GET", "/kommunen/{id}/meilensteine")] = new KommuneAccess("id", P, A, B, K, E),
            [("POST", "/kommunen/{id}/meilensteine")] = new KommuneAccess("id", P, B, K),
            // A milestone's page: where reminder and escalation mails lead (after sign-in).
            [("GET", "/kommunen/{id}/meilensteine/{m}")] = new KommuneAccess("id", P, A, B, K, E),
            [("POST", "/kommunen/{id}/meilensteine/{m}")] = new KommuneAccess("id", P, B, K),
            // Aktionsplan and one Handlungsbedarf: read as GET …/action-plan, the inline forms send the action-item commands.
            [("GET", "/kommunen/{id}/aktionsplan")] = new KommuneAccess("id", P, A, B, K, E),
            [("POST", "/kommunen/{id}/aktionsplan")] = new KommuneAccess("id", P, B, K, E),
            [("GET", "/kommunen/{id}/aktionsplan/{item}")] = new KommuneAccess("id", P, A, B, K, E),
            [("POST", "/kommunen/{id}/aktionsplan/{item}")] = new KommuneAccess("id", P, B, K, E),
            // Fragebogen-Runden (#13, point 3): read as the rounds' endpoints; the forms send their commands (open, units,
            // respondents and links, close), so posting needs the roles those commands need.
            [("GET", "/kommunen/{id}/runden")] = new KommuneAccess("id", P, A, B, K),
            [("POST", "/kommunen/{id}/runden")] = new KommuneAccess("id", P, B, K),
            [("GET", "/kommunen/{id}/runden/{n}")] = new KommuneAccess("id", P, A, B, K),
            [("POST", "/kommunen/{id}/runden/{n}")] = new KommuneAccess("id", P, B, K),
            [("GET", "/kommunen/{id}/runden/{n}/abschliessen")] = new KommuneAccess("id", P, A, B, K),
            [("POST", "/kommunen/{id}/runden/{n}/abschliessen")] = new KommuneAccess("id", P, B, K),
            // The respondent's questionnaire (#13, point 4): only the session its link was exchanged for.
            [("GET", "/befragung")] = new RespondentSessionAccess(),
            [("GET", "/befragung/feld/{n}")] = new RespondentSessionAccess(),
            [("POST", "/befragung/feld/{n}")] = new RespondentSessionAccess(),
            [("GET", "/befragung/absenden")] = new RespondentSessionAccess(),
            [("POST", "/befragung/absenden")] = new RespondentSessionAccess(),
            // Answering on a unit's behalf (#13, point 3): as the API's questionnaire, answers and submit for bearer roles.
            [("GET", "/kommunen/{id}/runden/{n}/befragte/{rid}")] = new KommuneAccess("id", P, A, B, K),
            [("POST", "/kommunen/{id}/runden/{n}/befragte/{rid}")] = new KommuneAccess("id", P, B, K),

            [("POST", "/api/kommunen")] = new ProgrammeAccess(P),
            // Everyone with a bearer role may list; the list holds only the Kommunen the caller reaches.
            [("GET", "/api/kommunen")] = new ProgrammeAccess(P, A, B, K, T, E),
            [("GET", "/api/kommunen/{id}")] = new KommuneAccess("id", P, A, B, K, T, E),
            [("PUT", "/api/kommunen/{id}/facilitator")] = new KommuneAccess("id", P),
            [("PUT", "/api/kommunen/{id}/lead-office")] = new KommuneAccess("id", P, B, K),
            [("PUT", "/api/kommunen/{id}/units")] = new KommuneAccess("id", P, B, K),
            [("GET", "/api/kommunen/{id}/units")] = new KommuneAccess("id", P, A, B, K),
            [("GET", "/api/kommunen/{id}/history")] = new KommuneAccess("id", P, A, B, K),
            // The journey as of a moment or version: whoever may read its history.
            [("GET", "/api/kommunen/{id}/state")] = new KommuneAccess("id", P, A, B, K),
            [("GET", "/api/kommunen/{id}/verify")] = new KommuneAccess("id", P, A),
            // The programme stream's history: ids only, no personal data in its payloads.
            [("GET", "/api/programm/history")] = new ProgrammeAccess(P, A),
            // The export holds references, not personal values: audit without the personal-data claim reads "[personenbezogen]" for them.
            [("GET", "/api/kommunen/{id}/audit-export")] = new KommuneAccess("id", P, A),
            // Erasure of personal data (#12, point 6): the programme team, with a reason.
            [("POST", "/api/kommunen/{id}/redactions")] = new KommuneAccess("id", P),
            [("DELETE", "/api/people/{id}")] = new ProgrammeAccess(P),
            [("GET", "/api/cohorts")] = new ProgrammeAccess(P, A, B, K, T),

            [("POST", "/api/people")] = new ProgrammeAccess(P),
            [("GET", "/api/people/{id}")] = new ProgrammeAccess(P, A) { PersonalData = true },

            [("POST", "/api/kommunen/{id}/links")] = new KommuneAccess("id", P, B, K),
            [("GET", "/api/kommunen/{id}/links")] = new KommuneAccess("id", P, A, B, K),
            [("DELETE", "/api/kommunen/{id}/links/{linkId}")] = new KommuneAccess("id", P, B, K),
            [("GET", "/api/link")] = new LinkAccess("*"),
            // The holder of a unit's address confirms it with the one-time key sent there (checked by the endpoint).
            [("GET", "/api/unit-email-confirmation")] = new PublicAccess(),
            [("POST", "/api/unit-email-confirmation")] = new PublicAccess(),

            // Fragebogen (#4)
            [("GET", "/api/catalogues")] = new ProgrammeAccess(P, A, B, K, T),
            [("GET", "/api/catalogues/{catalogue}/versions/{version}")] = new ProgrammeAccess(P, A, B, K, T),
            [("POST", "/api/catalogues")] = new ProgrammeAccess(P),
            [("GET", "/api/scoring-schemes")] = new ProgrammeAccess(P, A, B, K, T),
            [("POST", "/api/scoring-schemes")] = new ProgrammeAccess(P),
            [("POST", "/api/kommunen/{id}/rounds")] = new KommuneAccess("id", P, B, K),
            [("GET", "/api/kommunen/{id}/rounds")] = new KommuneAccess("id", P, A, B, K),
            [("GET", "/api/kommunen/{id}/rounds/{n}")] = new KommuneAccess("id", P, A, B, K),
            [("POST", "/api/kommunen/{id}/rounds/{n}/respondents")] = new KommuneAccess("id", P, B, K),
            [("POST", "/api/kommunen/{id}/rounds/{n}/respondents/{rid}/link")] = new KommuneAccess("id", P, B, K),
            [("GET", "/api/kommunen/{id}/rounds/{n}/respondents/{rid}/questionnaire")] = new RespondentAccess("id", "n", "rid", P, A, B, K),
            [("GET", "/api/kommunen/{id}/rounds/{n}/respondents/{rid}/answers")] = new RespondentAccess("id", "n", "rid", P, A, B, K),
            [("PUT", "/api/kommunen/{id}/rounds/{n}/respondents/{rid}/answers")] = new RespondentAccess("id", "n", "rid", P, B, K),
            [("POST", "/api/kommunen/{id}/rounds/{n}/respondents/{rid}/submit")] = new RespondentAccess("id", "n", "rid", P, B, K),
            [("PUT", "/api/kommunen/{id}/rounds/{n}/consensus")] = new KommuneAccess("id", P, B, K),
            [("POST", "/api/kommunen/{id}/rounds/{n}/close")] = new KommuneAccess("id", P, B, K),
            [("POST", "/api/kommunen/{id}/rounds/{n}/evaluations")] = new KommuneAccess("id", P),
            [("PUT", "/api/kommunen/{id}/rounds/{n}/commentary")] = new KommuneAccess("id", P, B),
            [("GET", "/api/kommunen/{id}/maturity")] = new KommuneAccess("id", P, A, B, K, T),
            [("GET", "/api/kommunen/{id}/maturity/trend")] = new KommuneAccess("id", P, A, B, K, T),
            // #14 perspectives: readable like the Standortbestimmung
            [("GET", "/api/kommunen/{id}/perspectives")] = new KommuneAccess("id", P, A, B, K, T),
            [("GET", "/api/kommunen/{id}/rounds/{n}/chart.svg")] = new KommuneAccess("id", P, A, B, K, T),
            [("GET", "/api/kommunen/{id}/rounds/{n}/tables.html")] = new KommuneAccess("id", P, A, B, K, T),
            [("GET", "/api/kommunen/{id}/rounds/{n}/answers.csv")] = new KommuneAccess("id", P, A, B, K),
            [("GET", "/api/kommunen/{id}/rounds/{n}/answers.json")] = new KommuneAccess("id", P, A, B, K),

            // Workshop and action plan (#5): the facilitator records the workshop; the lead office
            // works through every action item of its Kommune, whichever unit owns it.
            [("POST", "/api/kommunen/{id}/workshops")] = new KommuneAccess("id", P, B),
            [("GET", "/api/kommunen/{id}/workshops")] = new KommuneAccess("id", P, A, B, K, T),
            [("GET", "/api/kommunen/{id}/workshops/{w}")] = new KommuneAccess("id", P, A, B, K, T),
            [("PUT", "/api/kommunen/{id}/workshops/{w}/schedule")] = new KommuneAccess("id", P, B),
            [("POST", "/api/kommunen/{id}/workshops/{w}/cancel")] = new KommuneAccess("id", P, B),
            [("POST", "/api/kommunen/{id}/workshops/{w}/held")] = new KommuneAccess("id", P, B),
            [("PUT", "/api/kommunen/{id}/workshops/{w}/agenda")] = new KommuneAccess("id", P, B),
            [("PUT", "/api/kommunen/{id}/workshops/{w}/participants")] = new KommuneAccess("id", P, B),
            [("PUT", "/api/kommunen/{id}/workshops/{w}/understanding")] = new KommuneAccess("id", P, B),
            [("PUT", "/api/kommunen/{id}/workshops/{w}/priorities")] = new KommuneAccess("id", P, B),
            [("POST", "/api/kommunen/{id}/workshops/{w}/working-groups")] = new KommuneAccess("id", P, B),
            [("PUT", "/api/kommunen/{id}/workshops/{w}/agreements")] = new KommuneAccess("id", P, B),
            [("PUT", "/api/kommunen/{id}/workshops/{w}/feedback")] = new KommuneAccess("id", P, B),
            [("GET", "/api/kommunen/{id}/workshops/{w}/documentation.html")] = new KommuneAccess("id", P, A, B, K, T),
            [("GET", "/api/kommunen/{id}/workshops/{w}/documentation.pdf")] = new KommuneAccess("id", P, A, B, K, T),
            [("GET", "/api/kommunen/{id}/action-plan")] = new KommuneAccess("id", P, A, B, K, E),
            [("POST", "/api/kommunen/{id}/action-items")] = new KommuneAccess("id", P, B, K),
            [("PUT", "/api/kommunen/{id}/action-items/{a}")] = new KommuneAccess("id", P, B, K),
            [("POST", "/api/kommunen/{id}/action-items/{a}/status")] = new KommuneAccess("id", P, B, K, E),
            [("POST", "/api/kommunen/{id}/action-items/{a}/notes")] = new KommuneAccess("id", P, B, K, E),
            [("GET", "/api/action-items")] = new ProgrammeAccess(P, A, B, K),

            // Milestones (#6): the lead office edits its milestones, the facilitator too.
            [("POST", "/api/kommunen/{id}/milestones")] = new KommuneAccess("id", P, B, K),
            [("POST", "/api/kommunen/{id}/workshops/{w}/agreements/{a}/milestone")] = new KommuneAccess("id", P, B, K),
            [("GET", "/api/kommunen/{id}/milestones")] = new KommuneAccess("id", P, A, B, K, E),
            [("GET", "/api/kommunen/{id}/milestones/{m}")] = new KommuneAccess("id", P, A, B, K, E),
            [("PUT", "/api/kommunen/{id}/reminder-policy")] = new KommuneAccess("id", P, B, K),
            [("PUT", "/api/kommunen/{id}/milestones/{m}/due")] = new KommuneAccess("id", P, B, K),
            [("POST", "/api/kommunen/{id}/milestones/{m}/complete")] = new KommuneAccess("id", P, B, K),
            [("POST", "/api/kommunen/{id}/milestones/{m}/cancel")] = new KommuneAccess("id", P, B, K),

            [("GET", "/api/kommunen/{id}/calendar.ics")] = new FeedAccess("id", LinkPurposes.Kalender, P, A, B, K),
            [("GET", "/api/facilitators/{personId}/board")] = new PersonAccess("personId", P, A, B),
            [("GET", "/api/facilitators/{personId}/calendar.ics")] = new PersonFeedAccess("personId", LinkPurposes.Kalender, P, A, B),
            [("POST", "/api/facilitators/{personId}/links")] = new PersonAccess("personId", P, B),
            [("DELETE", "/api/facilitators/{personId}/links/{linkId}")] = new PersonAccess("personId", P, B),

            // #14 open survey: the round's open survey link, interview summaries, the page the open link opens.
            [("POST", "/api/kommunen/{id}/rounds/{n}/open-link")] = new KommuneAccess("id", P, B, K),
            [("PUT", "/api/kommunen/{id}/rounds/{n}/interview-summaries")] = new KommuneAccess("id", P, B, K),
            [("GET", "/api/kommunen/{id}/rounds/{n}/interview-summaries")] = new KommuneAccess("id", P, A, B, K) { PersonalData = true },
            [("GET", "/befragung/offen")] = new OpenSurveyLinkAccess(),

            [("GET", "/hangfire/{**path}")] = new DashboardAccess(),
            [("POST", "/hangfire/{**path}")] = new DashboardAccess(),

            // #14 seed exactness: the programme team sets a Kommune's scoring scheme; who adds respondents records
            // the units that contributed to their answers; the programme team and the facilitator mark reconstructed
            // answers and record the documentation's frame (as they record the workshop).
            [("PUT", "/api/kommunen/{id}/scoring-scheme")] = new KommuneAccess("id", P),
            [("PUT", "/api/kommunen/{id}/rounds/{n}/respondents/{rid}/contributors")] = new KommuneAccess("id", P, B, K),
            [("POST", "/api/kommunen/{id}/rounds/{n}/respondents/{rid}/reconstructed")] = new KommuneAccess("id", P, B),
            [("PUT", "/api/kommunen/{id}/workshops/{w}/frame")] = new KommuneAccess("id", P, B),
            // #14 benchmark: the anonymous comparison with the Kommune's position — whoever reads its Standortbestimmung;
            // the programme overview (and its page) for the programme team only.
            [("GET", "/api/kommunen/{id}/benchmark")] = new KommuneAccess("id", P, A, B, K, T),
            [("GET", "/kommunen/{id}/vergleich")] = new KommuneAccess("id", P, A, B, K, T),
            [("GET", "/api/programm/overview")] = new ProgrammeAccess(P),
            [("GET", "/programm")] = new ProgrammeAccess(P),

            // #15 H3 programme Kommunen: the master-data change (as registering: the programme team); the programme team's
            // pages to list, register and administer Kommunen (the commands they send are the programme team's) and the cohorts.
            [("PUT", "/api/kommunen/{id}/master-data")] = new KommuneAccess("id", P),
            [("GET", "/programm/kommunen")] = new ProgrammeAccess(P),
            [("POST", "/programm/kommunen")] = new ProgrammeAccess(P),
            [("GET", "/programm/kommunen/{id}")] = new KommuneAccess("id", P),
            [("POST", "/programm/kommunen/{id}")] = new KommuneAccess("id", P),
            [("GET", "/programm/kohorten")] = new ProgrammeAccess(P),
            // #15 H5 participants: read-only pages of what the workshops left — whoever reads the workshops' documentation
            // (teilnehmende included; their start page is the first): the Standortbestimmung as at the workshop's start
            // (a replay like the state endpoint's, but of this one moment and only the Standortbestimmung) and the agreements'
            // status today (their milestones' status, as the documentation shows it).
            [("GET", "/kommunen/{id}/fuer-teilnehmende")] = new KommuneAccess("id", P, A, B, K, T),
            [("GET", "/kommunen/{id}/workshops/{w}/standortbestimmung")] = new KommuneAccess("id", P, A, B, K, T),
            [("GET", "/kommunen/{id}/workshops/{w}/vereinbarungen")] = new KommuneAccess("id", P, A, B, K, T),
            // #15 H4 programme people + catalogues: people (list, change), the user directory, and their pages and the
            // catalogue pages — the programme team's (audit reads the lists through the API, with the personal-data claim).
            [("GET", "/api/people")] = new ProgrammeAccess(P, A) { PersonalData = true },
            [("PUT", "/api/people/{id}")] = new ProgrammeAccess(P),
            [("GET", "/api/users")] = new ProgrammeAccess(P, A) { PersonalData = true },
            [("POST", "/api/users")] = new ProgrammeAccess(P),
            [("PUT", "/api/users/{userId}")] = new ProgrammeAccess(P),
            [("DELETE", "/api/users/{userId}")] = new ProgrammeAccess(P),
            [("GET", "/programm/personen")] = new ProgrammeAccess(P),
            [("POST", "/programm/personen")] = new ProgrammeAccess(P),
            [("GET", "/programm/personen/{pid}")] = new ProgrammeAccess(P),
            [("POST", "/programm/personen/{pid}")] = new ProgrammeAccess(P),
            [("GET", "/programm/personen/{pid}/loeschen")] = new ProgrammeAccess(P),
            [("POST", "/programm/personen/{pid}/loeschen")] = new ProgrammeAccess(P),
            [("GET", "/programm/benutzer")] = new ProgrammeAccess(P),
            [("POST", "/programm/benutzer")] = new ProgrammeAccess(P),
            [("GET", "/programm/benutzer/{uid}")] = new ProgrammeAccess(P),
            [("POST", "/programm/benutzer/{uid}")] = new ProgrammeAccess(P),
            [("GET", "/programm/kataloge")] = new ProgrammeAccess(P),
            [("GET", "/programm/kataloge/katalog/{catalogue}/{version}")] = new ProgrammeAccess(P),
            [("GET", "/programm/kataloge/schema/{scheme}/{version}")] = new ProgrammeAccess(P),
            [("GET", "/programm/kataloge/import")] = new ProgrammeAccess(P),
            [("POST", "/programm/kataloge/import")] = new ProgrammeAccess(P),
            // #15 H1 workshop preparation: scheduling (the workshops page), reschedule / cancel / held (the documentation
            // page) and the preparation page (agenda, participants, frame) — as the workshop commands they send (P, B);
            // the preparation page is a work surface for those who record the workshop: the others read the documentation.
            [("POST", "/kommunen/{id}/workshops")] = new KommuneAccess("id", P, B),
            [("POST", "/kommunen/{id}/workshops/{w}")] = new KommuneAccess("id", P, B),
            [("GET", "/kommunen/{id}/workshops/{w}/vorbereitung")] = new KommuneAccess("id", P, B),
            [("POST", "/kommunen/{id}/workshops/{w}/vorbereitung")] = new KommuneAccess("id", P, B),
            // #15 H2 workshop results: revising a recorded working group (as recording it); the results page reads
            // the workshop (as GET …/workshops/{w}) and its forms send the workshop's list commands, the round's
            // commentary and the agreement's milestone (P, B — the Kommune's own milestone right is not needed here).
            [("PUT", "/api/kommunen/{id}/workshops/{w}/working-groups/{field}")] = new KommuneAccess("id", P, B),
            [("GET", "/kommunen/{id}/workshops/{w}/ergebnisse")] = new KommuneAccess("id", P, A, B),
            [("POST", "/kommunen/{id}/workshops/{w}/ergebnisse")] = new KommuneAccess("id", P, B),
        };

    public static AccessRule? Find(string method, string? route) =>
        route is not null && Rules.TryGetValue((method.ToUpperInvariant(), route.StartsWith('/') ? route : "/" + route), out var rule) ? rule : null;
}
