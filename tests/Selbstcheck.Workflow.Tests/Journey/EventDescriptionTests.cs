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
        Assert.Equal("Befragungslink ausgestellt: runde-1/0191b7c4-5a2e-7c3e-9a52-000000000001, gültig bis 30.11.2020, 10:00 Uhr (Link 0191b7c4-5a2e-7c3e-9a53-000000000001)", Of<LinkIssued>());
        Assert.Equal("Link widerrufen: ersetzt durch einen neuen Link (Link 0191b7c4-5a2e-7c3e-9a53-000000000001)", Of<LinkRevoked>());
        Assert.Equal("Katalog importiert: weltoffene-kommune-2020 Version 2020.1 (SHA-256 aaaaaaaaaaaa…)", Of<Selbstcheck.Workflow.Programme.CatalogueImported>());
        Assert.Equal("Person angelegt: Person 0191b7c4-5a2e-7c3e-9a51-3e82dda8c29c", Of<Selbstcheck.Workflow.Programme.PersonRegistered>());
        Assert.Equal("Nutzer aufgenommen: u-0191b7c45a2e7c3e9a5100000000000a, Rolle kommune, Kommune dessau-rosslau", Of<Selbstcheck.Workflow.Programme.UserAdded>());

        // Free text that may name a person, and addresses, stay in the payload only.
        var all = string.Join("\n", EventTypes.All.Select(t => EventDescriptions.Describe(EventJsonTests.Samples[t.Type])));
        foreach (var freeText in new[] { "@", "Steuerungsgruppe seit 2018", "Externe Prozessbegleitung", "Stadtelternrat", "Saal belegt", "Einwohner*innen möglich", "Multikulturelles Zentrum", "Connection refused" })
        {
            Assert.DoesNotContain(freeText, all);
        }
    }
}
