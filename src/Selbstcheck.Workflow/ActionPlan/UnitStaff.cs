using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Workflow.ActionPlan;

/// <summary>
/// #14 unit staff (role <see cref="Roles.Einheit"/>): they work on their own unit's action items — status
/// and notes — and on nothing else; owner and due date stay with the lead office and the facilitation
/// (who agreed them), and so does adding items. The access rules let the role reach its Kommune's action
/// plan; which item is theirs only the item knows, so the decisions check it here (403).
/// </summary>
public static class UnitStaff
{
    /// <summary>Unit staff may change the item only if its owner is their unit.</summary>
    public static void MustOwn(KommuneState kommune, ActionItemState item, CommandContext context)
    {
        if (!context.Actor.Is(Roles.Einheit)) return;
        var owner = kommune.FindUnit(item.Owner);
        if (owner is not null && context.Actor.Unit is { } unit && owner.Key == unit) return;
        throw new Forbidden("fremde-einheit", "Handlungsbedarf einer anderen Stelle",
            $"Dieser Handlungsbedarf liegt bei \"{item.Owner}\"; Sie können nur die Handlungsbedarfe Ihrer eigenen Stelle ändern.");
    }

    /// <summary>What only the lead office and the facilitation do: unit staff are refused.</summary>
    public static void MayNot(CommandContext context, string what)
    {
        if (context.Actor.Is(Roles.Einheit))
        {
            throw new Forbidden("nicht-fuer-einheiten", "Nicht für Mitarbeitende einer Stelle",
                $"{what} ist Sache der federführenden Stelle oder der Prozessbegleitung; Sie können Status und Notizen der Handlungsbedarfe Ihrer Stelle ändern.");
        }
    }
}
