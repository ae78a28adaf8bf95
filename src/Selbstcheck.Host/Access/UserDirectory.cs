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
public sealed record DirectoryUser(string Id, string UserId, string DisplayName, DateTimeOffset CreatedAt)
{
    /// <summary>#15 H4: the entry's item version (1 as created, +1 per change of the display name); older entries read 1.</summary>
    public long Version { get; init; } = 1;
}

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

    /// <summary>
    /// #15 H4: the programme team enters a person before their first sign-in (UserAdded, as BY, in the same
    /// transaction); the key they will sign in with must be free (409 otherwise).
    /// </summary>
    public async Task<DirectoryUser> AddAsync(AddUser command, ProgrammeAction by, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        await ProgrammeLog.QueueAsync(session, ct);
        var key = AddUserDecision.KeyOf(command);
        var taken = key is not null && await session.LoadAsync<DirectoryUser>(key, ct) is not null;
        var (id, name) = AddUserDecision.Decide(command, taken);
        var user = new DirectoryUser(id, $"u-{Guid.CreateVersion7():N}", name, clock.GetUtcNow());
        session.Insert(user);
        await ProgrammeLog.AppendAsync(session, by, ct, new UserAdded(user.UserId, null, null));
        await session.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>#15 H4: changes a user's display name (UserRenamed, the id only), with the entry's version seen.</summary>
    public async Task<DirectoryUser> RenameAsync(RenameUser command, ProgrammeAction by, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        await ProgrammeLog.QueueAsync(session, ct);
        var user = await FindAsync(session, command.UserId, ct);
        var (name, renamed) = RenameUserDecision.Decide(command, user?.DisplayName, user?.Version ?? 0);
        if (renamed is null) return user!;
        var changed = user! with { DisplayName = name, Version = renamed.Version };
        session.Store(changed);
        await ProgrammeLog.AppendAsync(session, by, ct, renamed);
        await session.SaveChangesAsync(ct);
        return changed;
    }

    /// <summary>
    /// #15 H4: erases a user's entry — the sign-in key and the display name are deleted (UserErased: the id and the
    /// reason). The opaque id stays in events and logs and names nobody any more; if the person signs in again, they
    /// get a new id. Other nodes forget the key on their next start (their cache maps keys to ids, never to names).
    /// </summary>
    public async Task<UserErased> EraseAsync(EraseUser command, ProgrammeAction by, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        await ProgrammeLog.QueueAsync(session, ct);
        var user = await FindAsync(session, command.UserId, ct);
        var erased = EraseUserDecision.Decide(command, user is not null);
        session.Delete<DirectoryUser>(user!.Id);
        await ProgrammeLog.AppendAsync(session, by, ct, erased);
        await session.SaveChangesAsync(ct);
        _known.TryRemove(user.Id, out _);
        return erased;
    }

    public static async Task<DirectoryUser?> FindAsync(IQuerySession session, string userId, CancellationToken ct) =>
        await session.Query<DirectoryUser>().Where(u => u.UserId == userId).FirstOrDefaultAsync(ct);

    private static string Truncate(string name)
    {
        var trimmed = name.Trim();
        return trimmed.Length <= 200 ? trimmed : trimmed[..200];
    }
}
