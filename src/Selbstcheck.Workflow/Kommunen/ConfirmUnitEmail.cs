using System.Security.Cryptography;
using System.Text;
using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Kommunen;

/// <summary>
/// The one-time link that confirms a unit's address: a random secret sent only to that address and
/// stored only as its SHA-256 hash (the document id); it names the unit's item version it confirms,
/// expires, and works once.
/// </summary>
public sealed class UnitEmailConfirmationToken
{
    /// <summary>The SHA-256 hash of the secret (hex).</summary>
    public string Id { get; set; } = "";

    public string KommuneId { get; set; } = "";

    public string Unit { get; set; } = "";

    /// <summary>The unit's item version whose address this confirms (a later change makes the link stale).</summary>
    public long Version { get; set; }

    /// <summary>The event sequence of the request it answers: one mail per request, however often the job runs.</summary>
    public long Request { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A new secret: 32 random bytes, URL-safe.</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public bool IsUsableAt(DateTimeOffset now) => UsedAt is null && now < ExpiresAt;

    /// <summary>One answer for unknown, expired and used links: the caller learns nothing else.</summary>
    public static NotFound Invalid() =>
        new("bestaetigungslink-ungueltig", "Bestätigungslink ungültig", "Der Link ist unbekannt, abgelaufen oder wurde schon verwendet.");
}

/// <summary>The holder of a unit's address confirms it with the one-time link (sent by the confirmation page, anonymously).</summary>
public sealed record ConfirmUnitEmail(string KommuneId, string TokenHash) : IKommuneCommand;

public static class ConfirmUnitEmailDecision
{
    public static IReadOnlyList<object> Decide(ConfirmUnitEmail c, KommuneState kommune, UnitEmailConfirmationToken? token, DateTimeOffset now)
    {
        if (token is null || token.KommuneId != kommune.Id || !token.IsUsableAt(now)) throw UnitEmailConfirmationToken.Invalid();
        var unit = kommune.FindUnit(token.Unit);
        if (unit is null || unit.Version != token.Version)
        {
            throw new RuleViolation("adresse-geaendert", "Adresse inzwischen geändert",
                "Die Adresse der Stelle wurde nach dem Versand dieses Links geändert; der Link bestätigt sie nicht mehr.");
        }

        return unit.Unconfirmed ? [new UnitEmailConfirmed(kommune.Id, unit.Name, unit.Version)] : [];
    }
}

public static class ConfirmUnitEmailHandler
{
    public static async Task<(UnitReply, Events)> Handle(
        ConfirmUnitEmail command, [KommuneStream] KommuneState kommune, IDocumentSession session, CommandContext context, CancellationToken ct)
    {
        var token = await session.LoadAsync<UnitEmailConfirmationToken>(command.TokenHash, ct);
        var events = ConfirmUnitEmailDecision.Decide(command, kommune, token, context.Now);
        token!.UsedAt = context.Now;
        session.Store(token); // used once: in the commit that records the confirmation
        var unit = kommune.After(events).FindUnit(token.Unit)!;
        return (new UnitReply(unit.Name, unit.Email, unit.Version, false, !unit.Unconfirmed), new Events(events));
    }
}
