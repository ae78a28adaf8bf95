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

    /// <summary>#14 unit staff: the caller's unit key.</summary>
    public const string ActorUnit = "selbstcheck-unit";

    /// <summary>Send a command as <paramref name="actor"/>.</summary>
    public static DeliveryOptions For(Actor actor)
    {
        var options = new DeliveryOptions { Headers = { [ActorId] = actor.Id, [ActorRole] = actor.Role } };
        if (actor.Unit is { } unit) options.Headers[ActorUnit] = unit;
        return options;
    }

    /// <summary>
    /// Replay a record of the past: decided and stored as of <paramref name="at"/>, marked as imported;
    /// <paramref name="assumed"/> when its source does not document that date (it was fixed to make the
    /// timeline complete), <paramref name="assumedFields"/> naming data fields the source does not give.
    /// </summary>
    public static DeliveryOptions Imported(Actor actor, DateTimeOffset at, bool assumed = false, IReadOnlyList<string>? assumedFields = null)
    {
        var options = For(actor);
        options.Headers[ImportedHistory.Header] = at.ToString("O", CultureInfo.InvariantCulture);
        if (assumed) options.Headers[ImportedHistory.AssumedHeader] = "true";
        if (assumedFields is { Count: > 0 }) options.Headers[ImportedHistory.AssumedFieldsHeader] = string.Join(',', assumedFields);
        return options;
    }

    /// <summary>The decision context of a command: its actor, and its instant (the original one when imported).</summary>
    public static CommandContext Read(IReadOnlyDictionary<string, string?> headers, DateTimeOffset now)
    {
        var actor = headers.GetValueOrDefault(ActorId) is { Length: > 0 } id && headers.GetValueOrDefault(ActorRole) is { Length: > 0 } role
            ? new Actor(id, role) { Unit = headers.GetValueOrDefault(ActorUnit) is { Length: > 0 } unit ? unit : null }
            : Actor.Anonymous;
        return headers.GetValueOrDefault(ImportedHistory.Header) is { } at &&
               DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var original)
            ? new CommandContext(actor, original, Imported: true)
            : new CommandContext(actor, now);
    }
}

/// <summary>
/// The headers every stored event carries besides Marten's own columns (user id, correlation id,
/// causation id): the acting role always; the reason where the command took one; for imported
/// history <see cref="ImportedHistory"/>'s markers.
/// </summary>
public static class EventHeaders
{
    /// <summary>The acting role.</summary>
    public const string ActorRole = "actorRole";

    /// <summary>The reason the command gave (<see cref="IHasReason"/>).</summary>
    public const string Reason = "reason";
}

/// <summary>
/// Imported history (the demo's records of 2020): one header, <c>imported</c>, with one meaning — on a
/// command's envelope (carrying the original instant) and on every event it appends (true). An
/// imported decision plans no reminders.
/// </summary>
public static class ImportedHistory
{
    public const string Header = "imported";

    /// <summary>On an imported event whose date its source does not document (true); absent where the date is documented.</summary>
    public const string AssumedHeader = "assumed";

    /// <summary>On an imported event: the command's data fields its source does not give (comma-separated on the envelope, a list on the event).</summary>
    public const string AssumedFieldsHeader = "assumedFields";

    public static bool IsImported(IEvent e) => IsTrue(e, Header);

    /// <summary>An imported event whose date was assumed.</summary>
    public static bool IsAssumed(IEvent e) => IsTrue(e, AssumedHeader);

    private static bool IsTrue(IEvent e, string header) =>
        e.Headers?.TryGetValue(header, out var value) == true &&
        (value is true || value is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.True } ||
         string.Equals(value?.ToString(), "true", StringComparison.OrdinalIgnoreCase));
}
