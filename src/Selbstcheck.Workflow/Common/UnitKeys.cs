using System.Globalization;
using System.Text;

namespace Selbstcheck.Workflow.Common;

/// <summary>
/// #14 unit staff: a unit's stable key — a slug of its name as first added ("Amt für Stadtentwicklung" →
/// "amt-fuer-stadtentwicklung"; a key another unit of the Kommune already has gets "-2", "-3" …). Derived
/// from the UnitAdded events in their order, so every rebuild of the write model gives the same keys; the
/// key stays with the unit (the display name may be spelled differently later, the key does not change).
/// </summary>
public static class UnitKeys
{
    public const int MaxLength = 80;

    public static string Slug(string name)
    {
        var s = name.Trim().ToLowerInvariant().Replace("ä", "ae").Replace("ö", "oe").Replace("ü", "ue").Replace("ß", "ss");
        var b = new StringBuilder();
        foreach (var c in s.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') b.Append(c);
            else if (b.Length > 0 && b[^1] != '-') b.Append('-');
        }

        var slug = b.ToString().Trim('-');
        if (slug.Length > MaxLength) slug = slug[..MaxLength].TrimEnd('-');
        return slug.Length == 0 ? "einheit" : slug;
    }

    /// <summary>The key of a unit added after the units with <paramref name="taken"/> keys.</summary>
    public static string Next(string name, IEnumerable<string> taken)
    {
        var used = taken.ToHashSet(StringComparer.Ordinal);
        var slug = Slug(name);
        if (!used.Contains(slug)) return slug;
        for (var n = 2; ; n++)
        {
            if (!used.Contains($"{slug}-{n}")) return $"{slug}-{n}";
        }
    }

    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength + 6 } && key.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');
}
