using System.Globalization;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using NpgsqlTypes;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Personal;
using Selbstcheck.Projections.Replay;
using Selbstcheck.Projections.Workshops;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Questionnaire;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>
/// Time travel: a Kommune's journey as it stood at a moment or after a version of its stream — replayed
/// in memory from its events through the projections' own evolve functions, shown in the live
/// endpoints' resources (so the two can be compared field by field).
/// </summary>
public static partial class StateEndpoints
{
    /// <summary>
    /// Version: the last event shown, RecordedAt its timestamp; AsOf: the moment overdue, ages and
    /// deadlines are judged at (the instant asked for with <c>at</c>, the version's timestamp with
    /// <c>version</c>, now without either); LatestVersion: the stream's version today.
    /// </summary>
    public sealed record StateResource(
        [PersonalData(false)] string KommuneId,
        long Version,
        DateTimeOffset RecordedAt,
        DateTimeOffset AsOf,
        long LatestVersion,
        KommuneResource Kommune,
        MaturityEndpoints.MaturityResource? Standortbestimmung,
        IReadOnlyList<RoundAsOf> Rounds,
        IReadOnlyList<WorkshopResource> Workshops,
        ActionPlanEndpoints.ActionPlanResource ActionPlan,
        IReadOnlyList<MilestonesEndpoints.MilestoneResource> Milestones);

    /// <summary>A round's progress (as <c>GET …/rounds/{n}</c>) and its latest evaluation then (as <c>GET …/maturity?round=n</c>), if it had one.</summary>
    public sealed record RoundAsOf(RoundProgressResource Progress, MaturityEndpoints.MaturityResource? Evaluation);

    /// <summary>
    /// ?at= an instant with offset ("2020-07-02T12:00:00+02:00", "…Z") or a date (the end of that day in
    /// Europe/Berlin): the last version recorded at or before it; ?version= a version of the stream;
    /// neither: the latest version. Same roles as the history.
    /// </summary>
    [WolverineGet("/api/kommunen/{id}/state", OperationId = "getKommuneState")]
    [Tags("Audit")]
    public static async Task<StateResource> Get(string id, IQuerySession session, ClaimsPrincipal user, TimeProvider clock, string? at, string? version, CancellationToken ct)
    {
        var asked = AsOfQuery.Parse(at, version);
        if (!KommuneId.IsValid(id) || await session.Events.FetchStreamStateAsync(id, ct) is not { } stream) throw KommuneId.NotFound(id);

        var target = asked switch
        {
            { Version: { } v } when v > stream.Version => throw new NotFound("version-unbekannt", "Diese Version gibt es nicht",
                $"Der Verlauf der Kommune \"{id}\" reicht bis Version {stream.Version}; Version {v} gibt es (noch) nicht."),
            { Version: { } v } => v,
            { At: { } instant } => await LastVersionAtAsync(session, id, instant, ct) ?? throw new NotFound("vor-beginn", "Zu diesem Zeitpunkt gab es die Kommune noch nicht",
                $"Das erste Ereignis der Kommune \"{id}\" liegt nach {instant:yyyy-MM-dd'T'HH:mm:ss.FFFFFFzzz}."),
            _ => stream.Version,
        };

        // The events once, up to that version; every read model replayed from them in memory.
        var events = await session.Events.FetchStreamAsync(id, target, token: ct);
        var journey = await JourneyReplay.ReplayAsync(session, events);
        if (journey.Overview is null) throw KommuneId.NotFound(id);
        var recordedAt = events[^1].Timestamp.ToUniversalTime();
        var now = asked.At ?? (asked.Version is not null ? recordedAt : clock.GetUtcNow());

        // Personal values resolved for the caller, as the live endpoints resolve them ("gelöscht" once erased).
        var workshops = journey.Workshops.OrderBy(w => w.StartsAt, StringComparer.Ordinal).ThenBy(w => w.Id).ToList();
        var speakers = await WorkshopsEndpoints.PersonalRefs(session, workshops, user, ct);
        var evaluated = journey.Maturity?.Rounds.Where(r => r.Evaluation is not null).ToList() ?? [];
        var current = Standortbestimmung.Current(evaluated);
        return new StateResource(
            id,
            events[^1].Version,
            recordedAt,
            now,
            stream.Version,
            (await KommuneResource.ForAsync(session, [journey.Overview], user, ct))[0],
            current is null ? null : MaturityEndpoints.Resource(current),
            journey.Rounds.OrderBy(p => p.Round)
                .Select(p => new RoundAsOf(RoundProgressResource.From(p, now),
                    evaluated.SingleOrDefault(r => r.Round == p.Round) is { } r ? MaturityEndpoints.Resource(r) : null))
                .ToList(),
            workshops.Select(w => WorkshopResource.From(w, speakers)).ToList(),
            await ActionPlanEndpoints.ActionPlanResource.ForAsync(session, id, journey.ActionItems, now, user, ct),
            journey.Milestones.OrderBy(m => m.DueDay, StringComparer.Ordinal).ThenBy(m => m.Id)
                .Select(m => MilestonesEndpoints.MilestoneResource.From(m, now)).ToList());
    }

    /// <summary>The last version recorded at or before the instant (timestamps as stored, to the microsecond); null before the first.</summary>
    private static async Task<long?> LastVersionAtAsync(IQuerySession session, string id, DateTimeOffset at, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"select max(version) from {StorageSetup.Schema}.mt_events where stream_id = @id and is_archived = false and timestamp <= @at",
            (NpgsqlConnection)session.Connection!);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = at.UtcDateTime });
        return await cmd.ExecuteScalarAsync(ct) is long version ? version : null;
    }

    /// <summary>What the caller asked for: an instant, a version, or neither (the latest). Any odd value is a 400, never a 500.</summary>
    public sealed partial record AsOfQuery(DateTimeOffset? At, long? Version)
    {
        public static AsOfQuery Parse(string? at, string? version)
        {
            var v = new Validation();
            if (at is not null && version is not null)
            {
                v.Add("at", "Entweder ein Zeitpunkt (at) oder eine Version (version), nicht beides.");
                v.ThrowIfInvalid();
            }

            long? number = null;
            if (version is not null)
            {
                if (long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) number = n;
                else v.Add("version", "Eine Versionsnummer des Verlaufs (1, 2, …).");
            }

            var instant = at is null ? null : Instant(v, at);
            v.ThrowIfInvalid();
            return new AsOfQuery(instant, number);
        }

        /// <summary>An instant with offset; a plain date is the end of that day in Europe/Berlin (its last microsecond).</summary>
        private static DateTimeOffset? Instant(Validation v, string text) =>
            AuditMoment.Parse(v, "at", text, "2020-06-30: das Ende dieses Tages in Europe/Berlin") is not { } moment ? null
            : moment.Day is null ? moment.Instant : moment.StartOfNextDay.AddTicks(-10);
    }
}
