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

    /// <summary>Only for handlers invoked without a signed-in caller (none of the HTTP endpoints may do that).</summary>
    public static readonly Actor Anonymous = new("anonymous", "anonym");

    public static readonly Actor DemoImport = new("demo-import", "system");

    /// <summary>The live demo Kommune's setup (#6): live commands, not an import.</summary>
    public static readonly Actor DemoLive = new("demo-live", "system");

    /// <summary>The reminder job (#6): Hangfire sends its commands as this actor.</summary>
    public static readonly Actor Reminders = new("erinnerungen", "system");

    public static Actor From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return Anonymous;
        var id = user.FindFirstValue("sub") ?? "unknown";
        var role = user.FindFirstValue("role") ?? "unknown";
        return new Actor(id, role);
    }
}
