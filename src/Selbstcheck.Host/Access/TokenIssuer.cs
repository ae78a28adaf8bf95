using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Access;

/// <summary>Issues bearer tokens signed with the local key (ops/token, tests). Not used with an external authority.</summary>
public sealed class TokenIssuer(SigningKeys keys, UserDirectory users, SelbstcheckSettings settings, TimeProvider clock)
{
    /// <summary>
    /// A token for the person USER (a label such as a login name or email; kept in the user directory,
    /// never in the token) acting as ROLE: SUBJECT is the Kommune id for kommune and teilnehmende, "KOMMUNE/UNIT-KEY" for einheit, the
    /// person id for prozessbegleitung, nothing for programmteam and audit. The user id (sub) is the
    /// person's opaque id: the same label gives the same id, two labels two ids. Lifetime at most
    /// Selbstcheck:Auth:MaxTokenHours.
    /// </summary>
    public async Task<string> IssueAsync(string role, string? subject, TimeSpan lifetime, string user, bool personalData = false, CancellationToken ct = default)
    {
        var claims = new Dictionary<string, object> { [SelbstcheckClaims.Role] = role };
        var cap = TimeSpan.FromHours(settings.Auth.MaxTokenHours);
        if (lifetime <= TimeSpan.Zero) throw new ArgumentException("the lifetime must be positive");
        if (lifetime > cap) throw new ArgumentException($"a token may live at most {settings.Auth.MaxTokenHours} hours (Selbstcheck:Auth:MaxTokenHours), not {lifetime.TotalHours:0.##}");
        if (string.IsNullOrWhiteSpace(user) || user.Length > 200) throw new ArgumentException("name the person the token is for (--user LABEL, at most 200 characters)");
        switch (role)
        {
            case Roles.Programmteam or Roles.Audit:
                if (subject is not null) throw new ArgumentException($"{role} takes no subject");
                break;
            case Roles.Kommune or Roles.Teilnehmende:
                if (!KommuneId.IsValid(subject)) throw new ArgumentException($"{role} needs a Kommune id as subject");
                claims[SelbstcheckClaims.Kommune] = subject!;
                break;
            // #14 unit staff: the subject "KOMMUNE/UNIT-KEY" (the unit's stable key, as GET …/units shows it).
            case Roles.Einheit:
                var parts = subject?.Split('/', 2);
                if (parts is not [var kommune, var unit] || !KommuneId.IsValid(kommune) || !UnitKeys.IsValid(unit))
                {
                    throw new ArgumentException("einheit needs KOMMUNE/UNIT-KEY as subject (the unit's key from GET /api/kommunen/{id}/units)");
                }

                claims[SelbstcheckClaims.Kommune] = kommune;
                claims[SelbstcheckClaims.Unit] = unit;
                break;
            case Roles.Prozessbegleitung:
                if (!Guid.TryParse(subject, out var person)) throw new ArgumentException("prozessbegleitung needs a person id as subject");
                claims[SelbstcheckClaims.Person] = person.ToString();
                break;
            default:
                throw new ArgumentException($"unknown role {role} (befragte get links, not tokens)");
        }

        var sub = await users.UserIdOfAsync(UserDirectory.LocalKey(user), user.Trim(), ct, role,
            claims.GetValueOrDefault(SelbstcheckClaims.Kommune) as string, Actor.CommandLine);

        if (personalData) claims[SelbstcheckClaims.PersonalData] = "true";
        var now = clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Auth.LocalIssuer,
            Audience = settings.Auth.Audience,
            Subject = new ClaimsIdentity([new Claim(SelbstcheckClaims.Subject, sub)]),
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(lifetime),
            SigningCredentials = new SigningCredentials(await keys.CurrentAsync(ct), SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
