using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Programme;

namespace Selbstcheck.Host.Pages.Programm;

/// <summary>
/// #15 H4: one entry of the user directory: change the display name (RenameUser, what PUT /api/users/{userId} does, with
/// the entry's version), and erase it with a reason (EraseUser, what DELETE /api/users/{userId} does) after saying what
/// becomes unreadable.
/// </summary>
public sealed class BenutzerEintragModel(IQuerySession session, UserDirectory directory) : SelbstcheckPage, IProgrammPage
{
    public const string RenameForm = "name";
    public const string EraseForm = "loeschung";

    [FromRoute(Name = "uid")]
    public string UserRoute { get; set; } = "";

    public UsersEndpoints.UserResource Entry { get; private set; } = null!;

    /// <summary>How many events of the history name this user as the one who acted.</summary>
    public int Acted { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? displayName, long? expectedVersion, CancellationToken ct)
    {
        if (await RunAsync(() => directory.RenameAsync(new RenameUser(UserRoute, displayName, expectedVersion), ProgrammeActions.Of(HttpContext), ct), RenameForm))
        {
            return Done("Gespeichert.", RenameForm);
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostLoeschenAsync(string? reason, CancellationToken ct)
    {
        if (await RunAsync(() => directory.EraseAsync(new EraseUser(UserRoute, reason), ProgrammeActions.Of(HttpContext), ct), EraseForm))
        {
            Notice = "Eintrag im Nutzerverzeichnis gelöscht.";
            return Redirect("/programm/benutzer");
        }

        await LoadAsync(ct);
        return Page();
    }

    public string? Value(string form, string field, string? current) =>
        Errors.Form == form && Request.HasFormContentType && Request.Form.TryGetValue(field, out var v) ? v.ToString() : current;

    private async Task LoadAsync(CancellationToken ct)
    {
        var user = await UserDirectory.FindAsync(session, UserRoute, ct) ?? throw UserDirectoryProblems.Unknown(UserRoute);
        Entry = UsersEndpoints.UserResource.From(user);
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        Acted = (await session.QueryAsync<int>($"select count(*)::int from {schema}.mt_events where user_name = ?", ct, user.UserId)).Single();
    }
}
