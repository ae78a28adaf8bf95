using System.Security.Cryptography;
using System.Text;
using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Programme;
using Wolverine;

namespace Selbstcheck.Host.Access;

/// <summary>
/// A link token: for what cannot send a bearer header (a respondent's questionnaire link, a
/// calendar feed). Scoped to one purpose and one subject within one Kommune, expiring,
/// revocable. Only the SHA-256 hash of the token is stored; the token itself is shown once.
/// </summary>
public sealed class LinkRecord
{
    public Guid Id { get; set; }

    /// <summary>Hex SHA-256 of the token (unique).</summary>
    public string Hash { get; set; } = "";

    public string Purpose { get; set; } = "";

    /// <summary>The Kommune the link belongs to; empty for a link about a person (a facilitator's calendar).</summary>
    public string KommuneId { get; set; } = "";

    /// <summary>The person a link is about (a facilitator's calendar), if any.</summary>
    public Guid? PersonId { get; set; }

    /// <summary>What the link opens, within its purpose (a respondent id, a calendar).</summary>
    public string Subject { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    /// <summary>Revokes the link unless it is already; false when there was nothing to change.</summary>
    public bool Revoke(DateTimeOffset now, string by)
    {
        if (RevokedAt is not null) return false;
        RevokedAt = now;
        RevokedBy = by;
        return true;
    }
}

public static class LinkPurposes
{
    /// <summary>A respondent's questionnaire link (#4): the bearer acts as role befragte for one respondent.</summary>
    public const string Befragung = "befragung";

    /// <summary>A calendar feed (#6).</summary>
    public const string Kalender = "kalender";

    /// <summary>#14: a round's open survey link: whoever opens it starts an anonymous response (one per browser session).</summary>
    public const string OffeneBefragung = Workflow.Journey.OpenSurvey.LinkPurpose;

    public static readonly IReadOnlyList<string> All = [Befragung, Kalender, OffeneBefragung];
}

public sealed record IssuedLink(LinkRecord Record, string Token);

public enum LinkState
{
    Valid,
    Unknown,
    Expired,
    Revoked,
}

public sealed class LinkTokens(IDocumentStore store, TimeProvider clock)
{
    public const string QueryParameter = "key";
    private const string Prefix = "scl_";

    public static string HashOf(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new token and the hash that is stored of it.</summary>
    public static (string Token, string Hash) NewToken()
    {
        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, HashOf(token));
    }

    /// <summary>
    /// A new link of a Kommune: the command that issues it (<see cref="IssueLink"/>, carrying the token's
    /// hash only) and the token, shown once. Send the command through the command pipeline (on the
    /// request's bus, so its events carry the request's correlation id): it stores the record and
    /// appends <c>LinkIssued</c> to the Kommune's stream in one transaction.
    /// </summary>
    public static (IssueLink Command, string Token) NewLink(
        string purpose, string kommuneId, string subject, TimeSpan validity, Guid? id = null, bool replaceSubject = false)
    {
        if (!LinkPurposes.All.Contains(purpose)) throw new ArgumentException($"unknown link purpose {purpose}");
        if (!KommuneId.IsValid(kommuneId)) throw KommuneId.NotFound(kommuneId);
        var (token, hash) = NewToken();
        return (new IssueLink(kommuneId, id ?? Guid.CreateVersion7(), purpose, subject, hash, validity, replaceSubject), token);
    }

    /// <summary>Issues a link of a Kommune through the command pipeline, as <paramref name="by"/> (see <see cref="NewLink"/>).</summary>
    public static async Task<IssuedLink> IssueAsync(
        IMessageBus bus, Actor by, string purpose, string kommuneId, string subject, TimeSpan validity, CancellationToken ct,
        Guid? id = null, bool replaceSubject = false)
    {
        var (command, token) = NewLink(purpose, kommuneId, subject, validity, id, replaceSubject);
        return new IssuedLink(await bus.InvokeAsync<LinkRecord>(command, CommandHeaders.For(by), ct), token);
    }

    /// <summary>
    /// Issues a link about a person (a facilitator's calendar, across their Kommunen): the record and
    /// its <c>PersonLinkIssued</c> event in the programme stream, in one transaction.
    /// </summary>
    public async Task<IssuedLink> IssueForPersonAsync(ProgrammeAction action, string purpose, Guid personId, TimeSpan validity, CancellationToken ct)
    {
        if (!LinkPurposes.All.Contains(purpose)) throw new ArgumentException($"unknown link purpose {purpose}");
        var (token, hash) = NewToken();
        var now = clock.GetUtcNow();
        var record = new LinkRecord
        {
            Id = Guid.CreateVersion7(),
            Hash = hash,
            Purpose = purpose,
            KommuneId = "",
            PersonId = personId,
            Subject = $"person:{personId}",
            CreatedBy = action.Actor.Id,
            CreatedAt = now,
            ExpiresAt = now.Add(validity),
        };
        await using var session = store.LightweightSession();
        session.Insert(record);
        await ProgrammeLog.AppendAsync(session, action, ct, new PersonLinkIssued(personId, record.Id, purpose, record.ExpiresAt));
        await session.SaveChangesAsync(ct);
        return new IssuedLink(record, token);
    }

    /// <summary>Revokes a link about a person (record and <c>PersonLinkRevoked</c> together); false when it was revoked already.</summary>
    public async Task<bool> RevokeForPersonAsync(ProgrammeAction action, LinkRecord record, CancellationToken ct)
    {
        if (record.PersonId is not { } person || !record.Revoke(clock.GetUtcNow(), action.Actor.Id)) return false;
        await using var session = store.LightweightSession();
        session.Store(record);
        await ProgrammeLog.AppendAsync(session, action, ct, new PersonLinkRevoked(person, record.Id, null));
        await session.SaveChangesAsync(ct);
        return true;
    }

    public async Task<(LinkState State, LinkRecord? Record)> ValidateAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || !token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return (LinkState.Unknown, null);
        }

        await using var session = store.QuerySession();
        var hash = HashOf(token);
        var record = await session.Query<LinkRecord>().Where(l => l.Hash == hash).SingleOrDefaultAsync(ct);
        if (record is null) return (LinkState.Unknown, null);
        if (record.RevokedAt is not null) return (LinkState.Revoked, record);
        if (record.ExpiresAt <= clock.GetUtcNow()) return (LinkState.Expired, record);
        return (LinkState.Valid, record);
    }

    /// <summary>
    /// The state of a link by its id now (a session made from a link checks it on every request: revoking
    /// or reissuing the link, or its expiry, ends the session).
    /// </summary>
    public async Task<(LinkState State, LinkRecord? Record)> CheckAsync(Guid id, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var record = await session.LoadAsync<LinkRecord>(id, ct);
        if (record is null) return (LinkState.Unknown, null);
        if (record.RevokedAt is not null) return (LinkState.Revoked, record);
        if (record.ExpiresAt <= clock.GetUtcNow()) return (LinkState.Expired, record);
        return (LinkState.Valid, record);
    }

    /// <summary>The subject of a respondent's questionnaire link.</summary>
    public static string RespondentSubject(int round, Guid respondent) => $"runde-{round}/{respondent}";

    /// <summary>The round and respondent a respondent's link subject names ("runde-3/…"), or null.</summary>
    public static (int Round, Guid Respondent)? ParseRespondentSubject(string? subject)
    {
        var parts = subject?.Split('/');
        return parts is [var r, var p] && r.StartsWith("runde-", StringComparison.Ordinal) &&
               int.TryParse(r["runde-".Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var round) &&
               Guid.TryParse(p, out var respondent)
            ? (round, respondent)
            : null;
    }

    /// <summary>#14: the subject of a round's open survey link.</summary>
    public static string OpenSurveySubject(int round) => $"offene-befragung/runde-{round}";

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
