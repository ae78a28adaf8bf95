using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Kommunen;

/// <summary>Create a unit, or replace its functional email (PUT semantics: a missing email removes it).</summary>
public sealed record UpsertUnit(string KommuneId, string? Name, string? Email, long? ExpectedVersion = null) : IKommuneCommand;

/// <summary>The unit after the command; its address as its vault reference (the endpoint resolves it).</summary>
public sealed record UnitReply([PersonalData(false)] string Name, People.PersonalRef? Email, long Version, bool Created, bool EmailConfirmed = true);

public static class UpsertUnitDecision
{
    /// <summary>
    /// The unit. An address the Kommune or its facilitator sets receives mail only after its holder
    /// confirmed it through a one-time link sent there (UnitEmailConfirmationRequested); one set by
    /// the programme team or the service counts as confirmed. Sending the same unconfirmed address
    /// again asks for a new link.
    /// </summary>
    public static IReadOnlyList<object> Decide(UpsertUnit command, KommuneState kommune, CommandContext context)
    {
        var email = string.IsNullOrWhiteSpace(command.Email) ? null : command.Email.Trim();
        new Validation()
            .Require(UnitName.IsValid(command.Name), "name", $"Pflichtfeld, höchstens {UnitName.MaxLength} Zeichen.")
            .Require(email is null || EmailAddress.IsValid(email), "email", "Keine gültige E-Mail-Adresse.")
            .ThrowIfInvalid();
        var name = command.Name!.Trim();
        var unit = kommune.FindUnit(name);
        ItemVersion.Check($"Einheit \"{name}\"", command.ExpectedVersion, unit?.Version ?? 0);
        var needsConfirmation = email is not null && MustConfirm(context);
        if (unit is null) return [new UnitAdded(kommune.Id, name, Seal(context, kommune.Id, email)), .. Confirmation(needsConfirmation, kommune.Id, name, 1)];
        if (context.Vault.Holds(unit.Email, email, StringComparison.OrdinalIgnoreCase))
        {
            return unit.Unconfirmed && needsConfirmation ? [new UnitEmailConfirmationRequested(kommune.Id, unit.Name, unit.Version)] : [];
        }

        return [new UnitEmailChanged(kommune.Id, unit.Name, Seal(context, kommune.Id, email)), .. Confirmation(needsConfirmation, kommune.Id, unit.Name, unit.Version + 1)];
    }

    /// <summary>Addresses set by the Kommune or its facilitator need their holder's confirmation.</summary>
    public static bool MustConfirm(CommandContext context) =>
        !context.Imported && (context.Actor.Is(Roles.Kommune) || context.Actor.Is(Roles.Prozessbegleitung));

    // A unit's address can name a person: sealed in the personal-data vault.
    private static People.PersonalRef? Seal(CommandContext context, string kommune, string? email) =>
        email is null ? null : context.Vault.Seal(kommune, email);

    private static IEnumerable<object> Confirmation(bool needed, string kommune, string unit, long version) =>
        needed ? [new UnitEmailConfirmationRequested(kommune, unit, version)] : [];
}

public static class UpsertUnitHandler
{
    public static (UnitReply, Events) Handle(UpsertUnit command, [KommuneStream] KommuneState kommune, CommandContext context)
    {
        var events = UpsertUnitDecision.Decide(command, kommune, context);
        var unit = kommune.After(events).FindUnit(command.Name!)!;
        return (new UnitReply(unit.Name, unit.Email, unit.Version, events.Any(e => e is UnitAdded), !unit.Unconfirmed), new Events(events));
    }
}
