using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Api;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>The Kommune's workshops (date, status, place), each with its documentation as a page and as PDF.</summary>
public sealed class WorkshopsModel(IQuerySession session, TimeProvider clock) : KommunePage
{
    public string Name { get; private set; } = "";

    public IReadOnlyList<Row> Workshops { get; private set; } = [];

    public sealed record Row(Guid Id, string Title, string StartsAt, string? Place, bool Online, string Status);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (AsOfAccess.Refused(this)) return await AsOfAccess.RefuseAsync(HttpContext);
        await LoadAsOfAsync(session, clock, ct);
        if (AsOf is { } state)
        {
            Name = state.Kommune.Name;
            Workshops = state.Workshops.Select(w => new Row(w.Id, w.Title, w.StartsAt, w.Place, w.Online, w.Status)).ToList();
            return Page();
        }

        Name = (await KommunenEndpoints.Get(Id, session, User, ct)).Name;
        var list = await WorkshopsEndpoints.List(Id, session, null, "200", ct);
        Workshops = list.Items.Select(w => new Row(w.Id, w.Title, w.StartsAt, w.Place, w.Online, w.Status)).ToList();

        return Page();
    }

    public string PdfLink(Guid workshop) => $"/api/kommunen/{Uri.EscapeDataString(Id)}/workshops/{workshop}/documentation.pdf";

    public static string Where(Row w) => (w.Place, w.Online) switch
    {
        (null, true) => "online",
        (null, false) => "–",
        (var p, true) => $"{p} (online)",
        (var p, false) => p!,
    };
}
