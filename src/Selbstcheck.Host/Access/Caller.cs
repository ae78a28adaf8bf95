using System.Security.Claims;

namespace Selbstcheck.Host.Access;

/// <summary>The roles of issue #3.</summary>
public static class Roles
{
    public const string Programmteam = "programmteam";
    public const string Prozessbegleitung = "prozessbegleitung";
    public const string Kommune = "kommune";
    public const string Befragte = "befragte";
    public const string Audit = "audit";
    public const string Teilnehmende = "teilnehmende";

    public static readonly IReadOnlyList<string> All = [Programmteam, Prozessbegleitung, Kommune, Befragte, Audit, Teilnehmende];

    /// <summary>Roles that sign in with a bearer token (befragte use links).</summary>
    public static readonly IReadOnlyList<string> Bearer = [Programmteam, Prozessbegleitung, Kommune, Audit, Teilnehmende];
}

/// <summary>Claim names inside the service (the identity provider's are mapped onto these).</summary>
public static class SelbstcheckClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Kommune = "kommune";
    public const string Person = "person";
    public const string PersonalData = "personal_data";
    public const string Link = "link";
}

/// <summary>Who calls, as the access rules see it.</summary>
public sealed record Caller(string UserId, string Role, string? KommuneId, Guid? PersonId, bool PersonalData, Guid? LinkId, string? LinkSubject)
{
    public bool Is(string role) => Role == role;

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
            user.FindFirstValue("link_subject"));
    }
}
