using System.Globalization;
using JasperFx.Events;
using Wolverine;

namespace Selbstcheck.Workflow.Common;

/// <summary>
/// The headers a sender puts on a command's envelope — the HTTP endpoints, the demo import, the
/// reminder job alike. Only <see cref="CommandPipeline"/> reads them.
/// </summary>
public static class CommandHeaders
{
    public const string ActorId = "selbstcheck-actor";
    public const string ActorRole = "selbstcheck-role";

    /// <summary>Send a command as <paramref name="actor"/>.</summary>
    public static DeliveryOptions For(Actor actor) => new()
    {
        Headers = { [ActorId] = actor.Id, [ActorRole] = actor.Role },
    };

    /// <summary>Replay a record of the past: decided and stored as of <paramref name="at"/>, marked as imported.</summary>
    public static DeliveryOptions Imported(Actor actor, DateTimeOffset at)
    {
        var options = For(actor);
        options.Headers[ImportedHistory.Header] = at.ToString("O", CultureInfo.InvariantCulture);
        return options;
    }

    /// <summary>The decision context of a command: its actor, and its instant (the original one when imported).</summary>
    public static CommandContext Read(IReadOnlyDictionary<string, string?> headers, DateTimeOffset now)
    {
        var actor = headers.GetValueOrDefault(ActorId) is { Length: > 0 } id && headers.GetValueOrDefault(ActorRole) is { Length: > 0 } role
            ? new Actor(id, role)
            : Actor.Anonymous;
        return headers.GetValueOrDefault(ImportedHistory.Header) is { } at &&
               DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var original)
            ? new CommandContext(actor, original, Imported: true)
            : new CommandContext(actor, now);
    }
}

/// <summary>The headers every stored event carries besides Marten's own columns (user id, correlation, causation).</summary>
public static class EventHeaders
{
    /// <summary>The acting role.</summary>
    public const string ActorRole = "actorRole";
}

/// <summary>
/// Imported history (the demo's records of 2020): one header, <c>imported</c>, with one meaning — on a
/// command's envelope (carrying the original instant) and on every event it appends (true). An
/// imported decision plans no reminders.
/// </summary>
public static class ImportedHistory
{
    public const string Header = "imported";

    public static bool IsImported(IEvent e) =>
        e.Headers?.TryGetValue(Header, out var value) == true &&
        (value is true || value is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.True } ||
         string.Equals(value?.ToString(), "true", StringComparison.OrdinalIgnoreCase));
}
