using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// A page of one Kommune (route parameter <c>id</c>). With <c>?stand=</c> (a date or an instant, as the
/// audit's state endpoint takes it) or <c>?version=</c> the page shows the Kommune as of then, read-only,
/// marked "Stand: …": its data then come from <see cref="AsOf"/> (the replay of #9, the same resources
/// as the live endpoints), so a page renders one set of resources whichever the source.
/// </summary>
public abstract class KommunePage : SelbstcheckPage
{
    [FromRoute(Name = "id")]
    public string Id { get; set; } = "";

    /// <summary>The moment asked for (?stand=), as given.</summary>
    [FromQuery(Name = "stand")]
    public string? Stand { get; set; }

    /// <summary>The version asked for (?version=), as given.</summary>
    [FromQuery(Name = "version")]
    public string? Version { get; set; }

    /// <summary>The state as of the moment or version asked for; null when the page shows today.</summary>
    public StateEndpoints.StateResource? AsOf { get; private set; }

    public bool Historical => Stand is not null || Version is not null;

    /// <summary>No forms: a view as of an earlier moment, or a role that changes nothing here (audit, teilnehmende).</summary>
    public bool ReadOnly => Historical || Caller is not { Role: Roles.Programmteam or Roles.Prozessbegleitung or Roles.Kommune };

    /// <summary>The query that keeps a link within the same moment ("?stand=2020-06-30"), or "".</summary>
    public string AsOfQuery =>
        Stand is not null ? $"?stand={Uri.EscapeDataString(Stand)}" : Version is not null ? $"?version={Uri.EscapeDataString(Version)}" : "";

    /// <summary>A link to another page of this Kommune ("" for its home, "aktionsplan", …), at the same moment.</summary>
    public string Link(string page = "") =>
        $"/kommunen/{Uri.EscapeDataString(Id)}{(page.Length == 0 ? "" : "/" + page)}{AsOfQuery}";

    /// <summary>Loads the state as of the moment asked for, when one was (throws the API's 400/404 for a bad one).</summary>
    protected async Task LoadAsOfAsync(IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        if (Historical) AsOf = await StateEndpoints.Get(Id, session, User, clock, Stand, Version, ct);
    }

    /// <summary>
    /// #15 H5 participants: loads the state as of <paramref name="at"/> (a moment the page itself chose, e.g. a workshop's
    /// start) through the same replay, without the page's address carrying it (links then lead to today's pages).
    /// </summary>
    protected async Task LoadAsOfAsync(IQuerySession session, TimeProvider clock, DateTimeOffset at, CancellationToken ct) =>
        AsOf = await StateEndpoints.Get(Id, session, User, clock,
            at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), null, ct);

    /// <summary>#15 H5: where the "Stand" banner's "Zum heutigen Stand" leads (a page the caller's role may open).</summary>
    public virtual string TodayLink => $"/kommunen/{Uri.EscapeDataString(Id)}";

    /// <summary>
    /// "Stand: 30.06.2020, 23:59 Uhr (Version 41 von 94)"; for workshop participants without the versions (how many
    /// records a Kommune's history holds is the administration's and the audit's to read, not theirs).
    /// </summary>
    public string StandLabel =>
        AsOf is null ? ""
        : Caller is { Role: Roles.Teilnehmende } ? $"Stand: {Display.Moment(AsOf.AsOf)}"
        : $"Stand: {Display.Moment(AsOf.AsOf)} (Version {AsOf.Version.ToString(CultureInfo.InvariantCulture)} von {AsOf.LatestVersion.ToString(CultureInfo.InvariantCulture)})";
}
