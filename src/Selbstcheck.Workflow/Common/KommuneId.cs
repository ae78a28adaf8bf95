using System.Text;
using System.Text.RegularExpressions;

namespace Selbstcheck.Workflow.Common;

/// <summary>
/// A Kommune's id is a slug: lowercase a–z, 0–9 and single hyphens. German umlauts and ß are
/// transliterated when a slug is proposed from a name ("Dessau-Roßlau" → "dessau-rosslau").
/// </summary>
public static partial class KommuneId
{
    public const int MaxLength = 80;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    /// <summary>404 for a Kommune id that names no Kommune.</summary>
    public static NotFound NotFound(string id) =>
        new("kommune-unbekannt", "Kommune nicht gefunden", $"Es gibt keine Kommune mit der Kennung \"{id}\".");

    /// <summary>A well-formed slug that is not reserved for the programme's own stream.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && SlugPattern().IsMatch(id) && id != Programme.ProgrammeStream.Id;

    /// <summary>Proposes a slug for a name.</summary>
    public static string FromName(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            switch (c)
            {
                case 'ä': sb.Append("ae"); break;
                case 'ö': sb.Append("oe"); break;
                case 'ü': sb.Append("ue"); break;
                case 'ß': sb.Append("ss"); break;
                case >= 'a' and <= 'z' or >= '0' and <= '9': sb.Append(c); break;
                default:
                    var folded = Fold(c);
                    if (folded is { } f) sb.Append(f);
                    else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
                    break;
            }
        }

        return sb.ToString().Trim('-');
    }

    private static char? Fold(char c)
    {
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        var first = decomposed[0];
        return first is >= 'a' and <= 'z' ? first : null;
    }
}
