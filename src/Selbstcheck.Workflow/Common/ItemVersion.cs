namespace Selbstcheck.Workflow.Common;

/// <summary>
/// Optimistic concurrency on the items a client edits (#2's convention): every item carries a
/// version (0 = not yet created, +1 per change); a client may send the version it has seen.
/// </summary>
public static class ItemVersion
{
    public static void Check(string item, long? expected, long actual)
    {
        if (expected is { } e && e != actual)
        {
            throw new Conflict(
                "veraltete-version",
                "Veraltete Version",
                $"{item} wurde inzwischen geändert: erwartet war Version {e}, aktuell ist Version {actual}.")
            {
                Extensions = new Dictionary<string, object?>
                {
                    ["item"] = item,
                    ["expectedVersion"] = e,
                    ["currentVersion"] = actual,
                },
            };
        }
    }
}
