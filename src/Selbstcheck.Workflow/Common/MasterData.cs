using System.Text.RegularExpressions;

namespace Selbstcheck.Workflow.Common;

/// <summary>The kinds of Kommune the programme knows, with their German display names as used in the API.</summary>
public static class KommuneKinds
{
    public static readonly IReadOnlyList<string> All =
        ["Stadt", "Kreisfreie Stadt", "Landkreis", "Gemeinde", "Verbandsgemeinde"];

    public static string? Normalize(string? kind) =>
        All.FirstOrDefault(k => string.Equals(k, kind?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>The 16 Länder.</summary>
public static class Bundeslaender
{
    public static readonly IReadOnlyList<string> All =
    [
        "Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen",
        "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz", "Saarland",
        "Sachsen", "Sachsen-Anhalt", "Schleswig-Holstein", "Thüringen",
    ];

    public static string? Normalize(string? land) =>
        All.FirstOrDefault(l => string.Equals(l, land?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>Cohorts (Staffeln) are labels "YYYY-N"; Kommunen running the Selbstcheck on their own have none.</summary>
public static partial class CohortLabel
{
    [GeneratedRegex("^(19|20)[0-9]{2}-[1-9][0-9]?$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? label) => label is not null && Pattern().IsMatch(label);
}

/// <summary>The official municipality key (Amtlicher Gemeindeschlüssel): 8 digits.</summary>
public static partial class Ags
{
    [GeneratedRegex("^[0-9]{8}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? ags) => ags is not null && Pattern().IsMatch(ags);
}

/// <summary>Units are identified by name within a Kommune, compared case-insensitively.</summary>
public static class UnitName
{
    public const int MaxLength = 200;

    public static string Key(string name) => name.Trim().ToLowerInvariant();

    public static bool IsValid(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= MaxLength;
}

public static partial class EmailAddress
{
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? email) => email is { Length: <= 254 } && Pattern().IsMatch(email);
}
