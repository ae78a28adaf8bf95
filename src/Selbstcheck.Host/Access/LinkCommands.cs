using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Host.Access;

// Issuing and revoking a Kommune's links: commands through the command pipeline, so the link
// record and its event (LinkIssued / LinkRevoked in the Kommune's own stream) are written in one
// transaction, under the stream's exclusive lock, with the metadata of every other command. The
// token never leaves the endpoint that minted it: the command carries its hash only, the event not even that.

/// <summary>
/// Issue a link of the Kommune (ids and the token's hash minted by the caller). With
/// <paramref name="ReplaceSubject"/>, the subject's links still valid are revoked in the same step
/// (a respondent's re-issued link replaces the old one).
/// </summary>
public sealed record IssueLink(
    string KommuneId, Guid LinkId, string Purpose, string Subject, string Hash, TimeSpan Validity, bool ReplaceSubject = false) : IKommuneCommand;

/// <summary>Revoke one link of the Kommune.</summary>
public sealed record RevokeLink(string KommuneId, Guid LinkId) : IKommuneCommand;

public static class LinkDecisions
{
    /// <summary>Why a replaced link stopped working (the history shows it).</summary>
    public const string Replaced = "ersetzt durch einen neuen Link";

    /// <summary>The new link's record and events: the replaced links revoked first, then the new one issued.</summary>
    public static (LinkRecord Record, IReadOnlyList<object> Events) Issue(IssueLink c, IReadOnlyList<LinkRecord> replaced, CommandContext context)
    {
        if (!LinkPurposes.All.Contains(c.Purpose)) throw new ArgumentException($"unknown link purpose {c.Purpose}");
        var events = new List<object>();
        foreach (var old in replaced.Where(l => l.Revoke(context.Now, context.Actor.Id)))
        {
            events.Add(new LinkRevoked(c.KommuneId, old.Id, Replaced));
        }

        var record = new LinkRecord
        {
            Id = c.LinkId,
            Hash = c.Hash,
            Purpose = c.Purpose,
            KommuneId = c.KommuneId,
            Subject = c.Subject,
            CreatedBy = context.Actor.Id,
            CreatedAt = context.Now,
            ExpiresAt = context.Now.Add(c.Validity),
        };
        events.Add(new LinkIssued(c.KommuneId, record.Id, record.Purpose, record.Subject, record.ExpiresAt));
        return (record, events);
    }

    /// <summary>Revoking a revoked link changes nothing (no event); a link of another Kommune is as unknown as a missing one.</summary>
    public static IReadOnlyList<object> Revoke(RevokeLink c, LinkRecord? record, CommandContext context)
    {
        if (record is null || record.KommuneId != c.KommuneId)
        {
            throw new NotFound("link-unbekannt", "Link nicht gefunden", $"Die Kommune \"{c.KommuneId}\" hat keinen Link {c.LinkId}.");
        }

        return record.Revoke(context.Now, context.Actor.Id) ? [new LinkRevoked(c.KommuneId, record.Id, null)] : [];
    }
}

public static class IssueLinkHandler
{
    public static async Task<(LinkRecord, Events)> Handle(
        IssueLink command, [KommuneStream] KommuneState kommune, IDocumentSession session, CommandContext context, CancellationToken ct)
    {
        var replaced = command.ReplaceSubject
            ? await session.Query<LinkRecord>()
                .Where(l => l.KommuneId == kommune.Id && l.Subject == command.Subject && l.RevokedAt == null)
                .ToListAsync(ct)
            : [];
        var (record, events) = LinkDecisions.Issue(command, replaced, context);
        foreach (var old in replaced.Where(l => l.RevokedAt is not null)) session.Store(old);
        session.Insert(record);
        return (record, new Events(events));
    }
}

public static class RevokeLinkHandler
{
    public static async Task<(LinkRecord, Events)> Handle(
        RevokeLink command, [KommuneStream] KommuneState kommune, IDocumentSession session, CommandContext context, CancellationToken ct)
    {
        var record = await session.LoadAsync<LinkRecord>(command.LinkId, ct);
        var events = LinkDecisions.Revoke(command, record, context);
        if (events.Count > 0) session.Store(record!);
        return (record!, new Events(events));
    }
}
