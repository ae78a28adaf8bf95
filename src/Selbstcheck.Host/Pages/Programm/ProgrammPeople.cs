using System.Globalization;
using Marten;
using Npgsql;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Personal;
using Selbstcheck.Workflow.People;

namespace Selbstcheck.Host.Pages.Programm;

/// <summary>
/// #15 H3: the people the programme team's Kommune pages name — facilitators to choose from (not erased), a facilitator's
/// name, and who a user id is (the user directory's display name, where the caller may see personal data).
/// </summary>
public static class ProgrammPeople
{
    public const int MaxChoices = 500;

    private static readonly StringComparer German = StringComparer.Create(CultureInfo.GetCultureInfo("de-DE"), ignoreCase: true);

    /// <summary>The people one may assign as facilitator: not erased, by name (at most <see cref="MaxChoices"/>).</summary>
    public static async Task<IReadOnlyList<PersonRecord>> ChoicesAsync(IQuerySession session, CancellationToken ct) =>
        (await session.Query<PersonRecord>().Where(p => p.ErasedAt == null).OrderBy(p => p.Name).Take(MaxChoices).ToListAsync(ct))
        .OrderBy(p => p.Name, German).ToList();

    /// <summary>Names of the people given (erased ones read "gelöscht"; unknown ids are left out).</summary>
    public static async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IQuerySession session, IEnumerable<Guid?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<Guid>().Distinct().ToArray();
        if (wanted.Length == 0) return new Dictionary<Guid, string>();
        return (await session.Query<PersonRecord>().Where(p => p.Id.IsOneOf(wanted)).ToListAsync(ct)).ToDictionary(p => p.Id, p => p.Name);
    }

    /// <summary>
    /// Who the opaque user ids are: the display name from the user directory (where the caller may see personal data)
    /// and the role they last acted in within the Kommune's stream — or the role alone, or "unbekannt".
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> UsersAsync(
        IQuerySession session, System.Security.Claims.ClaimsPrincipal user, string kommuneId, IEnumerable<string?> users, CancellationToken ct)
    {
        var ids = users.OfType<string>().Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0) return new Dictionary<string, string>();
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            $"select distinct on (user_name) user_name, headers->>'{Workflow.Common.EventHeaders.ActorRole}' from {StorageSetup.Schema}.mt_events " +
            "where stream_id = @id and user_name = any(@users) order by user_name, seq_id desc", (NpgsqlConnection)session.Connection!))
        {
            command.Parameters.AddWithValue("id", kommuneId);
            command.Parameters.AddWithValue("users", ids);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (!reader.IsDBNull(1)) roles[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var names = PersonalData.Visible(user)
            ? (await session.Query<DirectoryUser>().Where(u => u.UserId.IsOneOf(ids)).ToListAsync(ct)).ToDictionary(u => u.UserId, u => u.DisplayName)
            : new Dictionary<string, string>();
        return ids.ToDictionary(id => id, id =>
        {
            var role = roles.TryGetValue(id, out var r) ? Kommunen.ActionPlanPage.RoleLabel(r) : null;
            return names.TryGetValue(id, out var name) ? (role is null ? name : $"{name} ({role})") : role ?? "unbekannt";
        });
    }
}
