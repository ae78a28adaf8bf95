using System.Security.Claims;
using Selbstcheck.Workflow.Common;
using Wolverine;

namespace Selbstcheck.Host.Access;

/// <summary>Claim names inside the service (the identity provider's are mapped onto these).</summary>
public static class SelbstcheckClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Kommune = "kommune";
    public const string Person = "person";
    public const string PersonalData = "personal_data";
    public const string Link = "link";

    /// <summary>#14 unit staff: the stable key of the caller's unit (role einheit).</summary>
    public const string Unit = "unit";
}

/// <summary>Who calls, as the access rules see it: the one reading of a request's claims (a token, a sign-in cookie or a link).</summary>
public sealed record Caller(string UserId, string Role, string? KommuneId, Guid? PersonId, bool PersonalData, Guid? LinkId, string? LinkSubject)
{
    /// <summary>#14 unit staff: their unit's stable key (role einheit only).</summary>
    public string? UnitKey { get; init; }

    public bool Is(string role) => Role == role;

    /// <summary>The caller as the actor of the commands it sends.</summary>
    public Actor Actor => new(UserId, Role) { Unit = Is(Roles.Einheit) ? UnitKey : null };

    /// <summary>The actor of a request: the signed-in caller, or anonymous.</summary>
    public static Actor ActorOf(ClaimsPrincipal? user) => From(user)?.Actor ?? Actor.Anonymous;

    public static Caller? From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return null;
        var sub = user.FindFirstValue(SelbstcheckClaims.Subject);
        var role = user.FindFirstValue(SelbstcheckClaims.Role);
        if (string.IsNullOrEmpty(sub) || string.IsNullOrEmpty(role)) return null;
        return new Caller(
            sub,
            role,
            user.FindFirstValue(SelbstcheckClaims.Kommune),
            Guid.TryParse(user.FindFirstValue(SelbstcheckClaims.Person), out var person) ? person : null,
            string.Equals(user.FindFirstValue(SelbstcheckClaims.PersonalData), "true", StringComparison.OrdinalIgnoreCase),
            Guid.TryParse(user.FindFirstValue(SelbstcheckClaims.Link), out var link) ? link : null,
            user.FindFirstValue("link_subject"))
        {
            UnitKey = user.FindFirstValue(SelbstcheckClaims.Unit),
        };
    }
}

public static class CallerCommands
{
    /// <summary>
    /// Sends a command through the bus as the signed-in caller: the actor rides on the envelope
    /// (<see cref="CommandHeaders"/>); the command pipeline does the rest — the same path as the
    /// demo import and the reminder job.
    /// </summary>
    public static Task<T> InvokeAs<T>(this IMessageBus bus, ClaimsPrincipal user, object command, CancellationToken ct) =>
        bus.InvokeAsync<T>(command, CommandHeaders.For(Caller.ActorOf(user)), ct);
}
