using Marten;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>A Kommune's history with the German descriptions: the auditors' start into a Kommune, read through the history endpoint.</summary>
public sealed class VerlaufModel(IQuerySession session) : KommunePage
{
    public const string PageSize = "100";

    public string Name { get; private set; } = "";

    public Paged<HistoryEndpoints.HistoryEntry> History { get; private set; } = new([], 1, 1, 0);

    public async Task OnGetAsync(string? seite, CancellationToken ct)
    {
        Name = (await KommunenEndpoints.Get(Id, session, User, ct)).Name;
        History = await HistoryEndpoints.Get(Id, session, seite, PageSize, null, null, null, null, null, User, ct);
    }

    public static string RoleOf(HistoryEndpoints.HistoryEntry entry) =>
        entry.Headers?.TryGetValue("actorRole", out var role) == true ? role?.ToString() ?? "–" : "–";
}
