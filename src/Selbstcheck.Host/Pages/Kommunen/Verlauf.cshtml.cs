using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Audit;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// A Kommune's history with the German descriptions — the auditors' start into a Kommune: the history endpoint's
/// filters (event type, from/to, user, role) as a GET form, paging, a link per event to the state after it, the
/// "Stand ansehen" controls (date, version), the hash chain's verification and the audit export (programme team
/// and audit, as the API allows them). Personal values beside an event are resolved for the caller (the
/// history endpoint shows "[personenbezogen]" to audit without the personal-data claim).
/// </summary>
public sealed class VerlaufModel(IQuerySession session, TimeProvider clock, ChainVerifier verifier) : KommunePage
{
    public const string PageSize = "100";

    public const string FilterForm = "filter";

    [FromQuery(Name = "type")]
    public string? Type { get; set; }

    [FromQuery(Name = "from")]
    public string? From { get; set; }

    [FromQuery(Name = "to")]
    public string? To { get; set; }

    [FromQuery(Name = "user")]
    public string? UserId { get; set; }

    [FromQuery(Name = "role")]
    public string? Role { get; set; }

    [FromQuery(Name = "seite")]
    public string? Seite { get; set; }

    public string Name { get; private set; } = "";

    public Paged<HistoryEndpoints.HistoryEntry> History { get; private set; } = new([], 1, 1, 0);

    /// <summary>The hash chain checked (programme team and audit, who may call verify); null for the others.</summary>
    public ChainVerification? Verification { get; private set; }

    /// <summary>The verification and the export: the roles the API lets call them.</summary>
    public bool Auditing => Caller is { Role: Roles.Programmteam or Roles.Audit };

    public bool Filtered => Type is not null || From is not null || To is not null || UserId is not null || Role is not null;

    public string ExportLink => $"/api/kommunen/{Uri.EscapeDataString(Id)}/audit-export";

    public static IReadOnlyList<string> EventTypeNames { get; } = EventTypes.All.Select(t => t.StoredName).Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<(string Value, string Label)> RoleNames { get; } =
    [
        (Roles.Programmteam, "Programmteam"), (Roles.Prozessbegleitung, "Prozessbegleitung"), (Roles.Kommune, "Integrationsbüro"),
        (Roles.Befragte, "Befragte"), (Roles.Teilnehmende, "Teilnehmende"), (Roles.Audit, "Audit"), (Roles.System, "System"), (Roles.Einheit, "Mitarbeitende einer Stelle"),
    ];

    public async Task OnGetAsync(CancellationToken ct)
    {
        (Type, From, To, UserId, Role) = (Blank(Type), Blank(From), Blank(To), Blank(UserId), Blank(Role));
        await LoadAsOfAsync(session, clock, ct);
        Name = AsOf?.Kommune.Name ?? (await KommunenEndpoints.Get(Id, session, User, ct)).Name;
        // As of a moment: the history up to the version shown (unless the filter ends earlier).
        var to = To ?? AsOf?.RecordedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        try
        {
            History = await HistoryEndpoints.Get(Id, session, Seite, PageSize, Type is null ? null : [Type], From, to, UserId, Role, User, ct);
        }
        catch (InvalidInput invalid)
        {
            Errors.From(invalid, FilterForm);
            Response.StatusCode = invalid.Status;
        }

        if (Auditing) Verification = await VerifyEndpoints.Get(Id, session, verifier, ct);
    }

    /// <summary>This page with the filters kept (and the moment asked for), at another page of results.</summary>
    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["stand"] = Stand, ["version"] = Version, ["type"] = Type, ["from"] = From, ["to"] = To, ["user"] = UserId, ["role"] = Role,
            ["seite"] = page.ToString(CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString($"/kommunen/{Uri.EscapeDataString(Id)}/verlauf", query.Where(q => q.Value is not null).ToDictionary(q => q.Key, q => q.Value));
    }

    /// <summary>The Kommune's home as it stood right after this event.</summary>
    public string AfterLink(HistoryEndpoints.HistoryEntry entry) =>
        $"/kommunen/{Uri.EscapeDataString(Id)}?version={entry.Version.ToString(CultureInfo.InvariantCulture)}";

    public string VerificationText => Verification switch
    {
        null => "",
        { Verified: true } v => $"Kette geprüft: {v.Checked} von {v.Version} Ereignissen unverändert.",
        { FirstBreak: { } b } v => $"Kette geprüft: Abweichung bei Version {b.Version}{(b.Type is null ? "" : $" ({b.Type})")} – {BreakText(b.Kind)}. Geprüft wurden {v.Checked} Ereignisse bis Version {v.Version}.",
        { } v => $"Kette geprüft: {v.Checked} von {v.Version} Ereignissen, nicht bestätigt.",
    };

    private static string BreakText(string kind) => kind switch
    {
        ChainVerifier.ContentChanged => "der Inhalt des Ereignisses wurde verändert",
        ChainVerifier.Missing => "ein Ereignis fehlt",
        ChainVerifier.Unchained => "ein Ereignis ist nicht verkettet",
        ChainVerifier.ChainRewritten => "die Kette selbst wurde umgeschrieben",
        _ => kind,
    };

    public static string RoleOf(HistoryEndpoints.HistoryEntry entry) =>
        entry.Headers?.TryGetValue("actorRole", out var role) == true && role?.ToString() is { } r
            ? RoleNames.FirstOrDefault(n => n.Value == r).Label ?? r
            : "–";

    /// <summary>The personal values an event references, as resolved for the caller (names, or "[personenbezogen]").</summary>
    public static string PersonalOf(HistoryEndpoints.HistoryEntry entry) =>
        entry.Personal is { Count: > 0 } values ? string.Join("; ", values.Values.Distinct(StringComparer.Ordinal)) : "–";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
