using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Personal;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Projections.KommuneOverview;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;
using Selbstcheck.Workflow.People;
using Selbstcheck.Workflow.Reminders;
using Wolverine;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>A Kommune as the API shows it.</summary>
public sealed record KommuneResource(
    [PersonalData(false)] string Id,
    [PersonalData(false)] string Name,
    [PersonalData(false)] string Kind,
    [PersonalData(false)] string Bundesland,
    [PersonalData(false)] string? Cohort,
    DateOnly? StartDate,
    [PersonalData(false)] string? Ags,
    Guid? FacilitatorId,
    [PersonalData(false)] string? LeadOffice,
    Phase Phase,
    long Version,
    DateTimeOffset RegisteredAt,
    DateTimeOffset LastActivityAt,
    IReadOnlyList<UnitResource> Units,
    ReminderPolicy ReminderPolicy,
    bool Synthetic = false)
{
    public static KommuneResource From(KommuneOverview k, PersonalValues personal) => new(
        k.Id, k.Name, k.Kind, k.Bundesland, k.Cohort, k.StartDate, k.Ags, k.FacilitatorId, k.LeadOffice,
        k.Phase, k.DataVersion, k.RegisteredAt, k.LastActivityAt,
        UnitResource.All(k.Units, personal), k.ReminderPolicy, k.Synthetic);

    /// <summary>The Kommunen given, their unit addresses resolved from the vault for the caller.</summary>
    public static async Task<List<KommuneResource>> ForAsync(IQuerySession session, IReadOnlyList<KommuneOverview> kommunen, ClaimsPrincipal user, CancellationToken ct)
    {
        var personal = await PersonalData.LoadAsync(session, kommunen.SelectMany(k => k.Units.Select(u => u.Email)), PersonalData.AddressesVisible(user), ct);
        return kommunen.Select(k => From(k, personal)).ToList();
    }
}

/// <summary>
/// A unit; EmailConfirmed false: the address (set by the Kommune or its facilitator) awaits its
/// holder's confirmation and gets no mail yet. The address is resolved from the personal-data vault:
/// "gelöscht" once erased, "[personenbezogen]" for audit without the personal-data claim.
/// #14 unit staff: Key is the unit's stable key (<see cref="UnitKeys"/>), the claim of the role einheit.
/// </summary>
public sealed record UnitResource([PersonalData(false)] string Name, [PersonalData(true)] string? Email, long Version, bool EmailConfirmed = true,
    [PersonalData(false)] string? Key = null)
{
    public static UnitResource From(UnitView u, PersonalValues personal, string key) => new(u.Name, personal.Show(u.Email), u.Version, u.EmailConfirmed, key);

    /// <summary>
    /// The Kommune's units in the order they were added, with their keys — derived in that order exactly as the write
    /// model derives them (<see cref="Workflow.Journey.KommuneState.Apply(Workflow.Journey.UnitAdded)"/>).
    /// </summary>
    public static List<UnitResource> All(IReadOnlyList<UnitView> units, PersonalValues personal) =>
        units.Zip(Keys(units), (u, key) => From(u, personal, key)).ToList();

    public static IReadOnlyList<string> Keys(IReadOnlyList<UnitView> units)
    {
        var taken = new List<string>();
        foreach (var u in units) taken.Add(UnitKeys.Next(u.Name, taken));
        return taken;
    }
}

/// <summary>Kommunen: registering them, their facilitator, lead office and units; reading them.</summary>
public static class KommunenEndpoints
{
    [WolverinePost("/api/kommunen", OperationId = "registerKommune")]
    [Tags("Kommunen")]
    [ProducesResponseType<KommuneResource>(201)]
    public static async Task<IResult> Register(RegisterKommune body, ClaimsPrincipal user, IMessageBus bus, IDocumentStore store, CancellationToken ct)
    {
        var reply = await bus.InvokeAs<KommuneRegisteredReply>(user, body, ct);
        // A plain read after the command (an IQuerySession parameter would wrap the endpoint in a transaction of its own).
        await using var session = store.QuerySession();
        return Results.Created($"/api/kommunen/{reply.Id}", (await KommuneResource.ForAsync(session, [await KommuneLookup.Require(session, reply.Id, ct)], user, ct))[0]);
    }

    [WolverineGet("/api/kommunen", OperationId = "listKommunen")]
    [Tags("Kommunen")]
    public static async Task<Paged<KommuneResource>> List(
        ClaimsPrincipal user,
        IQuerySession session,
        string? page,
        string? pageSize,
        string? cohort,
        string? facilitator,
        string? bundesland,
        string? phase,
        CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        var v = new Validation();
        Guid facilitatorId = default;
        if (facilitator is not null && !Guid.TryParse(facilitator, out facilitatorId)) v.Add("facilitator", "Keine gültige Personen-Kennung.");
        Phase phaseValue = default;
        if (phase is not null && (!Enum.TryParse(phase, ignoreCase: true, out phaseValue) || int.TryParse(phase, out _)))
        {
            v.Add("phase", $"Erlaubt: {string.Join(", ", Enum.GetNames<Phase>())}.");
        }

        string? land = null;
        if (bundesland is not null && (land = Bundeslaender.Normalize(bundesland)) is null) v.Add("bundesland", "Kein Bundesland.");
        v.ThrowIfInvalid();

        IQueryable<KommuneOverview> query = session.Query<KommuneOverview>();
        // Data level: the list holds only the Kommunen the caller reaches.
        var caller = Caller.From(user)!;
        if (caller.Is(Roles.Kommune) || caller.Is(Roles.Teilnehmende) || caller.Is(Roles.Einheit)) query = query.Where(k => k.Id == caller.KommuneId);
        if (caller.Is(Roles.Prozessbegleitung)) query = query.Where(k => k.FacilitatorId == caller.PersonId);
        if (cohort is not null) query = cohort is "" or "keine" ? query.Where(k => k.Cohort == null) : query.Where(k => k.Cohort == cohort);
        if (facilitator is not null) query = query.Where(k => k.FacilitatorId == facilitatorId);
        if (land is not null) query = query.Where(k => k.Bundesland == land);
        if (phase is not null) query = query.Where(k => k.Phase == phaseValue);

        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(k => k.Name).ThenBy(k => k.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return new Paged<KommuneResource>(await KommuneResource.ForAsync(session, items, user, ct), paging.Page, paging.PageSize, total);
    }

    [WolverineGet("/api/kommunen/{id}", OperationId = "getKommune")]
    [Tags("Kommunen")]
    public static async Task<KommuneResource> Get(string id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
        (await KommuneResource.ForAsync(session, [await KommuneLookup.Require(session, id, ct)], user, ct))[0];

    /// <summary><c>kommuneId</c> is optional; when given it must name the Kommune of the path.</summary>
    public sealed record FacilitatorRequest(Guid? PersonId, long? ExpectedVersion, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/facilitator", OperationId = "assignFacilitator")]
    [Tags("Kommunen")]
    public static Task<KommuneChanged> AssignFacilitator(string id, FacilitatorRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<KommuneChanged>(user, new AssignFacilitator(id, body.PersonId, body.ExpectedVersion), ct);

    /// <summary>#15 H3: the whole master data as it shall be (cohort or AGS null or empty: none); <c>kommuneId</c> as above.</summary>
    public sealed record MasterDataRequest(
        string? Name, string? Kind, string? Bundesland, string? Cohort, DateOnly? StartDate, string? Ags, long? ExpectedVersion, string? KommuneId = null);

    /// <summary>#15 H3: change the Kommune's master data (programme team); the id stays.</summary>
    [WolverinePut("/api/kommunen/{id}/master-data", OperationId = "changeKommuneMasterData")]
    [Tags("Kommunen")]
    public static Task<KommuneChanged> ChangeMasterData(string id, MasterDataRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<KommuneChanged>(user, new ChangeMasterData(id, body.Name, body.Kind, body.Bundesland, body.Cohort, body.StartDate, body.Ags, body.ExpectedVersion), ct);

    public sealed record LeadOfficeRequest(string? Unit, long? ExpectedVersion, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/lead-office", OperationId = "nameLeadOffice")]
    [Tags("Kommunen")]
    public static Task<KommuneChanged> NameLeadOffice(string id, LeadOfficeRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<KommuneChanged>(user, new NameLeadOffice(id, body.Unit, body.ExpectedVersion), ct);

    public sealed record UnitRequest(string? Name, string? Email, long? ExpectedVersion, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/units", OperationId = "upsertUnit")]
    [Tags("Kommunen")]
    [ProducesResponseType<UnitResource>(200)]
    [ProducesResponseType<UnitResource>(201)]
    public static async Task<IResult> UpsertUnit(string id, UnitRequest body, ClaimsPrincipal user, IMessageBus bus, IDocumentStore store, CancellationToken ct)
    {
        var reply = await bus.InvokeAs<UnitReply>(user, new UpsertUnit(id, body.Name, body.Email, body.ExpectedVersion), ct);
        await using var session = store.QuerySession();
        var personal = await PersonalData.LoadAsync(session, [reply.Email], user, ct);
        var key = (await session.LoadAsync<Workflow.Journey.KommuneState>(id, ct))?.FindUnit(reply.Name)?.Key;
        var resource = new UnitResource(reply.Name, personal.Show(reply.Email), reply.Version, reply.EmailConfirmed, key);
        return reply.Created ? Results.Created($"/api/kommunen/{id}/units", resource) : Results.Ok(resource);
    }

    [WolverineGet("/api/kommunen/{id}/units", OperationId = "listUnits")]
    [Tags("Kommunen")]
    public static async Task<Paged<UnitResource>> Units(string id, IQuerySession session, ClaimsPrincipal user, string? page, string? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        var k = await KommuneLookup.Require(session, id, ct);
        var keys = UnitResource.Keys(k.Units);
        var units = k.Units.Select((u, i) => (Unit: u, Key: keys[i])).Skip(paging.Skip).Take(paging.PageSize).ToList();
        var personal = await PersonalData.LoadAsync(session, units.Select(u => u.Unit.Email), user, ct);
        var items = units.Select(u => UnitResource.From(u.Unit, personal, u.Key)).ToList();
        return new Paged<UnitResource>(items, paging.Page, paging.PageSize, k.Units.Count);
    }

    public sealed record CohortResource([PersonalData(false)] string Label, int Kommunen);

    [WolverineGet("/api/cohorts", OperationId = "listCohorts")]
    [Tags("Kommunen")]
    public static async Task<Paged<CohortResource>> Cohorts(IQuerySession session, string? page, string? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        // Cohorts exist by use: the first Kommune registered with a label creates it. Grouped and paged in the
        // database, on the overview's duplicated cohort column.
        await using var cmd = new Npgsql.NpgsqlCommand(
            $"select cohort, count(*)::int, count(*) over ()::bigint from {StorageSetup.Schema}.mt_doc_kommuneoverview " +
            "where cohort is not null group by cohort order by cohort collate \"C\" offset @skip limit @take",
            (Npgsql.NpgsqlConnection)session.Connection!);
        cmd.Parameters.AddWithValue("skip", paging.Skip);
        cmd.Parameters.AddWithValue("take", paging.PageSize);
        var items = new List<CohortResource>();
        long total = 0;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                items.Add(new CohortResource(reader.GetString(0), reader.GetInt32(1)));
                total = reader.GetInt64(2);
            }
        }

        // A page past the end has no row to carry the total.
        if (items.Count == 0 && paging.Page > 1)
        {
            await using var count = new Npgsql.NpgsqlCommand(
                $"select count(distinct cohort) from {StorageSetup.Schema}.mt_doc_kommuneoverview", (Npgsql.NpgsqlConnection)session.Connection!);
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        return new Paged<CohortResource>(items, paging.Page, paging.PageSize, total);
    }

    public sealed record RedactionRequest(Guid? Ref, string? Value, string? Reason, string? KommuneId = null);

    /// <summary>
    /// Redacts named free text of the Kommune's events (programme team, with a reason): the vault
    /// entry <c>ref</c> (as the history shows it), or every one whose text contains <c>value</c>. The
    /// events stay as stored; they read "gelöscht" from now on.
    /// </summary>
    [WolverinePost("/api/kommunen/{id}/redactions", OperationId = "redactPersonalData")]
    [Tags("Audit")]
    public static Task<RedactionReply> Redact(string id, RedactionRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<RedactionReply>(user, new RedactPersonalData(id, body.Ref, body.Value, body.Reason), ct);
}
