using Selbstcheck.Workflow.Benchmark;

namespace Selbstcheck.Workflow.Tests.Benchmark;

/// <summary>#14 point 5: the benchmark's disclosure control — groups under 5, complementary suppression, level counts.</summary>
public class BenchmarkSuppressionTests
{
    private static readonly BenchmarkField[] Fields = [new(1, "hf1", "Handlungsfeld 1")];

    private static readonly BenchmarkLevel[] Levels = [new(1, "Stufe 1"), new(2, "Stufe 2"), new(3, "Stufe 3"), new(null, "nicht bewertbar")];

    private static int counter;

    /// <summary>A Kommune of the given groups; levels cycle 1, 2, 3 (varied enough that no group of 5+ is uniform) unless given.</summary>
    private static BenchmarkEntry E(string land, string kind = "Stadt", string? cohort = "2020-1", int? level = null) =>
        new($"k{++counter}", cohort, kind, land, new Dictionary<string, int?> { ["hf1"] = level ?? counter % 3 + 1 });

    private static IEnumerable<BenchmarkEntry> Many(int n, string land, string kind = "Stadt", string? cohort = "2020-1") =>
        Enumerable.Range(0, n).Select(_ => E(land, kind, cohort));

    private static BenchmarkGroup Group(IReadOnlyList<BenchmarkGroup> table, string breakdown, string label) =>
        table.Single(g => g.Breakdown == breakdown && g.Label == label);

    [Fact]
    public void a_breakdown_with_one_group_of_four_suppresses_it_and_the_next_smallest()
    {
        var entries = Many(4, "Sachsen-Anhalt").Concat(Many(6, "Sachsen")).Concat(Many(8, "Bayern")).Concat(Many(12, "Hessen")).ToList();

        var table = BenchmarkTable.Compute(entries, Fields, Levels);

        Assert.Equal(SuppressionReasons.TooFew, Group(table, Breakdowns.Bundesland, "Sachsen-Anhalt").Suppressed);
        Assert.Null(Group(table, Breakdowns.Bundesland, "Sachsen-Anhalt").Kommunen);
        Assert.Equal(SuppressionReasons.Complementary, Group(table, Breakdowns.Bundesland, "Sachsen").Suppressed);
        Assert.Equal(8, Group(table, Breakdowns.Bundesland, "Bayern").Kommunen);
        Assert.Equal(12, Group(table, Breakdowns.Bundesland, "Hessen").Kommunen);
        Assert.Equal(30, Group(table, Breakdowns.Alle, Breakdowns.AllLabel).Kommunen);
    }

    [Fact]
    public void suppressed_groups_that_together_hold_fewer_than_five_pull_the_next_smallest_in_too()
    {
        // Two groups suppressed (2 + 2 = 4): "all minus the shown" would still describe four Kommunen.
        var entries = Many(2, "Bremen").Concat(Many(2, "Saarland")).Concat(Many(6, "Sachsen")).Concat(Many(9, "Bayern")).ToList();

        var table = BenchmarkTable.Compute(entries, Fields, Levels);

        Assert.False(Group(table, Breakdowns.Bundesland, "Sachsen").Shown);
        Assert.True(Group(table, Breakdowns.Bundesland, "Bayern").Shown);
    }

    [Fact]
    public void all_groups_of_five_or_more_suppress_nothing()
    {
        var entries = Many(5, "Sachsen-Anhalt", "Stadt", "2020-1").Concat(Many(7, "Bayern", "Landkreis", "2021-1")).ToList();

        var table = BenchmarkTable.Compute(entries, Fields, Levels);

        Assert.All(table, g => Assert.True(g.Shown, $"{g.Breakdown}/{g.Label}"));
        Assert.Equal(5, Group(table, Breakdowns.Bundesland, "Sachsen-Anhalt").Kommunen);
        Assert.Equal(7, Group(table, Breakdowns.Art, "Landkreis").Kommunen);
        Assert.All(table.SelectMany(g => g.Fields!), f => Assert.NotNull(f.Levels));
    }

    [Fact]
    public void fewer_than_five_in_all_shows_nothing()
    {
        var entries = Many(4, "Sachsen-Anhalt").ToList();

        var table = BenchmarkTable.Compute(entries, Fields, Levels);

        Assert.All(table, g => Assert.False(g.Shown));
        Assert.All(table, g => Assert.Null(g.Kommunen));
        Assert.All(table, g => Assert.Null(g.Fields));
    }

    [Fact]
    public void kommunen_without_a_cohort_are_a_group_of_their_own_and_protected_like_any()
    {
        var entries = Many(3, "Bayern", cohort: null).Concat(Many(10, "Bayern", cohort: "2020-1")).ToList();

        var table = BenchmarkTable.Compute(entries, Fields, Levels);

        Assert.Equal(SuppressionReasons.TooFew, Group(table, Breakdowns.Kohorte, Breakdowns.NoValue).Suppressed);
        Assert.Equal(SuppressionReasons.Complementary, Group(table, Breakdowns.Kohorte, "2020-1").Suppressed);
    }

    [Fact]
    public void a_group_within_another_that_differs_by_fewer_than_five_is_suppressed()
    {
        // Every Landkreis but two is in Bayern: "Landkreis minus Bayern" would describe two Kommunen.
        var entries = Many(6, "Bayern", "Landkreis").Concat(Many(2, "Hessen", "Landkreis")).Concat(Many(6, "Hessen", "Stadt")).ToList();

        var table = BenchmarkTable.Compute(entries, Fields, Levels);

        Assert.True(Group(table, Breakdowns.Art, "Landkreis").Shown);
        Assert.Equal(SuppressionReasons.Complementary, Group(table, Breakdowns.Bundesland, "Bayern").Suppressed);
    }

    [Fact]
    public void a_level_holding_all_or_all_but_one_of_a_group_hides_that_fields_counts()
    {
        // Bayern: 5 of 6 at level 2 (the one at level 3 would learn the others' level); Hessen varied.
        var bayern = Enumerable.Range(0, 5).Select(_ => E("Bayern", level: 2)).Append(E("Bayern", level: 3));
        var hessen = new[] { 1, 1, 2, 2, 3, 3 }.Select(l => E("Hessen", level: l));
        var entries = bayern.Concat(hessen).ToList();

        var table = BenchmarkTable.Compute(entries, Fields, Levels);

        var bayernField = Group(table, Breakdowns.Bundesland, "Bayern").Fields!.Single();
        Assert.Null(bayernField.Levels);
        Assert.Equal(SuppressionReasons.Uniform, bayernField.Suppressed);
        // Hessen = all minus Bayern, so its counts would reveal Bayern's: suppressed too.
        Assert.Equal(SuppressionReasons.Complementary, Group(table, Breakdowns.Bundesland, "Hessen").Fields!.Single().Suppressed);
        // The group sizes stay shown; only the field's counts are withheld.
        Assert.Equal(6, Group(table, Breakdowns.Bundesland, "Bayern").Kommunen);
        // All Kommunen: 1 ×2, 2 ×7, 3 ×3 — varied, shown.
        var all = Group(table, Breakdowns.Alle, Breakdowns.AllLabel).Fields!.Single().Levels!;
        Assert.Equal([2, 7, 3, 0], all.Select(l => l.Kommunen));
    }

    [Fact]
    public void level_counts_of_a_shown_group_add_up_to_its_kommunen()
    {
        var entries = new[] { 1, 2, 2, 3, 3, 3 }.Select(l => E("Bayern", level: l)).Append(E("Bayern", level: null)).ToList();
        entries = entries.Select((e, i) => i == 6 ? e with { Levels = new Dictionary<string, int?> { ["hf1"] = null } } : e).ToList();

        var table = BenchmarkTable.Compute(entries, Fields, Levels);

        var levels = Group(table, Breakdowns.Alle, Breakdowns.AllLabel).Fields!.Single().Levels!;
        Assert.Equal([1, 2, 3, 1], levels.Select(l => l.Kommunen));
        Assert.Equal("nicht bewertbar", levels[^1].Label);
    }

    [Fact]
    public void the_table_names_no_kommune()
    {
        var entries = Many(6, "Bayern").ToList();

        var table = BenchmarkTable.Compute(entries, Fields, Levels);

        var labels = table.Select(g => g.Label).ToList();
        Assert.DoesNotContain(labels, l => entries.Any(e => l.Contains(e.KommuneId, StringComparison.Ordinal)));
    }
}
