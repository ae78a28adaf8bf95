using Marten;
using Wolverine;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// Wolverine handler middleware: stamps the acting user id into Marten's user-name column and
/// the role into the event headers of everything the handler appends.
/// </summary>
public static class SessionMetadataMiddleware
{
    public static void Before(Envelope envelope, IDocumentSession session)
    {
        var actor = envelope.Headers.TryGetValue(Actor.IdHeader, out var id) && id is not null ? id : Actor.Anonymous.Id;
        var role = envelope.Headers.TryGetValue(Actor.RoleHeader, out var r) && r is not null ? r : Actor.Anonymous.Role;
        session.LastModifiedBy = actor;
        session.SetHeader("actorRole", role);
        if (envelope.CorrelationId is { } correlation) session.CorrelationId = correlation;
    }
}
