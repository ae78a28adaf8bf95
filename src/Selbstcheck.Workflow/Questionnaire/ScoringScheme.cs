using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>The answer scale of the Selbstcheck.</summary>
public static class Answers
{
    public const string Ja = "ja";
    public const string EherJa = "eher ja";
    public const string EherNein = "eher nein";
    public const string Nein = "nein";
    public const string KeineAngabe = "keine Angabe";

    /// <summary>From most to least agreement; "keine Angabe" is no position on it.</summary>
    public static readonly IReadOnlyList<string> Scale = [Ja, EherJa, EherNein, Nein];

    public static readonly IReadOnlyList<string> All = [Ja, EherJa, EherNein, Nein, KeineAngabe];

    public static string? Normalize(string? answer) =>
        All.FirstOrDefault(a => string.Equals(a, answer?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Steps apart on the scale (ja … nein = 3); null when either is "keine Angabe".</summary>
    public static int? Distance(string a, string b)
    {
        var i = IndexOf(a);
        var j = IndexOf(b);
        return i < 0 || j < 0 ? null : Math.Abs(i - j);
    }

    public static int IndexOf(string answer) => Scale.ToList().IndexOf(answer);
}

/// <summary>
/// A named, versioned scoring scheme: points per answer, and the lower bounds of the levels.
/// The default ("standard", version 1) is the rule consistent with every documented result:
/// ja=3, eher ja=2, eher nein=1, nein=0; level 2 from 3/2, level 3 from 5/2.
/// </summary>
public sealed record ScoringScheme(
    string Id,
    string Version,
    string Title,
    IReadOnlyDictionary<string, int> Points,
    IReadOnlyList<LevelBound> Levels)
{
    public static readonly ScoringScheme Standard = new(
        "standard",
        "1",
        "Standard-Auswertung 2020",
        new Dictionary<string, int> { [Answers.Ja] = 3, [Answers.EherJa] = 2, [Answers.EherNein] = 1, [Answers.Nein] = 0 },
        [
            new LevelBound(1, "0", "Die Kommune ist auf dem Weg zur Weltoffenheit"),
            new LevelBound(2, "3/2", "Die Kommune ist auf dem Weg zur Weltoffenheit fortgeschritten"),
            new LevelBound(3, "5/2", "Die Kommune ist weltoffen aufgestellt"),
        ]);

    /// <summary>The level of a mean: the highest whose lower bound it reaches.</summary>
    public LevelBound LevelOf(Rational mean) => Levels.OrderBy(l => l.Level).Last(l => mean >= l.LowerBound);

    /// <summary>The lower bound of the next level, or null at the top.</summary>
    public Rational? NextBound(int level) => Levels.Where(l => l.Level > level).OrderBy(l => l.Level).Select(l => (Rational?)l.LowerBound).FirstOrDefault();

    public static ScoringScheme Validate(ScoringScheme? s)
    {
        var v = new Validation();
        if (s is null)
        {
            v.Add("$", "Pflichtfeld.").ThrowIfInvalid();
            return null!;
        }

        if (string.IsNullOrWhiteSpace(s.Id)) v.Add("id", "Pflichtfeld.");
        if (string.IsNullOrWhiteSpace(s.Version)) v.Add("version", "Pflichtfeld.");
        if (string.IsNullOrWhiteSpace(s.Title)) v.Add("title", "Pflichtfeld.");
        foreach (var a in Answers.Scale)
        {
            if (s.Points is null || !s.Points.ContainsKey(a)) v.Add("points", $"Punkte für \"{a}\" fehlen.");
        }

        if (s.Points?.Keys.Any(k => !Answers.Scale.Contains(k)) == true) v.Add("points", "Nur ja, eher ja, eher nein, nein.");
        var levels = s.Levels ?? [];
        if (levels.Count == 0) v.Add("levels", "Mindestens eine Stufe.");
        for (var i = 0; i < levels.Count; i++)
        {
            try
            {
                _ = levels[i].LowerBound;
            }
            catch (Exception)
            {
                v.Add($"levels[{i}].from", "Ein Bruch wie \"3/2\" oder eine ganze Zahl.");
            }

            if (string.IsNullOrWhiteSpace(levels[i].Label)) v.Add($"levels[{i}].label", "Pflichtfeld.");
        }

        if (levels.Select(l => l.Level).Distinct().Count() != levels.Count) v.Add("levels", "Stufen doppelt.");
        if (levels.Count > 0 && v.IsValid && levels.OrderBy(l => l.Level).First().LowerBound > Rational.Zero)
        {
            v.Add("levels", "Die unterste Stufe muss bei 0 beginnen.");
        }

        v.ThrowIfInvalid();
        return s;
    }
}

/// <summary>A level and its lower bound, as an exact fraction ("3/2").</summary>
public sealed record LevelBound(int Level, string From, string Label)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Rational LowerBound => Rational.Parse(From);
}
