namespace Selbstcheck.Workflow.Common;

/// <summary>
/// A command that takes a reason (a cancellation, a rescheduling, a status change, a consensus):
/// the command pipeline stores the reason as the <see cref="EventHeaders.Reason"/> header of every
/// event the command appends, so the history answers "why" the same way for every such command.
/// </summary>
public interface IHasReason
{
    string? Reason { get; }
}
