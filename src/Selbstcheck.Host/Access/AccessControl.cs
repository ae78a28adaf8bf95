using System.Security.Claims;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Pages;
using Selbstcheck.Projections.KommuneOverview;

using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Access;

/// <summary>
/// Enforcement at the service layer, deny by default: after routing and authentication, every
/// request is checked against <see cref="AccessTable"/> — function level (role) and data level
/// (the Kommune in the route, the Kommune in the body and the caller's reach must agree). Every
/// refusal is logged with who, what, when (UTC) and the correlation id.
/// </summary>
public sealed class AccessControlMiddleware(RequestDelegate next, ILogger<AccessControlMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, LinkTokens links, IAntiforgery antiforgery, SelbstcheckSettings settings)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            await next(context); // no route: 404 or 405 for everyone, which reveals nothing
            return;
        }

        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText;
        var rule = AccessTable.Find(context.Request.Method, route);
        if (endpoint is not RouteEndpoint && endpoint.DisplayName == "405 HTTP Method Not Supported")
        {
            await next(context); // the routing's own answer to a known path with another method
            return;
        }

        if (rule is null)
        {
            logger.LogError("Endpoint {Method} {Route} has no access rule: refused for everyone", context.Request.Method, route);
            await Refuse(context, "ohne Zugriffsregel", 403);
            return;
        }

        if (rule is PublicAccess)
        {
            if (route?.StartsWith("/openapi", StringComparison.Ordinal) == true && !settings.Auth.PublicOpenApi && Caller.From(context.User) is null)
            {
                await Refuse(context, "OpenAPI nur angemeldet", 401);
                return;
            }

            await next(context);
            return;
        }

        if (rule is OpenSurveyLinkAccess)
        {
            if (await AdmitOpenSurveyLink(context, links)) await next(context);
            return;
        }

        if (rule is RespondentSessionAccess)
        {
            if (await AdmitRespondentSession(context, links, antiforgery, settings)) await next(context);
            return;
        }

        // Link-authenticated requests (a key instead of a bearer token).
        var hasKey = context.Request.Query.ContainsKey(LinkTokens.QueryParameter);
        var linkAdmission = rule switch
        {
            LinkAccess l => AdmitLink(context, links, r => l.Purpose == "*" || r.Purpose == l.Purpose, _ => true, "", ""),
            RespondentAccess r when hasKey => AdmitLink(context, links, x => x.Purpose == LinkPurposes.Befragung, x => OwnRespondent(x, r, context),
                "Link einer anderen befragten Stelle", "Dieser Link gehört zu einer anderen befragten Stelle."),
            FeedAccess f when hasKey => AdmitLink(context, links, _ => true,
                x => x.Purpose == f.Purpose && x.KommuneId == context.GetRouteValue(f.KommuneParameter)?.ToString(),
                "Link für anderen Zweck oder andere Kommune", "Dieser Link öffnet etwas anderes."),
            PersonFeedAccess p when hasKey => AdmitLink(context, links, _ => true,
                x => x.Purpose == p.Purpose && x.PersonId?.ToString() == context.GetRouteValue(p.RouteParameter)?.ToString(),
                "Link für anderen Zweck oder andere Person", "Dieser Link öffnet etwas anderes."),
            _ => null,
        };
        if (linkAdmission is not null)
        {
            if (await linkAdmission) await next(context);
            return;
        }

        var caller = Caller.From(context.User);
        if (caller is null)
        {
            if (rule is DashboardAccess && AuthenticationSetup.WantsHtml(context.Request))
            {
                context.Response.Redirect($"/anmelden?returnUrl={Uri.EscapeDataString(context.Request.Path)}");
                return;
            }

            if (WebSetup.IsPageRequest(context.Request))
            {
                context.Response.Redirect(WebSetup.SignInPath(settings, context.Request.Path));
                return;
            }

            var sentToken = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
            await Refuse(context, sentToken ? "Token ungültig" : "nicht angemeldet", 401, null,
                sentToken ? "Das Token ist ungültig, abgelaufen oder nicht für diesen Dienst ausgestellt." : null);
            return;
        }

        var unsafeMethod = AuthenticationSetup.IsWrite(context.Request.Method);
        if (caller.Is(Roles.Audit) && unsafeMethod && rule is not SignedInAccess)
        {
            await Refuse(context, "Audit ändert nichts", 403, caller);
            return;
        }

        var (allowed, reason) = rule switch
        {
            SignedInAccess => (true, ""),
            ProgrammeAccess p => Programme(p, caller),
            KommuneAccess k => await Kommune(k, caller, context),
            RespondentAccess r => await Kommune(new KommuneAccess(r.KommuneParameter, r.Roles), caller, context),
            FeedAccess f => await Kommune(new KommuneAccess(f.KommuneParameter, f.Roles), caller, context),
            PersonFeedAccess pf => Person(new PersonAccess(pf.RouteParameter, pf.Roles), caller, context),
            PersonAccess p => Person(p, caller, context),
            DashboardAccess => (caller.Is(Roles.Programmteam) || caller.Is(Roles.Audit), "Dashboard nur für Programmteam und Audit"),
            _ => (false, "unbekannte Regel"),
        };
        if (!allowed)
        {
            await Refuse(context, reason, 403, caller);
            return;
        }

        var kommuneParameter = rule switch { KommuneAccess k => k.RouteParameter, RespondentAccess r => r.KommuneParameter, _ => null };
        if (kommuneParameter is not null && unsafeMethod && await BodyNamesOtherKommune(context, kommuneParameter) is { } bodyKommune)
        {
            logger.LogWarning(
                "Refused {Method} {Path} for user {UserId} ({Role}) at {UtcNow:O}, correlation {CorrelationId}: body names Kommune {BodyKommune}",
                context.Request.Method, context.Request.Path, caller.UserId, caller.Role, DateTime.UtcNow, Correlation.Get(context), bodyKommune);
            await Problems.Write(context, Problems.Create(context, 400, "kommune-widerspruch", "Widersprüchliche Kommune",
                $"Der Inhalt nennt die Kommune \"{bodyKommune}\", der Pfad eine andere."));
            return;
        }

        // Browsers authenticate with the cookie: a change needs the CSRF token as well (the dashboard checks its own).
        var viaCookie = !context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        if (unsafeMethod && viaCookie && rule is not DashboardAccess && !await antiforgery.IsRequestValidAsync(context))
        {
            await Refuse(context, "CSRF-Token fehlt", 403, caller, "Für Änderungen mit dem Anmelde-Cookie ist das CSRF-Token im Header X-CSRF-TOKEN nötig.");
            return;
        }

        await next(context);
    }

    /// <summary>
    /// Admits a request by its link: 401 when the link is unknown, expired, revoked or not usable
    /// here (<paramref name="usable"/>); 403 when a valid link opens something else
    /// (<paramref name="opens"/>). On admission the link becomes the request's user.
    /// </summary>
    private async Task<bool> AdmitLink(
        HttpContext context, LinkTokens links, Func<LinkRecord, bool> usable, Func<LinkRecord, bool> opens, string otherReason, string otherDetail)
    {
        var (state, record) = await links.ValidateAsync(context.Request.Query[LinkTokens.QueryParameter], context.RequestAborted);
        if (state != LinkState.Valid || !usable(record!))
        {
            await Refuse(context, $"Link {state}", 401, null, state switch
            {
                LinkState.Expired => "Der Link ist abgelaufen.",
                LinkState.Revoked => "Der Link wurde widerrufen.",
                _ => "Der Link ist ungültig.",
            });
            return false;
        }

        if (!opens(record!))
        {
            await Refuse(context, otherReason, 403, Caller.From(LinkPrincipal(record!)), otherDetail);
            return false;
        }

        context.User = LinkPrincipal(record!);
        return true;
    }

    /// <summary>
    /// A respondent's pages: a GET with a valid questionnaire link's key exchanges it for the respondent's
    /// session and redirects without the key (no page sees it); otherwise only that session, whose link
    /// must still be valid now — revoked, reissued or expired ends the session with a German page.
    /// </summary>
    private async Task<bool> AdmitRespondentSession(HttpContext context, LinkTokens links, IAntiforgery antiforgery, SelbstcheckSettings settings)
    {
        var key = context.Request.Query[LinkTokens.QueryParameter];
        if (!string.IsNullOrEmpty(key) && HttpMethods.IsGet(context.Request.Method))
        {
            var (keyState, record) = await links.ValidateAsync(key, context.RequestAborted);
            if (keyState != LinkState.Valid || record!.Purpose != LinkPurposes.Befragung)
            {
                await RefuseRespondent(context, keyState == LinkState.Valid ? LinkState.Unknown : keyState, null);
                return false;
            }

            await RespondentSession.ExchangeAsync(context, LinkPrincipal(record), record.ExpiresAt, settings,
                context.RequestServices.GetRequiredService<TimeProvider>());
            return false;
        }

        var caller = Caller.From(context.User);
        if (caller is null)
        {
            await Refuse(context, "keine Sitzung einer befragten Stelle", 401, null,
                "Bitte öffnen Sie den Link aus Ihrer Einladung zur Befragung; er meldet Sie für Ihren Fragebogen an.");
            return false;
        }

        if (!caller.Is(Roles.Befragte) || caller.LinkId is not { } linkId)
        {
            await Refuse(context, "nur für Befragte über ihren Link", 403, caller,
                "Diese Seiten sind nur für befragte Stellen über ihren persönlichen Link. Das Integrationsbüro beantwortet den Fragebogen im Namen einer Stelle auf den Seiten der Befragungsrunde.");
            return false;
        }

        var (state, _) = await links.CheckAsync(linkId, context.RequestAborted);
        if (state != LinkState.Valid)
        {
            await RespondentSession.EndAsync(context);
            await RefuseRespondent(context, state, caller);
            return false;
        }

        if (AuthenticationSetup.IsWrite(context.Request.Method) && !await antiforgery.IsRequestValidAsync(context))
        {
            await Refuse(context, "CSRF-Token fehlt", 403, caller, "Das Formular ist abgelaufen oder stammt nicht von dieser Seite. Bitte die Seite neu laden.");
            return false;
        }

        return true;
    }

    /// <summary>The key under <see cref="HttpContext.Items"/> of the response the browser's session already holds for an open survey link.</summary>
    public const string OpenSurveySessionItem = "selbstcheck.open-survey-session";

    /// <summary>
    /// #14: a round's open survey link. Valid: the request acts as the link; the response the browser's respondent
    /// session already holds for this very link (one per session) is handed to the page. Unknown 401; expired or
    /// revoked 410 — a German page or ProblemDetails.
    /// </summary>
    private async Task<bool> AdmitOpenSurveyLink(HttpContext context, LinkTokens links)
    {
        var (state, record) = await links.ValidateAsync(context.Request.Query[LinkTokens.QueryParameter], context.RequestAborted);
        if (state == LinkState.Valid && record!.Purpose != LinkPurposes.OffeneBefragung) state = LinkState.Unknown;
        if (state != LinkState.Valid)
        {
            var (status, type, title, detail) = state switch
            {
                LinkState.Revoked => (410, "offene-befragung-widerrufen", "Link der offenen Befragung widerrufen",
                    "Dieser Link zur offenen Befragung wurde widerrufen. Bitte wenden Sie sich an die Stelle, die ihn verteilt hat."),
                LinkState.Expired => (410, "offene-befragung-abgelaufen", "Offene Befragung abgelaufen",
                    "Dieser Link zur offenen Befragung ist abgelaufen; die Befragung nimmt keine Antworten mehr an."),
                _ => (401, "link-ungueltig", "Link ungültig", "Dieser Link zur offenen Befragung ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig übernommen haben."),
            };
            logger.LogWarning(
                "Refused {Method} {Path} for user {UserId} ({Role}) at {UtcNow:O}, correlation {CorrelationId}: {Reason}",
                context.Request.Method, context.Request.Path, "anonym", "-", DateTime.UtcNow, Correlation.Get(context), $"open survey link {state}");
            if (WebSetup.IsPageRequest(context.Request)) await ErrorPage.WriteAsync(context, status, title, detail);
            else await Problems.Write(context, Problems.Create(context, status, type, title, detail));
            return false;
        }

        if (Caller.From(context.User) is { Role: Roles.Befragte, LinkId: { } held } session && held == record!.Id &&
            LinkTokens.ParseRespondentSubject(session.LinkSubject) is { } response)
        {
            context.Items[OpenSurveySessionItem] = response.Respondent;
        }

        context.User = LinkPrincipal(record!);
        return true;
    }

    /// <summary>A respondent's link that does not (or no longer) open anything: a German page saying why (401).</summary>
    private async Task RefuseRespondent(HttpContext context, LinkState state, Caller? caller)
    {
        var (title, detail) = state switch
        {
            LinkState.Revoked => ("Link nicht mehr gültig",
                "Dieser Link zum Fragebogen wurde widerrufen. Bitte wenden Sie sich an das Integrationsbüro Ihrer Kommune; es kann Ihnen einen neuen Link senden."),
            LinkState.Expired => ("Link abgelaufen",
                "Dieser Link zum Fragebogen ist abgelaufen. Bitte wenden Sie sich an das Integrationsbüro Ihrer Kommune; es kann Ihnen einen neuen Link senden."),
            _ => ("Link ungültig", "Dieser Link zum Fragebogen ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig aus der Einladung übernommen haben."),
        };
        logger.LogWarning(
            "Refused {Method} {Path} for user {UserId} ({Role}) at {UtcNow:O}, correlation {CorrelationId}: {Reason}",
            context.Request.Method, context.Request.Path, caller?.UserId ?? "anonym", caller?.Role ?? "-", DateTime.UtcNow,
            Correlation.Get(context), $"Link {state}");
        if (WebSetup.IsPageRequest(context.Request))
        {
            await ErrorPage.WriteAsync(context, 401, title, detail);
            return;
        }

        await AuthenticationSetup.Unauthorized(context, detail);
    }

    private static bool OwnRespondent(LinkRecord link, RespondentAccess rule, HttpContext context) =>
        link.KommuneId == context.GetRouteValue(rule.KommuneParameter)?.ToString() &&
        int.TryParse(context.GetRouteValue(rule.RoundParameter)?.ToString(), out var round) &&
        Guid.TryParse(context.GetRouteValue(rule.RespondentParameter)?.ToString(), out var respondent) &&
        link.Subject == LinkTokens.RespondentSubject(round, respondent);

    /// <summary>About one person: the listed roles; a facilitator only about themselves.</summary>
    private static (bool, string) Person(PersonAccess p, Caller caller, HttpContext context)
    {
        if (!p.Roles.Contains(caller.Role)) return (false, $"Rolle {caller.Role} nicht zugelassen");
        var own = caller.PersonId?.ToString() == context.GetRouteValue(p.RouteParameter)?.ToString();
        return (!caller.Is(Roles.Prozessbegleitung) || own, "fremde Person");
    }

    private static (bool, string) Programme(ProgrammeAccess rule, Caller caller)
    {
        if (!rule.Roles.Contains(caller.Role)) return (false, $"Rolle {caller.Role} nicht zugelassen");
        if (rule.PersonalData && caller.Is(Roles.Audit) && !caller.PersonalData) return (false, "personenbezogene Daten ohne Freigabe");
        return (true, "");
    }

    private static async Task<(bool, string)> Kommune(KommuneAccess rule, Caller caller, HttpContext context)
    {
        if (!rule.Roles.Contains(caller.Role)) return (false, $"Rolle {caller.Role} nicht zugelassen");
        if (rule.PersonalData && caller.Is(Roles.Audit) && !caller.PersonalData) return (false, "personenbezogene Daten ohne Freigabe");
        var kommune = context.GetRouteValue(rule.RouteParameter)?.ToString();
        switch (caller.Role)
        {
            case Roles.Programmteam or Roles.Audit:
                return (true, "");
            case Roles.Kommune or Roles.Teilnehmende or Roles.Einheit:
                return (string.Equals(caller.KommuneId, kommune, StringComparison.Ordinal), "fremde Kommune");
            case Roles.Prozessbegleitung:
                if (caller.PersonId is null || string.IsNullOrEmpty(kommune)) return (false, "keine Person im Token");
                // Only this rule reads the database: the session is opened here, not for every request.
                var session = context.RequestServices.GetRequiredService<IQuerySession>();
                var overview = Workflow.Common.KommuneId.IsValid(kommune) ? await session.LoadAsync<KommuneOverview>(kommune, context.RequestAborted) : null;
                return (overview?.FacilitatorId == caller.PersonId, "Kommune nicht zugeordnet");
            default:
                return (false, $"Rolle {caller.Role} nicht zugelassen");
        }
    }

    /// <summary>The Kommune named in a JSON body ("kommuneId" at the top level), when it differs from the route's.</summary>
    private static async Task<string?> BodyNamesOtherKommune(HttpContext context, string routeParameter)
    {
        if (context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true) return null;
        context.Request.EnableBuffering();
        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                doc.RootElement.TryGetProperty("kommuneId", out var named) &&
                named.ValueKind == JsonValueKind.String &&
                named.GetString() != context.GetRouteValue(routeParameter)?.ToString())
            {
                return named.GetString();
            }
        }
        catch (JsonException)
        {
            // malformed: the endpoint answers 400 with the position
        }
        finally
        {
            context.Request.Body.Position = 0;
        }

        return null;
    }

    /// <summary>The caller a link makes: role befragte for a questionnaire link, with the link's id and subject as claims.</summary>
    public static ClaimsPrincipal LinkPrincipal(LinkRecord link)
    {
        var role = link.Purpose == LinkPurposes.Befragung ? Roles.Befragte : $"link-{link.Purpose}";
        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(SelbstcheckClaims.Subject, $"link-{link.Id}"),
            new Claim(SelbstcheckClaims.Role, role),
            new Claim(SelbstcheckClaims.Kommune, link.KommuneId),
            new Claim(SelbstcheckClaims.Link, link.Id.ToString()),
            new Claim("link_subject", link.Subject),
        ], "link", SelbstcheckClaims.Subject, SelbstcheckClaims.Role));
    }

    private Task Refuse(HttpContext context, string reason, int status, Caller? caller = null, string? detail = null)
    {
        logger.LogWarning(
            "Refused {Method} {Path} for user {UserId} ({Role}) at {UtcNow:O}, correlation {CorrelationId}: {Reason}",
            context.Request.Method, context.Request.Path, caller?.UserId ?? "anonym", caller?.Role ?? "-", DateTime.UtcNow,
            Correlation.Get(context), reason);
        if (status == 401 && RespondentSession.Applies(context.Request) && WebSetup.IsPageRequest(context.Request))
        {
            return ErrorPage.WriteAsync(context, 401, "Nicht angemeldet", detail);
        }

        if (status == 403 && WebSetup.IsPageRequest(context.Request))
        {
            return ErrorPage.WriteAsync(context, 403, "Keine Berechtigung",
                detail ?? "Diese Seite ist für Ihre Rolle nicht freigegeben – etwa weil sie zu einer anderen Kommune gehört.");
        }

        return status == 401
            ? AuthenticationSetup.Unauthorized(context, detail)
            : Problems.Write(context, Problems.Create(context, 403, "keine-berechtigung", "Keine Berechtigung",
                detail ?? "Diese Rolle darf das für diese Kommune nicht."));
    }
}

public static class AccessControlExtensions
{
    public static IApplicationBuilder UseAccessControl(this IApplicationBuilder app) => app.UseMiddleware<AccessControlMiddleware>();
}
