using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;
using Xunit.Abstractions;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// Every endpoint of the running application × every role and subject. The expected answers are
/// written here by hand — apart from the table the enforcement reads — so a wrong rule cannot
/// pass itself. Endpoints are discovered from the application: one without a row here fails.
/// Every allowed cell sends a valid request and must succeed.
/// </summary>
public class AccessMatrixTests(ITestOutputHelper output)
{
    /// <summary>The columns, in the order of the rows below.</summary>
    internal static readonly string[] Cells =
    [
        "anonym",              // no credentials
        "programmteam",
        "audit",               // without the personal-data claim
        "audit+pd",            // with it
        "pb-zugeordnet",       // prozessbegleitung assigned to the Kommune in the path
        "pb-fremd",            // prozessbegleitung assigned to another Kommune
        "kommune-eigen",
        "kommune-fremd",
        "tn-eigen",            // teilnehmende of the Kommune in the path
        "tn-fremd",
        "befragte-eigen",      // link of a respondent of the Kommune in the path
        "befragte-andere",     // link of another respondent of the same round
        "befragte-fremd",      // link of a respondent of another Kommune
        // #14 unit staff: role einheit of the Kommune in the path, of the unit that owns the action items the requests address
        // (another unit's item: 403, UnitStaffTests).
        "einheit",
    ];

    //                                                   anon pt   au   au+pd pb+  pb-  k+   k-   tn+  tn-  b+   b~   b-   e
    internal static readonly Dictionary<string, string> Expected = new()
    {
        ["GET /health/live"] =                           "200  200  200  200  200  200  200  200  200  200  200  200  200  200",
        ["GET /health/ready"] =                          "200  200  200  200  200  200  200  200  200  200  200  200  200  200",
        ["GET /openapi/{documentName}.json"] =           "200  200  200  200  200  200  200  200  200  200  200  200  200  200",
        // Without an identity provider (as here) the token form; with one, a redirect to the provider (ProviderSignInTests).
        ["GET /anmelden"] =                              "200  200  200  200  200  200  200  200  200  200  200  200  200  200",
        // Sign-out answers with a redirect: to the site's start, or (a cookie session with an identity provider) to the provider.
        ["POST /abmelden"] =                             "401  302  302  302  302  302  302  302  302  302  401  401  401  302",
        ["POST /api/session"] =                          "200  200  200  200  200  200  200  200  200  200  200  200  200  200",
        ["DELETE /api/session"] =                        "401  204  204  204  204  204  204  204  204  204  401  401  401  204",
        ["GET /api/me"] =                                "401  200  200  200  200  200  200  200  200  200  401  401  401  200",
        // Pages (#13): "/" sends each role to its start page (#15 H5: teilnehmende too); the demo sign-in is off here (404;
        // its post fails the antiforgery check first); signing out is a post (bearer callers: no CSRF token needed).
        ["GET /"] =                                      "401  302  302  302  302  302  302  302  302  302  401  401  401  302",
        ["GET /demo-anmeldung"] =                        "404  404  404  404  404  404  404  404  404  404  404  404  404  404",
        ["POST /demo-anmeldung"] =                       "400  400  400  400  400  400  400  400  400  400  400  400  400  400",
        ["GET /kommunen"] =                              "401  200  200  200  403  403  403  403  403  403  401  401  401  403",
        ["GET /meine-kommunen"] =                        "401  403  403  403  200  200  403  403  403  403  401  401  401  403",
        ["GET /kommunen/{id}"] =                         "401  200  200  200  200  403  200  403  403  403  401  401  401  200",
        ["GET /kommunen/{id}/verlauf"] =                 "401  200  200  200  200  403  200  403  403  403  401  401  401  403",
        // Standortbestimmung and workshop documentation pages (web-audit): as the maturity and documentation endpoints.
        ["GET /kommunen/{id}/standortbestimmung"] =      "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        ["GET /kommunen/{id}/workshops"] =               "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        ["GET /kommunen/{id}/workshops/{w}"] =           "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        // Meilensteine (#13): read as GET …/milestones; the forms (post → 302 back to the page) as the milestone commands.
        ["GET /kommunen/{id}/meilensteine"] =            "401  200  200  200  200  403  200  403  403  403  401  401  401  200",
        ["POST /kommunen/{id}/meilensteine"] =           "401  302  403  403  302  403  302  403  403  403  401  401  401  403",
        ["GET /kommunen/{id}/meilensteine/{m}"] =        "401  200  200  200  200  403  200  403  403  403  401  401  401  200",
        ["POST /kommunen/{id}/meilensteine/{m}"] =       "401  302  403  403  302  403  302  403  403  403  401  401  401  403",
        // Aktionsplan and one Handlungsbedarf: read like GET …/action-plan; their forms (a success redirects back) like the action-item commands.
        ["GET /kommunen/{id}/aktionsplan"] =             "401  200  200  200  200  403  200  403  403  403  401  401  401  200",
        ["POST /kommunen/{id}/aktionsplan"] =            "401  302  403  403  302  403  302  403  403  403  401  401  401  302",
        ["GET /kommunen/{id}/aktionsplan/{item}"] =      "401  200  200  200  200  403  200  403  403  403  401  401  401  200",
        // #14 unit staff (last column): the item page's matrix request changes owner and due date — the lead office's, not a unit's (403).
        ["POST /kommunen/{id}/aktionsplan/{item}"] =     "401  302  403  403  302  403  302  403  403  403  401  401  401  403",
        // Fragebogen-Runden: a page post that changes something redirects (302); adding a respondent shows its link at once (200).
        ["GET /kommunen/{id}/runden"] =                  "401  200  200  200  200  403  200  403  403  403  401  401  401  403",
        ["POST /kommunen/{id}/runden"] =                 "401  302  403  403  302  403  302  403  403  403  401  401  401  403",
        ["GET /kommunen/{id}/runden/{n}"] =              "401  200  200  200  200  403  200  403  403  403  401  401  401  403",
        ["POST /kommunen/{id}/runden/{n}"] =             "401  200  403  403  200  403  200  403  403  403  401  401  401  403",
        ["GET /kommunen/{id}/runden/{n}/abschliessen"] = "401  200  200  200  200  403  200  403  403  403  401  401  401  403",
        ["POST /kommunen/{id}/runden/{n}/abschliessen"] = "401  302  403  403  302  403  302  403  403  403  401  401  401  403",
        // The respondent's questionnaire (#13, point 4): a GET with a valid questionnaire link's key is exchanged for the
        // respondent's session (303 to the address without the key); with a key only, a post has no session (401); every
        // bearer role is refused (403) — only a respondent's own session passes (RespondentFlowTests, RespondentSessionTests).
        ["GET /befragung"] =                             "401  403  403  403  403  403  403  403  403  403  303  303  303  403",
        ["GET /befragung/feld/{n}"] =                    "401  403  403  403  403  403  403  403  403  403  303  303  303  403",
        ["POST /befragung/feld/{n}"] =                   "401  403  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /befragung/absenden"] =                    "401  403  403  403  403  403  403  403  403  403  303  303  303  403",
        ["POST /befragung/absenden"] =                   "401  403  403  403  403  403  403  403  403  403  401  401  401  403",
        // Answering on a unit's behalf (#13, point 3): the roles of the API's questionnaire (read) and answers/submit (post).
        ["GET /kommunen/{id}/runden/{n}/befragte/{rid}"] = "401  200  200  200  200  403  200  403  403  403  401  401  401  403",
        ["POST /kommunen/{id}/runden/{n}/befragte/{rid}"] = "401  302  403  403  302  403  302  403  403  403  401  401  401  403",
        ["POST /api/kommunen"] =                         "401  201  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /api/kommunen"] =                          "401  200  200  200  200  200  200  200  200  200  401  401  401  200",
        ["GET /api/kommunen/{id}"] =                     "401  200  200  200  200  403  200  403  200  403  401  401  401  200",
        ["PUT /api/kommunen/{id}/facilitator"] =         "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/lead-office"] =         "401  200  403  403  200  403  200  403  403  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/units"] =               "401  201  403  403  201  403  201  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/units"] =               "401  200  200  200  200  403  200  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/history"] =             "401  200  200  200  200  403  200  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/state"] =               "401  200  200  200  200  403  200  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/verify"] =              "401  200  200  200  403  403  403  403  403  403  401  401  401  403",
        ["GET /api/programm/history"] =                  "401  200  200  200  403  403  403  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/audit-export"] =        "401  200  200  200  403  403  403  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/redactions"] =         "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /api/cohorts"] =                           "401  200  200  200  200  200  200  200  200  200  401  401  401  403",
        ["POST /api/people"] =                           "401  201  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /api/people/{id}"] =                       "401  200  403  200  403  403  403  403  403  403  401  401  401  403",
        ["DELETE /api/people/{id}"] =                    "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/links"] =              "401  201  403  403  201  403  201  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/links"] =               "401  200  200  200  200  403  200  403  403  403  401  401  401  403",
        ["DELETE /api/kommunen/{id}/links/{linkId}"] =   "401  200  403  403  200  403  200  403  403  403  401  401  401  403",
        ["GET /api/link"] =                              "401  401  401  401  401  401  401  401  401  401  200  200  200  401",
        // The confirmation key is the credential, whoever sends it; a respondent's link key added as a second "key" makes it unknown.
        ["GET /api/unit-email-confirmation"] =           "200  200  200  200  200  200  200  200  200  200  404  404  404  200",
        ["POST /api/unit-email-confirmation"] =          "200  200  200  200  200  200  200  200  200  200  404  404  404  200",
        ["GET /api/catalogues"] =                        "401  200  200  200  200  200  200  200  200  200  401  401  401  403",
        ["GET /api/catalogues/{catalogue}/versions/{version}"] = "401  200  200  200  200  200  200  200  200  200  401  401  401  403",
        ["POST /api/catalogues"] =                       "401  201  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /api/scoring-schemes"] =                   "401  200  200  200  200  200  200  200  200  200  401  401  401  403",
        ["POST /api/scoring-schemes"] =                  "401  201  403  403  403  403  403  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/rounds"] =             "401  201  403  403  201  403  201  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/rounds"] =              "401  200  200  200  200  403  200  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/rounds/{n}"] =          "401  200  200  200  200  403  200  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/rounds/{n}/respondents"] = "401  201  403  403  201  403  201  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/rounds/{n}/respondents/{rid}/link"] = "401  201  403  403  201  403  201  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/rounds/{n}/respondents/{rid}/questionnaire"] = "401  200  200  200  200  403  200  403  403  403  200  403  403  403",
        ["GET /api/kommunen/{id}/rounds/{n}/respondents/{rid}/answers"] = "401  200  200  200  200  403  200  403  403  403  200  403  403  403",
        ["PUT /api/kommunen/{id}/rounds/{n}/respondents/{rid}/answers"] = "401  200  403  403  200  403  200  403  403  403  200  403  403  403",
        ["POST /api/kommunen/{id}/rounds/{n}/respondents/{rid}/submit"] = "401  200  403  403  200  403  200  403  403  403  200  403  403  403",
        ["PUT /api/kommunen/{id}/rounds/{n}/consensus"] = "401  200  403  403  200  403  200  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/rounds/{n}/close"] =   "401  200  403  403  200  403  200  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/rounds/{n}/evaluations"] = "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/rounds/{n}/commentary"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/maturity"] =            "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        ["GET /api/kommunen/{id}/maturity/trend"] =      "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        // #14 perspectives
        ["GET /api/kommunen/{id}/perspectives"] =        "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        ["GET /api/kommunen/{id}/rounds/{n}/chart.svg"] = "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        ["GET /api/kommunen/{id}/rounds/{n}/tables.html"] = "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        ["GET /api/kommunen/{id}/rounds/{n}/answers.csv"] = "401  200  200  200  200  403  200  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/rounds/{n}/answers.json"] = "401  200  200  200  200  403  200  403  403  403  401  401  401  403",
        // #14 open survey: the round's open survey link and interview summaries — the roles of adding respondents; the summaries
        // are personal text (audit needs the claim). The open link's page: the link in "key" is the credential, whoever opens it
        // (bearer roles too: it acts as the link, never as the caller); a respondent's link key added as a second "key" makes it unknown.
        ["POST /api/kommunen/{id}/rounds/{n}/open-link"] = "401  201  403  403  201  403  201  403  403  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/rounds/{n}/interview-summaries"] = "401  200  403  403  200  403  200  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/rounds/{n}/interview-summaries"] = "401  200  403  200  200  403  200  403  403  403  401  401  401  403",
        ["GET /befragung/offen"] =                       "303  303  303  303  303  303  303  303  303  303  401  401  401  303",
        ["POST /api/kommunen/{id}/workshops"] =          "401  201  403  403  201  403  403  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/workshops"] =           "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        ["GET /api/kommunen/{id}/workshops/{w}"] =       "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/workshops/{w}/schedule"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/workshops/{w}/cancel"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/workshops/{w}/held"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/workshops/{w}/agenda"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/workshops/{w}/participants"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/workshops/{w}/understanding"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/workshops/{w}/priorities"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/workshops/{w}/working-groups"] = "401  201  403  403  201  403  403  403  403  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/workshops/{w}/agreements"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/workshops/{w}/feedback"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/workshops/{w}/documentation.html"] = "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        ["GET /api/kommunen/{id}/workshops/{w}/documentation.pdf"] = "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        ["GET /api/kommunen/{id}/action-plan"] =         "401  200  200  200  200  403  200  403  403  403  401  401  401  200",
        ["POST /api/kommunen/{id}/action-items"] =       "401  201  403  403  201  403  201  403  403  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/action-items/{a}"] =    "401  200  403  403  200  403  200  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/action-items/{a}/status"] = "401  200  403  403  200  403  200  403  403  403  401  401  401  200",
        ["POST /api/kommunen/{id}/action-items/{a}/notes"] = "401  200  403  403  200  403  200  403  403  403  401  401  401  200",
        ["GET /api/action-items"] =                      "401  200  200  200  200  200  200  200  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/milestones"] =         "401  201  403  403  201  403  201  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/workshops/{w}/agreements/{a}/milestone"] = "401  201  403  403  201  403  201  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/milestones"] =          "401  200  200  200  200  403  200  403  403  403  401  401  401  200",
        ["GET /api/kommunen/{id}/milestones/{m}"] =      "401  200  200  200  200  403  200  403  403  403  401  401  401  200",
        ["PUT /api/kommunen/{id}/reminder-policy"] =     "401  200  403  403  200  403  200  403  403  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/milestones/{m}/due"] =  "401  200  403  403  200  403  200  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/milestones/{m}/complete"] = "401  200  403  403  200  403  200  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/milestones/{m}/cancel"] = "401  200  403  403  200  403  200  403  403  403  401  401  401  403",
        ["GET /api/kommunen/{id}/calendar.ics"] =        "401  200  200  200  200  403  200  403  403  403  403  403  403  403",
        ["GET /api/facilitators/{personId}/board"] =     "401  200  200  200  200  403  403  403  403  403  401  401  401  403",
        ["GET /api/facilitators/{personId}/calendar.ics"] = "401  200  200  200  200  403  403  403  403  403  403  403  403  403",
        ["POST /api/facilitators/{personId}/links"] =    "401  201  403  403  201  403  403  403  403  403  401  401  401  403",
        ["DELETE /api/facilitators/{personId}/links/{linkId}"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        ["GET /hangfire/{**path}"] =                     "401  200  200  200  403  403  403  403  403  403  401  401  401  403",
        ["POST /hangfire/{**path}"] =                    "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        // #14 seed exactness
        ["PUT /api/kommunen/{id}/scoring-scheme"] =      "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/rounds/{n}/respondents/{rid}/contributors"] = "401  200  403  403  200  403  200  403  403  403  401  401  401  403",
        ["POST /api/kommunen/{id}/rounds/{n}/respondents/{rid}/reconstructed"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        ["PUT /api/kommunen/{id}/workshops/{w}/frame"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        // #14 benchmark: the comparison as the Standortbestimmung (API and page); the programme overview for the programme team only.
        ["GET /api/kommunen/{id}/benchmark"] =           "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        ["GET /kommunen/{id}/vergleich"] =               "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        ["GET /api/programm/overview"] =                 "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /programm"] =                              "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        // #15 H3 programme Kommunen: the master-data change and the programme team's Kommunen and cohort pages (a post that
        // changes something redirects: 302); the programme team only.
        ["PUT /api/kommunen/{id}/master-data"] =         "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /programm/kommunen"] =                     "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["POST /programm/kommunen"] =                    "401  302  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /programm/kommunen/{id}"] =                "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["POST /programm/kommunen/{id}"] =               "401  302  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /programm/kohorten"] =                     "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        // #15 H5 participants: the participants' start page, the Standortbestimmung as at a workshop, a workshop's agreements today.
        ["GET /kommunen/{id}/fuer-teilnehmende"] =       "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        ["GET /kommunen/{id}/workshops/{w}/standortbestimmung"] = "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        ["GET /kommunen/{id}/workshops/{w}/vereinbarungen"] = "401  200  200  200  200  403  200  403  200  403  401  401  401  403",
        // #15 H4 programme people + catalogues: people and the user directory (API and pages), the catalogue pages; the import's
        // upload answers with its preview (200), a multipart form the fuzz test varies part by part.
        ["GET /api/people"] =                             "401  200  403  200  403  403  403  403  403  403  401  401  401  403",
        ["PUT /api/people/{id}"] =                        "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /api/users"] =                              "401  200  403  200  403  403  403  403  403  403  401  401  401  403",
        ["POST /api/users"] =                             "401  201  403  403  403  403  403  403  403  403  401  401  401  403",
        ["PUT /api/users/{userId}"] =                     "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["DELETE /api/users/{userId}"] =                  "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /programm/personen"] =                      "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["POST /programm/personen"] =                     "401  302  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /programm/personen/{pid}"] =                "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["POST /programm/personen/{pid}"] =               "401  302  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /programm/personen/{pid}/loeschen"] =       "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["POST /programm/personen/{pid}/loeschen"] =      "401  302  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /programm/benutzer"] =                      "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["POST /programm/benutzer"] =                     "401  302  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /programm/benutzer/{uid}"] =                "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["POST /programm/benutzer/{uid}"] =               "401  302  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /programm/kataloge"] =                      "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /programm/kataloge/katalog/{catalogue}/{version}"] = "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /programm/kataloge/schema/{scheme}/{version}"] = "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["GET /programm/kataloge/import"] =               "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        ["POST /programm/kataloge/import"] =              "401  200  403  403  403  403  403  403  403  403  401  401  401  403",
        // #15 H1 workshop preparation: schedule (workshops page), reschedule / cancel / held (documentation page), the preparation
        // page and its forms — as the workshop commands (programmteam, the assigned facilitator); a success redirects back.
        ["POST /kommunen/{id}/workshops"] =              "401  302  403  403  302  403  403  403  403  403  401  401  401  403",
        ["POST /kommunen/{id}/workshops/{w}"] =          "401  302  403  403  302  403  403  403  403  403  401  401  401  403",
        ["GET /kommunen/{id}/workshops/{w}/vorbereitung"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        ["POST /kommunen/{id}/workshops/{w}/vorbereitung"] = "401  302  403  403  302  403  403  403  403  403  401  401  401  403",
        // #15 H2 workshop results: revising a working group as recording it; the results page read by who records and audits
        // the workshop, its forms (post → 302 back to the page) sent as the workshop's commands.
        ["PUT /api/kommunen/{id}/workshops/{w}/working-groups/{field}"] = "401  200  403  403  200  403  403  403  403  403  401  401  401  403",
        ["GET /kommunen/{id}/workshops/{w}/ergebnisse"] = "401  200  200  200  200  403  403  403  403  403  401  401  401  403",
        ["POST /kommunen/{id}/workshops/{w}/ergebnisse"] = "401  302  403  403  302  403  403  403  403  403  401  401  401  403",
    };

    [Fact]
    public async Task every_endpoint_answers_every_role_and_subject_as_the_table_says()
    {
        var world = await MatrixWorld.CreateAsync();
        var endpoints = await DiscoverEndpoints();
        var missing = endpoints.Where(e => !Expected.ContainsKey(e)).ToList();
        Assert.True(missing.Count == 0, $"Endpoints without a row in the matrix: {string.Join(", ", missing)}");
        var stale = Expected.Keys.Where(k => !endpoints.Contains(k)).ToList();
        Assert.True(stale.Count == 0, $"Rows for endpoints that do not exist: {string.Join(", ", stale)}");

        var mismatches = new List<string>();
        var cells = 0;
        foreach (var endpoint in endpoints)
        {
            var expected = Regex.Split(Expected[endpoint].Trim(), @"\s+").Select(int.Parse).ToArray();
            Assert.Equal(Cells.Length, expected.Length);
            for (var i = 0; i < Cells.Length; i++)
            {
                var response = await world.Send(endpoint, Cells[i]);
                cells++;
                if ((int)response.StatusCode != expected[i])
                {
                    var body = await response.Content.ReadAsStringAsync();
                    mismatches.Add($"{endpoint} as {Cells[i]}: expected {expected[i]}, got {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
                }
            }
        }

        output.WriteLine($"{endpoints.Count} endpoints × {Cells.Length} cells = {cells} requests");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>
    /// The field checks: which cells may read which personal values, where a read endpoint shows them.
    /// Their work needs them — the programme team, the assigned facilitator, the Kommune itself, audit
    /// with the personal-data claim; participants of the workshop see who moderated and spoke, not
    /// addresses; every other cell (audit without the claim above all) sees none, on any endpoint.
    /// </summary>
    private static IReadOnlySet<string> MayRead(string cell, MatrixWorld.PersonalValues v) => cell switch
    {
        "programmteam" or "audit+pd" or "pb-zugeordnet" or "kommune-eigen" => v.All.ToHashSet(),
        "tn-eigen" => new HashSet<string> { v.Moderation, v.Speaker },
        // #14 unit staff: the notes of the action plan they work on, and the units' addresses their Kommune's data shows (as the Kommune's own staff).
        "einheit" => new HashSet<string> { v.Address, v.Note },
        _ => new HashSet<string>(),
    };

    [Fact]
    public async Task every_read_endpoint_shows_personal_values_only_to_the_cells_whose_work_needs_them()
    {
        var world = await MatrixWorld.CreateAsync();
        var values = await world.SeedPersonalValuesAsync();
        var endpoints = (await DiscoverEndpoints())
            .Where(e => e.StartsWith("GET ", StringComparison.Ordinal) && !e.EndsWith(".pdf", StringComparison.Ordinal) && !e.StartsWith("GET /hangfire", StringComparison.Ordinal))
            .ToList();

        var leaks = new List<string>();
        var seen = new HashSet<(string Cell, string Value)>();
        foreach (var endpoint in endpoints)
        {
            var expected = Regex.Split(Expected[endpoint].Trim(), @"\s+").Select(int.Parse).ToArray();
            for (var i = 0; i < Cells.Length; i++)
            {
                if (expected[i] != 200) continue;
                var body = await (await world.Send(endpoint, Cells[i])).Content.ReadAsStringAsync();
                foreach (var value in values.All.Where(body.Contains))
                {
                    seen.Add((Cells[i], value));
                    if (!MayRead(Cells[i], values).Contains(value)) leaks.Add($"{endpoint} as {Cells[i]} shows \"{value}\"");
                }
            }
        }

        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        // The check looked where the values are: each cell that may read a value found it somewhere.
        foreach (var cell in new[] { "programmteam", "audit+pd", "pb-zugeordnet", "kommune-eigen" })
        {
            foreach (var value in values.All) Assert.Contains((cell, value), seen);
        }

        Assert.Contains(("tn-eigen", values.Moderation), seen);
        var units = await (await world.Send("GET /api/kommunen/{id}/units", "audit")).Content.ReadAsStringAsync();
        Assert.Contains("[personenbezogen]", units);
    }

    private static async Task<List<string>> DiscoverEndpoints()
    {
        var host = await TestHost.Instance;
        var sources = host.Services.GetServices<EndpointDataSource>();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            // Razor Pages' patterns come without the leading slash.
            var route = endpoint.RoutePattern.RawText ?? "";
            foreach (var method in methods) found.Add($"{method} {(route.StartsWith('/') ? route : "/" + route)}");
        }

        return found.ToList();
    }
}
