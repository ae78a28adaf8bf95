using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Pages;

/// <summary>
/// The demo sign-in (Selbstcheck:Auth:DemoSignIn; otherwise 404): one click issues a token for the
/// chosen demo user with the local key and starts the browser session through the same sign-in as the
/// token form. The form carries an antiforgery token (Razor Pages check it on every post).
/// </summary>
public sealed class DemoAnmeldungModel(SelbstcheckSettings settings, TokenIssuer issuer) : PageModel
{
    public string ReturnUrl { get; private set; } = "/";

    public IActionResult OnGet(string? returnUrl)
    {
        if (!settings.Auth.DemoSignIn) return NotFound();
        ReturnUrl = Access.SignIn.SafeReturnUrl(returnUrl) ?? "/";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? nutzer, string? returnUrl, CancellationToken ct)
    {
        if (!settings.Auth.DemoSignIn) return NotFound();
        if (DemoUsers.Find(nutzer) is not { } user) return BadRequest();
        var lifetime = TimeSpan.FromHours(Math.Min(settings.Auth.SessionHours, settings.Auth.MaxTokenHours));
        var token = await issuer.IssueAsync(user.Role, user.Subject, lifetime, $"demo-{user.Key}", user.PersonalData, ct);
        if (await Access.SignIn.SignInWithTokenAsync(HttpContext, token) is null) return BadRequest();
        return LocalRedirect(Access.SignIn.SafeReturnUrl(returnUrl) ?? "/");
    }
}
