using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Workflow.Tests.Journey;

/// <summary>The phase rule of issue #2, first match wins. #4–#6 feed these facts from their events.</summary>
public class PhaseTests
{
    [Fact]
    public void a_registered_kommune_is_in_teilnahme() => Assert.Equal(Phase.Teilnahme, PhaseFacts.Empty.Derive());

    [Fact]
    public void an_open_full_round_means_fragebogen() =>
        Assert.Equal(Phase.Fragebogen, PhaseFacts.Empty.RoundOpened(1, full: true).Derive());

    [Fact]
    public void an_open_short_round_alone_is_not_fragebogen() =>
        Assert.Equal(Phase.Teilnahme, PhaseFacts.Empty.RoundOpened(1, full: false).Derive());

    [Fact]
    public void a_closed_full_round_means_auswertung() =>
        Assert.Equal(Phase.Auswertung, PhaseFacts.Empty.RoundOpened(1, true).RoundClosed(1).Derive());

    [Fact]
    public void an_open_full_round_wins_over_a_closed_one() =>
        Assert.Equal(Phase.Fragebogen, PhaseFacts.Empty.RoundOpened(1, true).RoundClosed(1).RoundOpened(2, true).Derive());

    [Fact]
    public void a_scheduled_workshop_wins_over_an_open_round() =>
        Assert.Equal(Phase.Workshop, PhaseFacts.Empty.RoundOpened(1, true).WorkshopScheduled("w1").Derive());

    [Fact]
    public void a_cancelled_workshop_falls_back_to_the_rounds() =>
        Assert.Equal(Phase.Auswertung,
            PhaseFacts.Empty.RoundOpened(1, true).RoundClosed(1).WorkshopScheduled("w1").WorkshopCancelled("w1").Derive());

    [Fact]
    public void a_held_workshop_means_umsetzung() =>
        Assert.Equal(Phase.Umsetzung,
            PhaseFacts.Empty.RoundOpened(1, true).RoundClosed(1).WorkshopScheduled("w1").WorkshopMarkedHeld("w1").Derive());

    [Fact]
    public void a_round_still_open_from_before_the_workshop_is_not_a_follow_up() =>
        Assert.Equal(Phase.Umsetzung, PhaseFacts.Empty.RoundOpened(1, true).WorkshopScheduled("w1").WorkshopMarkedHeld("w1").Derive());

    [Fact]
    public void a_round_opened_after_a_held_workshop_means_nachbefragung() =>
        Assert.Equal(Phase.Nachbefragung,
            PhaseFacts.Empty.RoundOpened(1, true).RoundClosed(1).WorkshopScheduled("w1").WorkshopMarkedHeld("w1")
                .RoundOpened(2, full: false).Derive());

    [Fact]
    public void closing_the_follow_up_round_returns_to_umsetzung() =>
        Assert.Equal(Phase.Umsetzung,
            PhaseFacts.Empty.WorkshopScheduled("w1").WorkshopMarkedHeld("w1").RoundOpened(2, false).RoundClosed(2).Derive());

    [Fact]
    public void closing_an_unknown_round_changes_nothing() =>
        Assert.Equal(PhaseFacts.Empty.RoundOpened(1, true).Derive(), PhaseFacts.Empty.RoundOpened(1, true).RoundClosed(7).Derive());
}
