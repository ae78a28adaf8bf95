using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Programme;

/// <summary>#15 H4: a user's display name in the user directory was changed. The id and the entry's new version only.</summary>
public sealed record UserRenamed([PersonalData(false)] string UserId, long Version) : IProgrammeEvent;

/// <summary>Change a user's display name (programme team), with the entry's version seen.</summary>
public sealed record RenameUser(string UserId, string? DisplayName, long? ExpectedVersion = null);

public static class RenameUserDecision
{
    /// <summary>The new name and its event, or no event when the name is the same.</summary>
    public static (string DisplayName, UserRenamed? Renamed) Decide(RenameUser c, string? currentName, long currentVersion)
    {
        if (currentName is null) throw UserDirectoryProblems.Unknown(c.UserId);
        ItemVersion.Check("Der Eintrag im Nutzerverzeichnis", c.ExpectedVersion, currentVersion);
        var v = new Validation();
        DisplayName.Check(v, "displayName", c.DisplayName);
        v.ThrowIfInvalid();
        var name = c.DisplayName!.Trim();
        return name == currentName ? (name, null) : (name, new UserRenamed(c.UserId, currentVersion + 1));
    }
}

public static class UserDirectoryProblems
{
    public static NotFound Unknown(string userId) =>
        new("nutzer-unbekannt", "Nutzer nicht gefunden", $"Im Nutzerverzeichnis gibt es keinen Eintrag mit der Kennung \"{userId}\".");
}
