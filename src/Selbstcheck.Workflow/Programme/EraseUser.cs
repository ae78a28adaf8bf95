using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Programme;

/// <summary>
/// #15 H4: a user's entry in the user directory was erased (programme team, with a reason): the key the
/// person signed in with and the display name are deleted; the opaque id in events and logs stays, and
/// names nobody any more. The id and the reason only.
/// </summary>
public sealed record UserErased([PersonalData(false)] string UserId, [PersonalData(false)] string Reason) : IProgrammeEvent;

/// <summary>Erase a user's directory entry (programme team, with a reason).</summary>
public sealed record EraseUser(string UserId, string? Reason);

public static class EraseUserDecision
{
    public static UserErased Decide(EraseUser c, bool exists)
    {
        if (!exists) throw UserDirectoryProblems.Unknown(c.UserId);
        return new UserErased(c.UserId, ErasureReason.Require(c.Reason));
    }
}
