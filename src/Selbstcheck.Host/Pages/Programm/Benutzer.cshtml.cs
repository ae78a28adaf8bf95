using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Programme;

namespace Selbstcheck.Host.Pages.Programm;

/// <summary>
/// #15 H4: the user directory of #8: the list (UsersEndpoints.List) and the form that enters a person before their
/// first sign-in (UserDirectory.AddAsync, what POST /api/users does).
/// </summary>
public sealed class BenutzerModel(IQuerySession session, UserDirectory directory) : SelbstcheckPage, IProgrammPage
{
    public const string Form = "aufnehmen";

    public Paged<UsersEndpoints.UserResource> Users { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? subject, string? issuer, string? displayName, CancellationToken ct)
    {
        if (await RunAsync(() => directory.AddAsync(new AddUser(subject, issuer, displayName), ProgrammeActions.Of(HttpContext), ct), Form))
        {
            return Done("In das Nutzerverzeichnis aufgenommen.", Form);
        }

        await LoadAsync(ct);
        return Page();
    }

    public string? Sent(string field) => Errors.Form == Form && Request.HasFormContentType && Request.Form.TryGetValue(field, out var v) ? v.ToString() : null;

    /// <summary>"lokal (ops/token): anna" or "https://sso.example.de: 1234".</summary>
    public static string SignIn(string key) =>
        key.StartsWith("local:", StringComparison.Ordinal) ? $"lokales Token: {key["local:".Length..]}"
        : key.StartsWith("oidc:", StringComparison.Ordinal) && key.IndexOf('|') is var bar and > 0 ? $"{key[5..bar]}: {key[(bar + 1)..]}"
        : key;

    private async Task LoadAsync(CancellationToken ct) => Users = await UsersEndpoints.List(session, null, PageRequest.MaxSize.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
}
