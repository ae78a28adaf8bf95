using System.Security.Claims;
using Marten;
using Selbstcheck.Host.Access;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.People;

namespace Selbstcheck.Host.Personal;

/// <summary>
/// The one resolver of personal-data references (<see cref="PersonalRef"/>): events and read models
/// hold references, and every endpoint, the history, the audit export and the documentation
/// resolve them when read — in one batch per request. An erased entry reads "gelöscht"; a caller who
/// may not see personal data (audit without the personal-data claim) reads "[personenbezogen]".
/// </summary>
public static class PersonalData
{
    /// <summary>What an erased value (and an erased person's name) reads as.</summary>
    public const string Erased = PersonRecord.Erased;

    /// <summary>What a caller without the right to see personal data reads instead of a value.</summary>
    public const string Withheld = "[personenbezogen]";

    /// <summary>
    /// Whether the caller sees personal values: every role that reaches the data for its work does
    /// (programmteam, prozessbegleitung, kommune, teilnehmende, a respondent through the link);
    /// audit only with the personal-data claim.
    /// </summary>
    public static bool Visible(ClaimsPrincipal? user) => Caller.From(user) is not { Role: Roles.Audit, PersonalData: false };

    /// <summary>
    /// Units' functional addresses: for the roles that manage units or send them mail (programmteam,
    /// prozessbegleitung, kommune) and audit with the claim; workshop participants (teilnehmende) read
    /// the Kommune without them.
    /// </summary>
    public static bool AddressesVisible(ClaimsPrincipal? user) => Visible(user) && Caller.From(user) is not { Role: Roles.Teilnehmende };

    /// <summary>Looks up the references given, at once.</summary>
    public static async Task<PersonalValues> LoadAsync(IQuerySession session, IEnumerable<PersonalRef?> refs, bool visible, CancellationToken ct)
    {
        var ids = refs.OfType<PersonalRef>().Select(r => r.Ref).Distinct().ToArray();
        if (!visible || ids.Length == 0) return new PersonalValues(new Dictionary<Guid, string>(), visible);
        var entries = await session.LoadManyAsync<VaultEntry>(ct, ids);
        return new PersonalValues(entries.ToDictionary(e => e.Id, e => e.Value), visible);
    }

    /// <summary>The same for a caller.</summary>
    public static Task<PersonalValues> LoadAsync(IQuerySession session, IEnumerable<PersonalRef?> refs, ClaimsPrincipal? user, CancellationToken ct) =>
        LoadAsync(session, refs, Visible(user), ct);
}

/// <summary>Resolved personal values of one request.</summary>
public sealed class PersonalValues(IReadOnlyDictionary<Guid, string> values, bool visible)
{
    public bool Visible => visible;

    /// <summary>The value, "gelöscht" when erased, "[personenbezogen]" when the caller may not see it; null stays null.</summary>
    public string? Show(PersonalRef? r) =>
        r is null ? null
        : !visible ? PersonalData.Withheld
        : values.TryGetValue(r.Ref, out var v) ? v : PersonalData.Erased;

    /// <summary>The value, or null when it is absent, erased or withheld (for sending mail).</summary>
    public string? Value(PersonalRef? r) => r is not null && visible && values.TryGetValue(r.Ref, out var v) ? v : null;
}
