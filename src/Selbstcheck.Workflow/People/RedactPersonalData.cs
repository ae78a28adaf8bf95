using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Programme;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.People;

/// <summary>
/// Redact a named free text of the Kommune's events (programme team, with a reason): the sealed
/// value <paramref name="Ref"/> (as the history shows it), or every sealed value of the Kommune
/// that contains <paramref name="Value"/> (a name, an address; ignoring case).
/// </summary>
public sealed record RedactPersonalData(string KommuneId, Guid? Ref, string? Value, string? Reason) : IKommuneCommand;

public sealed record RedactionReply(IReadOnlyList<Guid> Redacted);

public static class RedactPersonalDataDecision
{
    public const int MinValue = 3;

    /// <summary>Validates the request; the vault entries are then looked up by <see cref="Matches"/>.</summary>
    public static void Validate(RedactPersonalData c)
    {
        var v = new Validation();
        if (c.Ref is null && string.IsNullOrWhiteSpace(c.Value)) v.Add("ref", "Einen Wert (ref) oder einen Text (value) angeben.");
        if (c.Ref is null && c.Value is { } text && !string.IsNullOrWhiteSpace(text) && text.Trim().Length < MinValue) v.Add("value", $"Mindestens {MinValue} Zeichen.");
        if (string.IsNullOrWhiteSpace(c.Reason)) v.Add("reason", "Pflichtfeld: der Grund der Löschung.");
        else if (c.Reason.Length > ErasePersonDecision.MaxReason) v.Add("reason", $"Höchstens {ErasePersonDecision.MaxReason} Zeichen.");
        v.ThrowIfInvalid();
    }

    public static bool Matches(RedactPersonalData c, VaultEntry e) =>
        e.KommuneId == c.KommuneId && (c.Ref is { } r ? e.Id == r : e.Value.Contains(c.Value!.Trim(), StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<object> Decide(RedactPersonalData c, KommuneState kommune, IReadOnlyList<VaultEntry> entries)
    {
        Validate(c);
        var hits = entries.Where(e => Matches(c, e)).ToList();
        if (hits.Count == 0)
        {
            throw new NotFound("wert-unbekannt", "Kein solcher personenbezogener Wert",
                "Diese Kommune hat keinen gespeicherten personenbezogenen Wert, der der Angabe entspricht (oder er ist bereits gelöscht).");
        }

        return hits.Select(e => (object)new PersonalDataRedacted(kommune.Id, e.Id, c.Reason!.Trim())).ToList();
    }
}

public static class RedactPersonalDataHandler
{
    public static async Task<(RedactionReply, Events)> Handle(RedactPersonalData command, [KommuneStream] KommuneState kommune, IDocumentSession session, CancellationToken ct)
    {
        RedactPersonalDataDecision.Validate(command);
        var entries = command.Ref is { } r
            ? await session.Query<VaultEntry>().Where(e => e.Id == r && e.KommuneId == command.KommuneId).ToListAsync(ct)
            : await session.Query<VaultEntry>().Where(e => e.KommuneId == command.KommuneId && e.Value.Contains(command.Value!.Trim(), StringComparison.OrdinalIgnoreCase)).ToListAsync(ct);
        var events = RedactPersonalDataDecision.Decide(command, kommune, entries);
        foreach (var e in events.Cast<PersonalDataRedacted>()) session.Delete<VaultEntry>(e.Ref);
        return (new RedactionReply(events.Cast<PersonalDataRedacted>().Select(e => e.Ref).ToList()), new Events(events));
    }
}
