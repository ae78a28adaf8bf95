using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Programme;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>
/// #15 H4: the user directory of #8 (schema <c>personal</c>): who signs in, under which opaque user id, with which
/// display name. The programme team lists, adds, renames and erases entries; each change is an event on the
/// programme stream with the id only (never the name or the sign-in key).
/// </summary>
public static class UsersEndpoints
{
    /// <summary>An entry: the opaque id, how the person signs in (locally or at which identity provider), the display name.</summary>
    public sealed record UserResource(
        [PersonalData(false)] string UserId,
        [PersonalData(true)] string SignIn,
        [PersonalData(true)] string DisplayName,
        DateTimeOffset CreatedAt,
        long Version)
    {
        public static UserResource From(DirectoryUser u) => new(u.UserId, u.Id, u.DisplayName, u.CreatedAt, u.Version);
    }

    [WolverineGet("/api/users", OperationId = "listUsers")]
    [Tags("Nutzerverzeichnis")]
    public static async Task<Paged<UserResource>> List(IQuerySession session, string? page, string? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        var rows = await session.Query<DirectoryUser>().Stats(out var stats).OrderBy(u => u.DisplayName).ThenBy(u => u.UserId)
            .Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return new Paged<UserResource>(rows.Select(UserResource.From).ToList(), paging.Page, paging.PageSize, stats.TotalResults);
    }

    /// <summary>
    /// Enters a person before their first sign-in: <c>subject</c> is the label of a locally issued token (ops/token --user)
    /// or, with <c>issuer</c>, the subject at that identity provider. 409 when the key is taken.
    /// </summary>
    [WolverinePost("/api/users", OperationId = "addUser")]
    [Tags("Nutzerverzeichnis")]
    [ProducesResponseType<UserResource>(201)]
    public static async Task<IResult> Add(AddUser body, HttpContext http, UserDirectory directory, CancellationToken ct)
    {
        var user = await directory.AddAsync(body, ProgrammeActions.Of(http), ct);
        return Results.Created($"/api/users/{user.UserId}", UserResource.From(user));
    }

    public sealed record RenameRequest(string? DisplayName, long? ExpectedVersion);

    [WolverinePut("/api/users/{userId}", OperationId = "renameUser")]
    [Tags("Nutzerverzeichnis")]
    public static async Task<UserResource> Rename(string userId, RenameRequest body, HttpContext http, UserDirectory directory, CancellationToken ct) =>
        UserResource.From(await directory.RenameAsync(new RenameUser(userId, body.DisplayName, body.ExpectedVersion), ProgrammeActions.Of(http), ct));

    public sealed record UserErasureReply([PersonalData(false)] string UserId);

    /// <summary>Erases an entry (with a reason): its sign-in key and display name are deleted; the id stays in history and names nobody.</summary>
    [WolverineDelete("/api/users/{userId}", OperationId = "eraseUser")]
    [Tags("Nutzerverzeichnis")]
    public static async Task<UserErasureReply> Erase(string userId, PeopleEndpoints.ErasureRequest body, HttpContext http, UserDirectory directory, CancellationToken ct) =>
        new((await directory.EraseAsync(new EraseUser(userId, body.Reason), ProgrammeActions.Of(http), ct)).UserId);
}
