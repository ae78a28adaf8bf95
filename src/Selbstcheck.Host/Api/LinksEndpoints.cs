using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;
using Wolverine;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>
/// Link tokens of a Kommune: issue (calendar feeds), list, revoke — each an event in the Kommune's
/// stream (LinkIssued, LinkRevoked); a facilitator's own links in the programme stream; and what a link is, for its bearer.
/// </summary>
public static class LinksEndpoints
{
    public sealed record LinkRequest(string? Purpose, int? ValidDays, string? KommuneId);

    public sealed record LinkResource(Guid Id, [PersonalData(false)] string Purpose, [PersonalData(false)] string KommuneId, [PersonalData(false)] string Subject, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt)
    {
        public static LinkResource From(LinkRecord r) => new(r.Id, r.Purpose, r.KommuneId, r.Subject, r.CreatedAt, r.ExpiresAt, r.RevokedAt);
    }

    /// <summary>The token is shown exactly once, here.</summary>
    public sealed record IssuedLinkResource(Guid Id, [PersonalData(false)] string Purpose, [PersonalData(false)] string KommuneId, [PersonalData(false)] string Subject, DateTimeOffset ExpiresAt, [PersonalData(false)] string Key);

    [WolverinePost("/api/kommunen/{id}/links", OperationId = "issueLink")]
    [Tags("Zugang")]
    [ProducesResponseType<IssuedLinkResource>(201)]
    public static async Task<IResult> Issue(string id, LinkRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        // A missing Kommune: the command answers 404.
        var v = new Validation();
        if (body.Purpose is null) v.Add("purpose", $"Pflichtfeld; erlaubt: {string.Join(", ", LinkPurposes.All)}.");
        else if (!LinkPurposes.All.Contains(body.Purpose)) v.Add("purpose", $"Erlaubt: {string.Join(", ", LinkPurposes.All)}.");
        if (body.ValidDays is < 1 or > 730) v.Add("validDays", "Zwischen 1 und 730 Tagen.");
        v.ThrowIfInvalid();
        if (body.Purpose == LinkPurposes.Befragung)
        {
            throw new RuleViolation("befragungslink-nur-mit-befragten", "Befragungslinks entstehen mit den Befragten",
                "Ein Link zum Fragebogen wird beim Hinzufügen einer befragten Stelle zu einer Befragungsrunde erstellt.")
            {
                Alternatives = [LinkPurposes.Kalender],
            };
        }

        if (body.Purpose == LinkPurposes.OffeneBefragung)
        {
            throw new RuleViolation("offene-befragung-nur-mit-runde", "Links der offenen Befragung entstehen mit der Runde",
                "Der Link einer offenen Befragung wird für eine Befragungsrunde erstellt (POST …/rounds/{n}/open-link).")
            {
                Alternatives = [LinkPurposes.Kalender],
            };
        }

        var (command, token) = LinkTokens.NewLink(body.Purpose!, id, $"kommune:{id}", TimeSpan.FromDays(body.ValidDays ?? 365));
        var r = await bus.InvokeAs<LinkRecord>(user, command, ct);
        return Results.Created($"/api/kommunen/{id}/links/{r.Id}", new IssuedLinkResource(r.Id, r.Purpose, r.KommuneId, r.Subject, r.ExpiresAt, token));
    }

    [WolverineGet("/api/kommunen/{id}/links", OperationId = "listLinks")]
    [Tags("Zugang")]
    public static async Task<Paged<LinkResource>> List(string id, IQuerySession session, string? page, string? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        await KommuneLookup.EnsureExists(session, id, ct);
        var query = session.Query<LinkRecord>().Where(l => l.KommuneId == id);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(l => l.CreatedAt).ThenBy(l => l.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return new Paged<LinkResource>(items.Select(LinkResource.From).ToList(), paging.Page, paging.PageSize, total);
    }

    [WolverineDelete("/api/kommunen/{id}/links/{linkId}", OperationId = "revokeLink")]
    [Tags("Zugang")]
    public static async Task<LinkResource> Revoke(string id, string linkId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        // A link of another Kommune is as unknown here as one that does not exist (the command answers so too).
        if (!Guid.TryParse(linkId, out var guid))
        {
            throw new NotFound("link-unbekannt", "Link nicht gefunden", $"Die Kommune \"{id}\" hat keinen Link {linkId}.");
        }

        // Revoking twice changes nothing and answers the same.
        return LinkResource.From(await bus.InvokeAs<LinkRecord>(user, new RevokeLink(id, guid), ct));
    }

    public sealed record PersonLinkRequest(int? ValidDays);

    /// <summary>A facilitator's calendar link (purpose kalender, about the person).</summary>
    [WolverinePost("/api/facilitators/{personId}/links", OperationId = "issueFacilitatorLink")]
    [Tags("Zugang")]
    [ProducesResponseType<IssuedLinkResource>(201)]
    public static async Task<IResult> IssueForPerson(string personId, PersonLinkRequest body, HttpContext http, IQuerySession session, LinkTokens links, CancellationToken ct)
    {
        var person = Guid.TryParse(personId, out var id) && await session.LoadAsync<Workflow.People.PersonRecord>(id, ct) is { ErasedAt: null }
            ? id
            : throw new NotFound("person-unbekannt", "Person nicht gefunden", $"Es gibt keine Person \"{personId}\".");
        new Validation().Require(body.ValidDays is null or (>= 1 and <= 730), "validDays", "Zwischen 1 und 730 Tagen.").ThrowIfInvalid();
        var issued = await links.IssueForPersonAsync(ProgrammeActions.Of(http), LinkPurposes.Kalender, person, TimeSpan.FromDays(body.ValidDays ?? 365), ct);
        var r = issued.Record;
        return Results.Created($"/api/facilitators/{person}/calendar.ics", new IssuedLinkResource(r.Id, r.Purpose, r.KommuneId, r.Subject, r.ExpiresAt, issued.Token));
    }

    [WolverineDelete("/api/facilitators/{personId}/links/{linkId}", OperationId = "revokeFacilitatorLink")]
    [Tags("Zugang")]
    public static async Task<LinkResource> RevokeForPerson(string personId, string linkId, HttpContext http, IQuerySession session, LinkTokens links, CancellationToken ct)
    {
        var record = Guid.TryParse(linkId, out var guid) ? await session.LoadAsync<LinkRecord>(guid, ct) : null;
        if (record is null || record.PersonId?.ToString() != personId)
        {
            throw new NotFound("link-unbekannt", "Link nicht gefunden", $"Die Person \"{personId}\" hat keinen Link {linkId}.");
        }

        // Revoking twice changes nothing and answers the same.
        await links.RevokeForPersonAsync(ProgrammeActions.Of(http), record, ct);
        return LinkResource.From(record);
    }

    [WolverineGet("/api/link", OperationId = "describeLink")]
    [Tags("Zugang")]
    public static async Task<LinkResource> Describe(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        // Reached only with a valid key (the access control checked it and named the link).
        var caller = Caller.From(user)!;
        var record = await session.LoadAsync<LinkRecord>(caller.LinkId!.Value, ct);
        return LinkResource.From(record!);
    }
}
