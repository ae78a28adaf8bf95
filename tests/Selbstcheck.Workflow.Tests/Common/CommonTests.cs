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
