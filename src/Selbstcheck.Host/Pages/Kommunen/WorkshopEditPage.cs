using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Personal;
using Selbstcheck.Projections.MaturityOverview;
using Selbstcheck.Projections.Workshops;
using Selbstcheck.Workflow.Common;
using Wolverine;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// #15: the base of every workshop edit page (preparation, results): the workshop as the API shows it, the live
/// preview of its documentation (the same text as the documentation page and the PDF) for the editing layout
/// <c>Shared/_WorkshopBearbeitung.cshtml</c>, and one way to save a list: the command the API's PUT sends, with the
/// list's version; a refusal beside the form's fields, a stale version as a conflict that keeps what was typed
/// and shows the current version above it (<see cref="Conflict"/>).
/// </summary>
public abstract class WorkshopEditPage(IQuerySession session, TimeProvider clock, IMessageBus bus) : KommunePage
{
    [FromRoute(Name = "w")]
    public string W { get; set; } = "";

    protected IQuerySession Session => session;

    protected TimeProvider Clock => clock;

    protected IMessageBus Bus => bus;

    /// <summary>The Kommune as the API shows it (name, units).</summary>
    public KommuneResource Kommune { get; private set; } = null!;

    public string KommuneName => Kommune.Name;

    /// <summary>The Kommune's rounds (the documentation's Standortbestimmung, the round the workshop discusses).</summary>
    protected IReadOnlyList<RoundMaturity> Rounds { get; private set; } = [];

    /// <summary>The workshop with its personal values resolved for the caller (as GET …/workshops/{w}).</summary>
    public WorkshopResource Workshop { get; private set; } = null!;

    /// <summary>The read model the documentation is generated from.</summary>
    protected WorkshopView View { get; private set; } = null!;

    /// <summary>The documentation's text (escaped by the generator) for the preview column.</summary>
    public string Preview { get; private set; } = "";

    /// <summary>The page's h1 (the layout renders it above both columns).</summary>
    public abstract string Heading { get; }

    public string Title => Reports.WorkshopDocumentation.Title(KommuneName, View);

    public string PdfLink => $"/api/kommunen/{Uri.EscapeDataString(Id)}/workshops/{Uri.EscapeDataString(W)}/documentation.pdf";

    public string DocumentationLink => Link($"workshops/{Uri.EscapeDataString(W)}");

    public string PreparationLink => Link($"workshops/{Uri.EscapeDataString(W)}/vorbereitung");

    public string ResultsLink => Link($"workshops/{Uri.EscapeDataString(W)}/ergebnisse");

    /// <summary>Forms only for the roles that record the workshop (programmteam, the assigned facilitator), never as of a moment, never for a cancelled workshop.</summary>
    public bool MayEdit => !Historical && Caller is { Role: Roles.Programmteam or Roles.Prozessbegleitung } && Workshop is not { Cancelled: true };

    /// <summary>The form whose save was refused (its fields then show what was sent).</summary>
    public string? FailedForm { get; private set; }

    /// <summary>The form whose save met a newer version: its current version shows read-only above it.</summary>
    public string? ConflictForm { get; private set; }

    public bool Refused(string form) => FailedForm == form;

    public bool InConflict(string form) => ConflictForm == form;

    /// <summary>A list's current item version (0 = not yet recorded).</summary>
    public long VersionOf(string list) => Workshop.Versions.GetValueOrDefault(list);

    /// <summary>
    /// The expectedVersion a list's form carries: the current version — after a conflict too (saving again then
    /// deliberately overwrites what is shown above) —, after another refusal the version that was sent.
    /// </summary>
    public long ExpectedVersion(string form, string list, long? sent) => ExpectedVersion(form, sent, VersionOf(list));

    /// <summary>As <see cref="ExpectedVersion(string, string, long?)"/> for a version kept elsewhere (a working group's, a commentary's).</summary>
    public long ExpectedVersion(string form, long? sent, long current) =>
        Refused(form) && !InConflict(form) && sent is { } v ? v : current;

    /// <summary>A personal value as a form may show it again: a withheld or erased marker is not a value to save back.</summary>
    public static string PersonalInput(string? shown) =>
        shown is null or PersonalData.Withheld or PersonalData.Erased ? "" : shown;

    protected async Task LoadWorkshopAsync(CancellationToken ct)
    {
        Kommune = await KommunenEndpoints.Get(Id, session, User, ct);
        View = await WorkshopsEndpoints.Find(session, Id, W, ct);
        Workshop = WorkshopResource.From(View, await WorkshopsEndpoints.PersonalRefs(session, [View], User, ct));
        Rounds = (await session.LoadAsync<MaturityOverview>(Id, ct))?.Rounds ?? [];
        Preview = await WorkshopDocumentationEndpoints.BodyAsync(session, KommuneName, View, Rounds, User, ct);
        await LoadMoreAsync(ct);
    }

    /// <summary>What a page reads besides the workshop (the Kommune's fields, say).</summary>
    protected virtual Task LoadMoreAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// The edit pages show today's workshop: as of a moment (?stand=, ?version=) the documentation page shows it.
    /// A post naming no handler of the page is a 400.
    /// </summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (Historical)
        {
            context.Result = HttpMethods.IsGet(context.HttpContext.Request.Method)
                ? Redirect(DocumentationLink)
                : PageError.AsOfIsReadOnly();
            return;
        }

        await base.OnPageHandlerExecutionAsync(context, next);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadWorkshopAsync(ct);
        return Page();
    }

    /// <summary>
    /// Saves one form: its texts checked as the API's JSON reader checks them, then the command; on success back to
    /// the form's anchor (or <paramref name="anchor"/>) with the notice; else the page again with the refusal (and,
    /// when stale, the conflict). Problems the page found while building the command are already in <see cref="SelbstcheckPage.Errors"/>.
    /// </summary>
    protected async Task<IActionResult> SaveAsync(string form, Func<Task> command, IEnumerable<(string Field, string? Value)> texts, CancellationToken ct, string notice = "Gespeichert.", string? anchor = null)
    {
        foreach (var (field, value) in texts)
        {
            if (value is not null && ActionPlanPage.TextProblem(value) is { } problem) Errors.Add(field, problem, form);
        }

        if (Errors.Any) Response.StatusCode = StatusCodes.Status400BadRequest;
        else if (await RunAsync(command, form)) return Done(notice, anchor ?? form);

        FailedForm = form;
        if (Errors.Stale)
        {
            ConflictForm = form;
            Errors.KeepTyped();
        }

        await LoadWorkshopAsync(ct);
        return Page();
    }

    /// <summary>Empty rows every list form offers to add to.</summary>
    public const int EmptyRows = 2;

    /// <summary>The rows a list's form shows: the existing ones and <see cref="EmptyRows"/> empty ones to add.</summary>
    public static IEnumerable<(int Index, T? Row)> WithEmpty<T>(IReadOnlyList<T> rows) where T : class =>
        rows.Select((r, i) => (i, (T?)r)).Concat(Enumerable.Range(rows.Count, EmptyRows).Select(i => (i, (T?)null)));

    /// <summary>The non-empty lines of a textarea, trimmed.</summary>
    public static List<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    /// <summary>A form field's value, or null when absent or blank.</summary>
    protected string? Field(string name) =>
        Request.Form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString() : null;

    /// <summary>Whether a row's "entfernen" box was ticked.</summary>
    protected bool Ticked(string name) => Request.Form.TryGetValue(name, out var v) && v.Any(x => x is "true" or "on");

    /// <summary>How many rows of a list the form sent (the highest index of <c>{list}[i].…</c> fields + 1).</summary>
    protected int RowCount(string list)
    {
        var prefix = list + "[";
        var max = -1;
        foreach (var key in Request.Form.Keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var end = key.IndexOf(']', prefix.Length);
            if (end > prefix.Length && int.TryParse(key.AsSpan(prefix.Length, end - prefix.Length), out var i) && i < 500) max = Math.Max(max, i);
        }

        return max + 1;
    }

    protected long? SentVersion() => long.TryParse(Field("expectedVersion"), out var v) ? v : null;
}

/// <summary>A list's current version, read-only above a form whose save met it (<c>Shared/_WorkshopKonflikt.cshtml</c>).</summary>
public sealed record WorkshopConflict(long Version, IReadOnlyList<string> Lines);
