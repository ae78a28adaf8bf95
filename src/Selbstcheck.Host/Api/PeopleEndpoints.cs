using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.People;
using Selbstcheck.Workflow.Programme;
using Wolverine;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>
/// People (facilitators, contact persons) live in the personal-data store; events reference them
/// by id only. Creating a person is master data, not part of any Kommune's journey: its event
/// (PersonRegistered, the id only) goes to the programme stream.
/// </summary>
public static class PeopleEndpoints
{
    /// <summary>A person; once erased a tombstone: name "gelöscht", no address, no organisation, and when it was erased.</summary>
    public sealed record PersonResource(Guid Id, [PersonalData(true)] string Name, [PersonalData(true)] string? Email, [PersonalData(false)] string? Organisation, DateTimeOffset CreatedAt, DateTimeOffset? ErasedAt = null, long Version = 1)
    {
        public static PersonResource From(PersonRecord p) => new(p.Id, p.Name, p.Email, p.Organisation, p.CreatedAt, p.ErasedAt, p.Version);
    }

    /// <summary>#15 H4: every person record by name (erased ones as tombstones, named "gelöscht"), paged.</summary>
    [WolverineGet("/api/people", OperationId = "listPeople")]
    [Tags("Personen")]
    public static async Task<Paged<PersonResource>> List(IQuerySession session, string? page, string? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        var rows = await session.Query<PersonRecord>().Stats(out var stats)
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return new Paged<PersonResource>(rows.Select(PersonResource.From).ToList(), paging.Page, paging.PageSize, stats.TotalResults);
    }

    [WolverinePost("/api/people", OperationId = "registerPerson")]
    [Tags("Personen")]
    [ProducesResponseType<PersonResource>(201)]
    public static async Task<IResult> Register(RegisterPerson body, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var person = await RegisterAsync(body, ProgrammeActions.Of(http), session, clock, ct);
        return Results.Created($"/api/people/{person.Id}", PersonResource.From(person));
    }

    /// <summary>What registering a person does (the endpoint, and the page /programm/personen).</summary>
    public static async Task<PersonRecord> RegisterAsync(RegisterPerson body, ProgrammeAction action, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var person = RegisterPersonDecision.Decide(body, Guid.CreateVersion7(), clock.GetUtcNow());
        session.Insert(person);
        // The record stays in the personal-data store; the programme stream records only its id.
        await ProgrammeLog.AppendAsync(session, action, ct, new PersonRegistered(person.Id));
        await session.SaveChangesAsync(ct);
        return person;
    }

    public sealed record PersonRequest(string? Name, string? Email, string? Organisation, long? ExpectedVersion);

    /// <summary>
    /// #15 H4: changes a person record (the whole record as it should read; an empty address or organisation
    /// removes it). PersonChanged (the id and the new version) goes to the programme stream; an erased person is 404.
    /// </summary>
    [WolverinePut("/api/people/{id}", OperationId = "changePerson")]
    [Tags("Personen")]
    public static async Task<PersonResource> Change(string id, PersonRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        PersonResource.From(await bus.InvokeAs<PersonRecord>(user, new ChangePerson(Api.Route.Item(id), body.Name, body.Email, body.Organisation, body.ExpectedVersion), ct));

    [WolverineGet("/api/people/{id}", OperationId = "getPerson")]
    [Tags("Personen")]
    public static async Task<PersonResource> Get(string id, IQuerySession session, CancellationToken ct)
    {
        var person = Guid.TryParse(id, out var guid) ? await session.LoadAsync<PersonRecord>(guid, ct) : null;
        return person is null
            ? throw new NotFound("person-unbekannt", "Person nicht gefunden", $"Es gibt keine Person mit der Kennung \"{id}\".")
            : PersonResource.From(person);
    }

    public sealed record ErasureRequest(string? Reason);

    /// <summary>
    /// Erases a person's personal data (programme team, with a reason): the record keeps a tombstone
    /// (the id reads "gelöscht"), every vault entry about the person (tagged with them, or free text
    /// that names them or their address) is deleted, and PersonErased is appended to the programme
    /// stream (PersonalDataRedacted to each Kommune whose text named them). No stored event changes.
    /// </summary>
    [WolverineDelete("/api/people/{id}", OperationId = "erasePerson")]
    [Tags("Personen")]
    public static Task<ErasureReply> Erase(string id, ErasureRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<ErasureReply>(user, new ErasePerson(Api.Route.Item(id), body.Reason), ct);
}
