using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Tests.Events;

namespace Selbstcheck.Workflow.Tests.Journey;

/// <summary>The history's German sentence per event type (#12 point 2).</summary>
public class EventDescriptionTests
{
    [Fact]
    public void every_event_type_has_a_german_description()
    {
        var missing = EventTypes.All.Where(t => !EventDescriptions.Described.Contains(t.Type)).Select(t => t.Type.Name).ToList();
        Assert.True(missing.Count == 0, $"Event types without a description: {string.Join(", ", missing)}");

        Assert.All(EventTypes.All, t =>
        {
            var text = EventDescriptions.Describe(EventJsonTests.Samples[t.Type]);
            Assert.False(string.IsNullOrWhiteSpace(text));
            Assert.NotEqual("Ereignis erfasst", text);
            Assert.DoesNotContain(t.Type.Name, text);
        });
    }

    [Fact]
    public void descriptions_name_units_fields_and_dates_but_no_free_text_or_address()
    {
        string Of<T>() => EventDescriptions.Describe(EventJsonTests.Samples[typeof(T)]);

        Assert.Equal("Antwort erfasst: Kriterium 1.1 in HF 1, „eher ja“ (Runde 1, Befragte 0191b7c4-5a2e-7c3e-9a52-000000000001, stellvertretend)", Of<AnswerRecorded>());
        Assert.Equal("Meilenstein geplant: „Dialogveranstaltung mit Einwohnerinnen und Einwohnern“ am 08.10.2020, 18:00 Uhr, zuständig Integrationsbüro", Of<MilestonePlanned>());
        Assert.Equal("Meilenstein verschoben: auf 15.10.2020 (Meilenstein 0191b7c4-5a2e-7c3e-9a57-000000000001)", Of<MilestoneRescheduled>());
        Assert.Equal("Stelle hinzugefügt: Amt für Stadtentwicklung, mit Funktionsadresse", Of<UnitAdded>());
        Assert.Equal("Prioritäten bestätigt: HF 4, 5", Of<PrioritiesConfirmed>());

        // Free text that may name a person, and addresses, stay in the payload only.
        var all = string.Join("\n", EventTypes.All.Select(t => EventDescriptions.Describe(EventJsonTests.Samples[t.Type])));
        foreach (var freeText in new[] { "@", "Steuerungsgruppe seit 2018", "Externe Prozessbegleitung", "Stadtelternrat", "Saal belegt", "Einwohner*innen möglich", "Multikulturelles Zentrum", "Connection refused" })
        {
            Assert.DoesNotContain(freeText, all);
        }
    }
}
