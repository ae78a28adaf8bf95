using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Tests.Common;

public class KommuneIdTests
{
    [Theory]
    [InlineData("Dessau-Roßlau", "dessau-rosslau")]
    [InlineData("Gößnitz", "goessnitz")]
    [InlineData("Neustadt a. d. Weinstraße", "neustadt-a-d-weinstrasse")]
    [InlineData("LK Dachau", "lk-dachau")]
    [InlineData("Überlingen", "ueberlingen")]
    [InlineData("Bad Dürkheim", "bad-duerkheim")]
    public void a_slug_is_proposed_from_a_name(string name, string slug) => Assert.Equal(slug, KommuneId.FromName(name));

    [Theory]
    [InlineData("dessau-rosslau", true)]
    [InlineData("kaufbeuren2", true)]
    [InlineData("Dessau", false)]
    [InlineData("dessau--rosslau", false)]
    [InlineData("-dessau", false)]
    [InlineData("dessau-", false)]
    [InlineData("roßlau", false)]
    [InlineData("", false)]
    public void only_lowercase_slugs_are_ids(string id, bool valid) => Assert.Equal(valid, KommuneId.IsValid(id));
}

public class BerlinTimeTests
{
    [Fact]
    public void a_summer_appointment_has_the_summer_offset()
    {
        Assert.True(BerlinTime.TryParseLocal("2020-10-08T18:00", out var local));
        Assert.Equal(DateTimeOffset.Parse("2020-10-08T18:00+02:00"), BerlinTime.ToInstant(local));
    }

    [Fact]
    public void a_winter_appointment_has_the_winter_offset()
    {
        Assert.True(BerlinTime.TryParseLocal("2020-12-01T09:30", out var local));
        Assert.Equal(TimeSpan.FromHours(1), BerlinTime.ToInstant(local).Offset);
    }

    [Fact]
    public void a_time_in_the_spring_gap_does_not_exist() => Assert.False(BerlinTime.TryParseLocal("2021-03-28T02:30", out _));

    [Fact]
    public void an_ambiguous_autumn_time_takes_the_earlier_summer_offset()
    {
        Assert.True(BerlinTime.TryParseLocal("2021-10-31T02:30", out var local));
        Assert.Equal(DateTimeOffset.Parse("2021-10-31T00:30Z"), BerlinTime.ToInstant(local).ToUniversalTime());
    }

    [Theory]
    [InlineData("2020-10-08")]
    [InlineData("2020-10-08T18:00+02:00")]
    [InlineData("08.10.2020 18:00")]
    [InlineData("2020-02-30T10:00")]
    public void other_shapes_are_not_appointments(string text) => Assert.False(BerlinTime.TryParseLocal(text, out _));

    [Theory]
    [InlineData("0001-01-01T00:00")]
    [InlineData("1949-12-31T23:59")]
    [InlineData("2200-01-01T00:00")]
    [InlineData("9999-12-31T23:59")]
    public void appointments_outside_1950_to_2199_are_refused(string text) => Assert.False(BerlinTime.TryParseLocal(text, out _));

    [Theory]
    [InlineData("0001-01-01", false)]
    [InlineData("1950-01-01", true)]
    [InlineData("2199-12-31", true)]
    [InlineData("9999-12-31", false)]
    public void all_day_dates_outside_1950_to_2199_are_refused(string text, bool valid)
    {
        Assert.Equal(valid, Due.TryParseDate(text, out var day));
        if (valid) Assert.True(Due.OnDay(day).Deadline > DateTimeOffset.MinValue); // the end of the day exists
    }
}

public class MasterDataTests
{
    [Theory]
    [InlineData("2020-1", true)]
    [InlineData("2021-12", true)]
    [InlineData("2020", false)]
    [InlineData("2020-0", false)]
    [InlineData("20-1", false)]
    public void cohort_labels(string label, bool valid) => Assert.Equal(valid, CohortLabel.IsValid(label));

    [Theory]
    [InlineData("15001000", true)]
    [InlineData("1500100", false)]
    [InlineData("1500100a", false)]
    public void ags_has_eight_digits(string ags, bool valid) => Assert.Equal(valid, Ags.IsValid(ags));

    [Fact]
    public void every_land_is_known_and_case_insensitive()
    {
        Assert.Equal(16, Bundeslaender.All.Count);
        Assert.Equal("Thüringen", Bundeslaender.Normalize("thüringen"));
        Assert.Null(Bundeslaender.Normalize("Preußen"));
    }
}

public class DueTests
{
    private static readonly DateTimeOffset Instant = DateTimeOffset.Parse("2020-10-08T18:00+02:00");

    [Fact]
    public void an_all_day_due_is_overdue_only_once_its_day_is_over_in_berlin()
    {
        var due = Due.From("2020-10-08", null)!.Value;

        Assert.True(due.AllDay);
        Assert.False(due.IsOverdueAt(DateTimeOffset.Parse("2020-10-08T23:59+02:00")));
        // 22:30 UTC is already the next day in Berlin (summer time).
        Assert.True(due.IsOverdueAt(DateTimeOffset.Parse("2020-10-08T22:30Z")));
        Assert.Equal(DateTimeOffset.Parse("2020-10-09T00:00+02:00"), due.Deadline);
    }

    [Fact]
    public void a_timed_due_is_overdue_once_its_instant_has_passed()
    {
        var due = Due.From(null, "2020-10-08T18:00")!.Value;

        Assert.False(due.AllDay);
        Assert.Equal(Instant, due.Deadline);
        Assert.False(due.IsOverdueAt(Instant));
        Assert.True(due.IsOverdueAt(Instant.AddMinutes(1)));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("08.10.2020", null)]
    [InlineData(null, "2021-03-28T02:30")]
    public void a_due_that_is_missing_or_invalid_is_none(string? dueDate, string? dueAt) => Assert.Null(Due.From(dueDate, dueAt));

    [Theory]
    [InlineData(null, null, "due")]
    [InlineData("2020-10-08", "2020-10-08T18:00", "due")]
    [InlineData("2020-13-01", null, "dueDate")]
    [InlineData(null, "2020-10-08 18:00", "dueAt")]
    public void exactly_one_valid_due_is_asked_for(string? dueDate, string? dueAt, string field)
    {
        var v = new Validation();
        Due.ValidateOneOf(v, dueDate, dueAt);
        var error = Assert.Throws<InvalidInput>(v.ThrowIfInvalid);
        Assert.Equal([field], error.Errors.Select(e => e.Field));
    }
}

public class CommandHeadersTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-30T10:00Z");

    [Fact]
    public void a_live_command_is_decided_now_by_its_actor()
    {
        var headers = CommandHeaders.For(new Actor("user-1", Roles.Kommune)).Headers;

        var context = CommandHeaders.Read(headers!, Now);

        Assert.Equal(new Actor("user-1", Roles.Kommune), context.Actor);
        Assert.Equal(Now, context.Now);
        Assert.False(context.Imported);
    }

    [Fact]
    public void an_imported_command_is_decided_at_its_original_instant()
    {
        var original = DateTimeOffset.Parse("2020-10-08T18:00+02:00");
        var headers = CommandHeaders.Imported(Actor.DemoImport, original).Headers;

        var context = CommandHeaders.Read(headers!, Now);

        Assert.True(context.Imported);
        Assert.Equal(original, context.Now);
        Assert.Equal(Actor.DemoImport, context.Actor);
    }

    [Fact]
    public void a_command_without_actor_headers_is_anonymous_and_live()
    {
        var context = CommandHeaders.Read(new Dictionary<string, string?> { [ImportedHistory.Header] = "not an instant" }, Now);

        Assert.Equal(Actor.Anonymous, context.Actor);
        Assert.Equal(Now, context.Now);
        Assert.False(context.Imported);
    }
}
