using System.Collections.Concurrent;
using JasperFx;
using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Programme;

namespace Selbstcheck.Host.Access;

/// <summary>
/// A person who signs in, in the user directory (schema <c>personal</c>, erasable): the key the
/// person is known by at sign-in (<c>local:LABEL</c> for ops/token, <c>oidc:ISSUER|SUB</c> for the
/// identity provider), the stable opaque user id that tokens, events and logs carry, and a display name.
/// </summary>
public sealed record DirectoryUser(string Id, string UserId, string DisplayName, DateTimeOffset CreatedAt);

/// <summary>
/// Maps a person to a stable opaque user id: the same key always gives the same id, two keys never
/// the same. Events and logs hold the id only; the name stays here.
/// </summary>
public sealed class UserDirectory(IDocumentStore store, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, string> _known = new(StringComparer.Ordinal);

    public static string LocalKey(string label) => $"local:{label.Trim().ToLowerInvariant()}";

    public static string ExternalKey(string issuer, string subject) => $"oidc:{issuer.TrimEnd('/')}|{subject}";

    /// <summary>
    /// The opaque user id of KEY, created with DISPLAYNAME on first sight — and then recorded in the
    /// programme stream (UserAdded: the id, the ROLE and KOMMUNE it is first seen with, never the name),
    /// in the transaction that creates the entry, as BY (default: the new user, signing in).
    /// </summary>
    public async Task<string> UserIdOfAsync(
        string key, string displayName, CancellationToken ct = default, string? role = null, string? kommune = null, Actor? by = null)
    {
        if (_known.TryGetValue(key, out var known)) return known;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using (var query = store.QuerySession())
            {
                var existing = await query.LoadAsync<DirectoryUser>(key, ct);
                if (existing is not null) return _known[key] = existing.UserId;
            }

            var user = new DirectoryUser(key, $"u-{Guid.CreateVersion7():N}", Truncate(displayName), clock.GetUtcNow());
            await using var session = store.LightweightSession();
            session.Insert(user);
            await ProgrammeLog.AppendAsync(session, ProgrammeAction.Own(by ?? new Actor(user.UserId, role ?? Actor.Anonymous.Role), "user-directory"), ct,
                new UserAdded(user.UserId, role, kommune));
            try
            {
                await session.SaveChangesAsync(ct);
                return _known[key] = user.UserId;
            }
            catch (DocumentAlreadyExistsException)
            {
                // signed in twice at once: read the other's entry
            }
        }

        throw new InvalidOperationException("could not load or create the user directory entry");
    }

    private static string Truncate(string name)
    {
        var trimmed = name.Trim();
        return trimmed.Length <= 200 ? trimmed : trimmed[..200];
    }
}
