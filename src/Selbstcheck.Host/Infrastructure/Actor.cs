using System.Security.Claims;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// Who acts: an opaque user id (never a name or email) and a role. Stored with every event:
/// the id in Marten's user-name column, the role in the event headers.
/// </summary>
public sealed record Actor(string Id, string Role)
{
    public const string IdHeader = "selbstcheck-actor";
    public const string RoleHeader = "selbstcheck-role";

    /// <summary>Until access control (#3) signs users in, unauthenticated callers are recorded as such.</summary>
    public static readonly Actor Anonymous = new("anonymous", "anonym");

    public static readonly Actor DemoImport = new("demo-import", "system");

    public static Actor From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return Anonymous;
        var id = user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
        var role = user.FindFirstValue("role") ?? user.FindFirstValue(ClaimTypes.Role) ?? "unknown";
        return new Actor(id, role);
    }
}
