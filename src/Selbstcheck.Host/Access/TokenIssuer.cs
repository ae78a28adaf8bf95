using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Access;

/// <summary>Issues bearer tokens signed with the local key (ops/token, tests). Not used with an external authority.</summary>
public sealed class TokenIssuer(LocalSigningKey key, SelbstcheckSettings settings, TimeProvider clock)
{
    /// <summary>
    /// A token for ROLE: SUBJECT is the Kommune id for kommune and teilnehmende, the person id for
    /// prozessbegleitung, nothing for programmteam and audit. The user id (sub) is opaque.
    /// </summary>
    public async Task<string> IssueAsync(string role, string? subject, TimeSpan lifetime, bool personalData = false, CancellationToken ct = default)
    {
        var claims = new Dictionary<string, object> { [SelbstcheckClaims.Role] = role };
        string sub;
        switch (role)
        {
            case Roles.Programmteam or Roles.Audit:
                if (subject is not null) throw new ArgumentException($"{role} takes no subject");
                sub = $"local-{role}";
                break;
            case Roles.Kommune or Roles.Teilnehmende:
                if (!KommuneId.IsValid(subject)) throw new ArgumentException($"{role} needs a Kommune id as subject");
                claims[SelbstcheckClaims.Kommune] = subject!;
                sub = $"local-{role}-{subject}";
                break;
            case Roles.Prozessbegleitung:
                if (!Guid.TryParse(subject, out var person)) throw new ArgumentException("prozessbegleitung needs a person id as subject");
                claims[SelbstcheckClaims.Person] = person.ToString();
                sub = person.ToString();
                break;
            default:
                throw new ArgumentException($"unknown role {role} (befragte get links, not tokens)");
        }

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
            SigningCredentials = new SigningCredentials(await key.GetAsync(ct), SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
