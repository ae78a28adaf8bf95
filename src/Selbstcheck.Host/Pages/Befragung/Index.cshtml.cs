using Marten;

namespace Selbstcheck.Host.Pages.Befragung;

/// <summary>The respondent's start: the round, progress per Handlungsfeld, on to submitting; read-only once submitted.</summary>
public sealed class IndexModel(IQuerySession session) : RespondentPage(session)
{
    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);
}
