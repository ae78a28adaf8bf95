using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Benchmark;

/// <summary>One Kommune's contribution to the benchmark: its groups and its level per field (null: not rateable). No name.</summary>
public sealed record BenchmarkEntry(string KommuneId, string? Cohort, string Kind, string Bundesland, IReadOnlyDictionary<string, int?> Levels);

/// <summary>A field of the catalogue the benchmark compares.</summary>
public sealed record BenchmarkField(int Number, [PersonalData(false)] string Key, [PersonalData(false)] string Name);

/// <summary>A level of the scoring scheme (null: "nicht bewertbar").</summary>
public sealed record BenchmarkLevel(int? Level, [PersonalData(false)] string Label);

/// <summary>The breakdowns of the benchmark: all Kommunen, and by cohort, kind and Bundesland.</summary>
public static class Breakdowns
{
    public const string Alle = "alle";
    public const string Kohorte = "kohorte";
    public const string Art = "art";
    public const string Bundesland = "bundesland";

    public static readonly IReadOnlyList<string> All = [Alle, Kohorte, Art, Bundesland];

    public static string Title(string breakdown) => breakdown switch
    {
        Alle => "Alle Kommunen",
        Kohorte => "Nach Jahrgang",
        Art => "Nach Art der Kommune",
        Bundesland => "Nach Bundesland",
        _ => breakdown,
    };

    /// <summary>The label of the group "all" and of Kommunen without a value (a group of its own, so the groups of a breakdown add up to all).</summary>
    public const string AllLabel = "Alle Kommunen";

    public const string NoValue = "ohne Angabe";
}

/// <summary>Why a group or a field's distribution is not shown.</summary>
public static class SuppressionReasons
{
    /// <summary>Fewer Kommunen than <see cref="BenchmarkTable.Minimum"/> contribute.</summary>
    public const string TooFew = "zu-wenige";

    /// <summary>Shown, it would let a difference with shown numbers reveal a suppressed one (complementary suppression).</summary>
    public const string Complementary = "ergaenzend";

    /// <summary>All (or all but one) Kommunen of the group share one level: showing it would tell their levels.</summary>
    public const string Uniform = "zu-einheitlich";

    public static string Text(string reason) => reason switch
    {
        TooFew => $"weniger als {BenchmarkTable.Minimum} Kommunen",
        Complementary => "ergänzend unterdrückt, damit keine Differenz eine unterdrückte Gruppe verrät",
        Uniform => "zu einheitlich: die Verteilung verriete die Stufen einzelner Kommunen",
        _ => reason,
    };
}

public sealed record LevelCount(int? Level, [PersonalData(false)] string Label, int Kommunen);

/// <summary>A field's distribution of levels in a group; Levels null when suppressed (Suppressed names why).</summary>
public sealed record FieldDistribution(int Field, [PersonalData(false)] string Key, [PersonalData(false)] string Name, IReadOnlyList<LevelCount>? Levels, [PersonalData(false)] string? Suppressed);

/// <summary>A group of a breakdown (e.g. "Bundesland: Sachsen-Anhalt"); Kommunen and Fields null when the group is suppressed.</summary>
public sealed record BenchmarkGroup(
    [PersonalData(false)] string Breakdown,
    [PersonalData(false)] string Label,
    int? Kommunen,
    [PersonalData(false)] string? Suppressed,
    IReadOnlyList<FieldDistribution>? Fields)
{
    public bool Shown => Suppressed is null;
}

/// <summary>
/// The anonymous benchmark: per field the distribution of levels across Kommunen, for all and by
/// cohort, kind and Bundesland, with statistical disclosure control. Pure: the same entries give the
/// same table.
/// <para>
/// What is protected: no shown number, nor any difference of shown numbers within a breakdown or between
/// two shown groups of which one contains the other, describes fewer than <see cref="Minimum"/> Kommunen
/// or tells one Kommune's level — also to a Kommune of the group that knows its own level. The rules:
/// </para>
/// <list type="number">
/// <item>A group (all Kommunen, a cohort, a kind, a Bundesland; Kommunen without a value form the group
/// "ohne Angabe", so a breakdown's groups always add up to all) is shown only if at least
/// <see cref="Minimum"/> Kommunen contribute. Fewer than that in all: nothing is shown.</item>
/// <item>Complementary suppression within a breakdown: while all is shown, the suppressed groups of a
/// breakdown together (what "all minus the shown groups" reveals) must hold none or at least
/// <see cref="Minimum"/> Kommunen; otherwise the smallest shown group is suppressed too, repeatedly. So
/// where exactly one group is suppressed, the next smallest always is too. Where all is suppressed
/// but every group of a breakdown is shown, the smallest is suppressed (the sum would reveal all).</item>
/// <item>Across breakdowns: where a shown group lies within another shown group (e.g. a Bundesland whose
/// Kommunen are all of one cohort) and the difference holds 1 to <see cref="Minimum"/> − 1 Kommunen,
/// the smaller group is suppressed.</item>
/// <item>Level counts: a field's distribution in a shown group is shown only if no level holds more than
/// n − 2 of its n Kommunen (otherwise everyone knowing the group's members — the programme's Kommunen are
/// public — or a member knowing its own level would learn the others' levels); rules 2 and 3 then run
/// again per field, with this condition for every derivable difference.</item>
/// </list>
/// Not protected: differences of three or more shown numbers across breakdowns (a full audit would solve
/// them as a linear system); the number of contributing Kommunen of a shown group is shown.
/// </summary>
public static class BenchmarkTable
{
    /// <summary>The least number of Kommunen a shown number may describe.</summary>
    public const int Minimum = 5;

    private sealed record Group(string Breakdown, string Label, IReadOnlySet<int> Members);

    public static IReadOnlyList<BenchmarkGroup> Compute(IReadOnlyList<BenchmarkEntry> entries, IReadOnlyList<BenchmarkField> fields, IReadOnlyList<BenchmarkLevel> levels)
    {
        var groups = GroupsOf(entries);

        // Pass 1: the groups themselves, by size.
        var hidden = new Dictionary<Group, string>();
        foreach (var g in groups.Where(g => g.Members.Count < Minimum)) hidden[g] = SuppressionReasons.TooFew;
        Protect(groups, hidden, members => members.Count == 0 || members.Count >= Minimum);

        // Pass 2, per field: the level counts of the groups still shown.
        var perField = new Dictionary<string, Dictionary<Group, string>>();
        foreach (var field in fields)
        {
            bool Safe(IReadOnlySet<int> members) => members.Count == 0 || (members.Count >= Minimum && !Uniform(entries, members, field.Key));
            var fieldHidden = new Dictionary<Group, string>(hidden);
            foreach (var g in groups.Where(g => !fieldHidden.ContainsKey(g) && !Safe(g.Members))) fieldHidden[g] = SuppressionReasons.Uniform;
            Protect(groups, fieldHidden, Safe);
            perField[field.Key] = fieldHidden;
        }

        return groups.Select(g => hidden.TryGetValue(g, out var reason)
                ? new BenchmarkGroup(g.Breakdown, g.Label, null, reason, null)
                : new BenchmarkGroup(g.Breakdown, g.Label, g.Members.Count, null, fields.Select(f => perField[f.Key].TryGetValue(g, out var why)
                    ? new FieldDistribution(f.Number, f.Key, f.Name, null, why)
                    : new FieldDistribution(f.Number, f.Key, f.Name, Distribution(entries, g.Members, f.Key, levels), null)).ToList()))
            .ToList();
    }

    /// <summary>The breakdown's value of an entry (Kommunen without one form the group "ohne Angabe").</summary>
    public static string LabelOf(BenchmarkEntry e, string breakdown) => breakdown switch
    {
        Breakdowns.Alle => Breakdowns.AllLabel,
        Breakdowns.Kohorte => string.IsNullOrWhiteSpace(e.Cohort) ? Breakdowns.NoValue : e.Cohort,
        Breakdowns.Art => string.IsNullOrWhiteSpace(e.Kind) ? Breakdowns.NoValue : e.Kind,
        Breakdowns.Bundesland => string.IsNullOrWhiteSpace(e.Bundesland) ? Breakdowns.NoValue : e.Bundesland,
        _ => throw new ArgumentOutOfRangeException(nameof(breakdown)),
    };

    private static List<Group> GroupsOf(IReadOnlyList<BenchmarkEntry> entries)
    {
        var groups = new List<Group> { new(Breakdowns.Alle, Breakdowns.AllLabel, Enumerable.Range(0, entries.Count).ToHashSet()) };
        foreach (var breakdown in Breakdowns.All.Skip(1))
        {
            groups.AddRange(Enumerable.Range(0, entries.Count)
                .GroupBy(i => LabelOf(entries[i], breakdown), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new Group(breakdown, g.Key, g.ToHashSet())));
        }

        return groups;
    }

    /// <summary>Rules 2 and 3, until nothing changes: every derivable difference must be <paramref name="safe"/>.</summary>
    private static void Protect(List<Group> groups, Dictionary<Group, string> hidden, Func<IReadOnlySet<int>, bool> safe)
    {
        var all = groups[0];
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var breakdown in Breakdowns.All.Skip(1))
            {
                var parts = groups.Where(g => g.Breakdown == breakdown).ToList();
                var shown = parts.Where(g => !hidden.ContainsKey(g)).OrderBy(g => g.Members.Count).ThenBy(g => g.Label, StringComparer.Ordinal).ToList();
                if (shown.Count == 0) continue;
                if (!hidden.ContainsKey(all))
                {
                    // What "all minus the shown groups" reveals: the suppressed groups together.
                    var revealed = parts.Where(hidden.ContainsKey).SelectMany(g => g.Members).ToHashSet();
                    if (safe(revealed)) continue;
                }
                else if (shown.Count < parts.Count)
                {
                    continue; // all and at least one group unknown: the sum reveals neither.
                }

                hidden[shown[0]] = SuppressionReasons.Complementary;
                changed = true;
            }

            // A shown group within another shown group: their difference must be safe.
            var visible = groups.Where(g => !hidden.ContainsKey(g)).ToList();
            foreach (var inner in visible.OrderBy(g => g.Members.Count))
            {
                if (hidden.ContainsKey(inner)) continue;
                var unsafeDifference = visible.Any(outer => !hidden.ContainsKey(outer) && outer.Breakdown != inner.Breakdown &&
                                                            outer.Members.Count > inner.Members.Count && inner.Members.IsSubsetOf(outer.Members) &&
                                                            !safe(outer.Members.Except(inner.Members).ToHashSet()));
                if (!unsafeDifference) continue;
                hidden[inner] = SuppressionReasons.Complementary;
                changed = true;
            }
        }
    }

    /// <summary>Rule 4: a level holding more than n − 2 of the n Kommunen.</summary>
    private static bool Uniform(IReadOnlyList<BenchmarkEntry> entries, IReadOnlySet<int> members, string field) =>
        members.GroupBy(i => entries[i].Levels.GetValueOrDefault(field)).Max(g => g.Count()) > members.Count - 2;

    private static List<LevelCount> Distribution(IReadOnlyList<BenchmarkEntry> entries, IReadOnlySet<int> members, string field, IReadOnlyList<BenchmarkLevel> levels)
    {
        var counts = members.GroupBy(i => entries[i].Levels.GetValueOrDefault(field)).ToDictionary(g => g.Key ?? -1, g => g.Count());
        var known = levels.Select(l => l.Level ?? -1).ToHashSet();
        var result = levels.Select(l => new LevelCount(l.Level, l.Label, counts.GetValueOrDefault(l.Level ?? -1))).ToList();
        // A level the scheme does not list (should not happen) still counts, so the numbers add up.
        result.AddRange(counts.Where(c => !known.Contains(c.Key)).OrderBy(c => c.Key)
            .Select(c => new LevelCount(c.Key < 0 ? null : c.Key, c.Key < 0 ? "nicht bewertbar" : $"Stufe {c.Key}", c.Value)));
        return result;
    }
}
