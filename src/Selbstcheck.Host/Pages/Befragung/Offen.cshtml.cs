using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;
using Wolverine;

namespace Selbstcheck.Host.Pages.Befragung;

/// <summary>
/// #14 open survey: what a round's open survey link opens. The access control admitted a valid link and acts
/// as it; here the same command starts an anonymous response (or, when this browser's session already holds
/// one of this link, goes on with it), the browser is signed in to exactly that response (the respondent's
/// cookie) and sent to the questionnaire without the key. The actor of every event is the link — no address,
/// no session id. Refusals (capacity reached, round closed, link replaced): a German page or ProblemDetails.
/// </summary>
public sealed class OffenModel(IMessageBus bus, SelbstcheckSettings settings, TimeProvider clock) : SelbstcheckPage
{
    public string Title { get; private set; } = "";

    public string Detail { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var link = Caller!;
        var round = int.Parse(link.LinkSubject!["offene-befragung/runde-".Length..], NumberStyles.None, CultureInfo.InvariantCulture);
        var held = HttpContext.Items[AccessControlMiddleware.OpenSurveySessionItem] as Guid?;
        OpenResponseReply reply;
        try
        {
            reply = await bus.InvokeAsync<OpenResponseReply>(
                new StartOpenResponse(link.KommuneId!, round, link.LinkId!.Value, Guid.CreateVersion7(), held),
                CommandHeaders.For(new Actor(OpenSurvey.ActorOf(link.LinkId.Value), Roles.Befragte)), ct);
        }
        catch (DomainProblem problem)
        {
            if (!WebSetup.IsPageRequest(Request))
            {
                await Problems.Write(HttpContext, Problems.Create(HttpContext, problem.Status, problem.Type, problem.Title, problem.Detail));
                return new EmptyResult();
            }

            Response.StatusCode = problem.Status;
            Title = problem.Title;
            Detail = problem.Detail;
            return Page();
        }

        var respondent = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(SelbstcheckClaims.Subject, OpenSurvey.ActorOf(link.LinkId.Value)),
            new Claim(SelbstcheckClaims.Role, Roles.Befragte),
            new Claim(SelbstcheckClaims.Kommune, link.KommuneId!),
            new Claim(SelbstcheckClaims.Link, link.LinkId.Value.ToString()),
            new Claim("link_subject", LinkTokens.RespondentSubject(round, reply.RespondentId)),
        ], "link", SelbstcheckClaims.Subject, SelbstcheckClaims.Role));
        var (_, record) = await HttpContext.RequestServices.GetRequiredService<LinkTokens>().CheckAsync(link.LinkId.Value, ct);
        var sessionEnds = clock.GetUtcNow().AddHours(settings.Auth.SessionHours);
        await HttpContext.SignInAsync(RespondentSession.Scheme, respondent, new AuthenticationProperties
        {
            IsPersistent = false,
            ExpiresUtc = record is not null && record.ExpiresAt < sessionEnds ? record.ExpiresAt : sessionEnds,
        });
        Response.StatusCode = StatusCodes.Status303SeeOther;
        Response.Headers.Location = RespondentSession.Path;
        Response.Headers.CacheControl = "no-store";
        return new EmptyResult();
    }
}
