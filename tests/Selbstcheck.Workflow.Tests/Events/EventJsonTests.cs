using JasperFx.Events;
using Marten;
using Newtonsoft.Json.Linq;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Programme;
using Selbstcheck.Workflow.Questionnaire;
using Snapshooter;
using Snapshooter.Xunit;
using Weasel.Core;

namespace Selbstcheck.Workflow.Tests.Events;

/// <summary>
/// Events are the long-term storage format. Each event type's JSON, as the store writes it, is
/// pinned by a snapshot; a refactoring that changes a shape fails here. A new event type must
/// get a sample below, or <see cref="every_event_type_has_a_pinned_sample"/> fails. The names the
/// types are stored under are pinned twice: explicitly in <see cref="EventTypes"/>, and here by a
/// snapshot of that list — a class rename can never orphan stored history.
/// </summary>
public class EventJsonTests
{
    private static readonly Guid Person = Guid.Parse("0191b7c4-5a2e-7c3e-9a51-3e82dda8c29c");
    private static readonly Guid Respondent = Guid.Parse("0191b7c4-5a2e-7c3e-9a52-000000000001");
    private static readonly Guid Link = Guid.Parse("0191b7c4-5a2e-7c3e-9a53-000000000001");
    private static readonly Guid Workshop = Guid.Parse("0191b7c4-5a2e-7c3e-9a54-000000000001");
    private static readonly Guid Agreement = Guid.Parse("0191b7c4-5a2e-7c3e-9a55-000000000001");
    private static readonly Guid ActionItem = Guid.Parse("0191b7c4-5a2e-7c3e-9a56-000000000001");
    private static readonly Guid Milestone = Guid.Parse("0191b7c4-5a2e-7c3e-9a57-000000000001");
    private static readonly Guid PreviousPerson = Guid.Parse("0191b7c4-5a2e-7c3e-9a51-000000000001");

    public static readonly IReadOnlyDictionary<Type, object> Samples = new Dictionary<Type, object>
    {
        [typeof(KommuneRegistered)] = new KommuneRegistered(
            "dessau-rosslau", "Dessau-Roßlau", "Kreisfreie Stadt", "Sachsen-Anhalt", "2020-1", new DateOnly(2020, 1, 1), "15001000"),
        [typeof(FacilitatorAssigned)] = new FacilitatorAssigned("dessau-rosslau", Person, PreviousPerson),
        [typeof(LeadOfficeNamed)] = new LeadOfficeNamed("dessau-rosslau", "Integrationsbüro"),
        [typeof(UnitAdded)] = new UnitAdded("dessau-rosslau", "Amt für Stadtentwicklung", Given.S("stadtentwicklung@example.org")),
        [typeof(UnitEmailChanged)] = new UnitEmailChanged("dessau-rosslau", "Amt für Stadtentwicklung", null),
        [typeof(UnitEmailConfirmationRequested)] = new UnitEmailConfirmationRequested("dessau-rosslau", "Amt für Stadtentwicklung", 2),
        [typeof(UnitEmailConfirmed)] = new UnitEmailConfirmed("dessau-rosslau", "Amt für Stadtentwicklung", 2),
        [typeof(RoundOpened)] = new RoundOpened(
            "dessau-rosslau", 1, "short", "kurzform", "weltoffene-kommune-2020", "2020.1", "Zivilgesellschaft", new DateOnly(2020, 11, 30),
            ["1.2", "5.1"], [1, 5]),
        [typeof(RespondentAdded)] = new RespondentAdded("dessau-rosslau", 1, Respondent, "Integrationsbüro", "I", Person, Link),
        [typeof(AnswerRecorded)] = new AnswerRecorded("dessau-rosslau", 1, Respondent, "1.1", "eher ja", Given.S("Steuerungsgruppe seit 2018"), Given.S("https://example.org/beschluss"), true, 2),
        [typeof(AnswersSubmitted)] = new AnswersSubmitted("dessau-rosslau", 1, Respondent, false),
        [typeof(ConsensusRecorded)] = new ConsensusRecorded("dessau-rosslau", 1, "4.4", "eher nein", "In der Steuerungsgruppe besprochen", 1),
        [typeof(RoundClosed)] = new RoundClosed("dessau-rosslau", 1),
        [typeof(RoundEvaluated)] = new RoundEvaluated("dessau-rosslau", 1, "abgeschlossen", new Evaluation(
            "weltoffene-kommune-2020", "2020.1", "standard", "1",
            new LevelResult(2, "Die Kommune ist auf dem Weg zur Weltoffenheit fortgeschritten", "7/4", 1.75m),
            [
                new FieldResult(5, "engagement-und-beteiligung", "Engagement und Beteiligung", 1, "Die Kommune ist auf dem Weg zur Weltoffenheit",
                    "4/3", 1.33m, 3, 3, ["5.1", "5.2", "5.3"],
                    [
                        new CriterionResult("5.3", "Globale Verantwortung", "0", 0m,
                            new Dictionary<string, int> { ["ja"] = 0, ["eher ja"] = 0, ["eher nein"] = 0, ["nein"] = 1, ["keine Angabe"] = 0 },
                            "nein", "nein", false, null),
                    ]),
            ])),
        [typeof(WorkshopScheduled)] = new WorkshopScheduled("dessau-rosslau", Workshop, "Selbstcheck-Workshop", "2020-07-01T13:00", "Rathaus Dessau", false, Given.S("Externe Prozessbegleitung")),
        [typeof(WorkshopRescheduled)] = new WorkshopRescheduled("dessau-rosslau", Workshop, "2020-07-02T13:00", null, true, "Kontaktbeschränkungen"),
        [typeof(WorkshopCancelled)] = new WorkshopCancelled("dessau-rosslau", Workshop, "Pandemie"),
        [typeof(WorkshopHeld)] = new WorkshopHeld("dessau-rosslau", Workshop),
        [typeof(WorkshopAgendaSet)] = new WorkshopAgendaSet("dessau-rosslau", Workshop, ["Ein gemeinsames Bild über die Ergebnisse der Selbsteinschätzung"],
            [new AgendaItem("15:30", "Pause", null), new AgendaItem(null, "Priorisierung der Handlungsfelder", Given.S("Prozessbegleitung"))]),
        [typeof(WorkshopParticipantsRecorded)] = new WorkshopParticipantsRecorded("dessau-rosslau", Workshop,
            [new Institution("Verwaltung", "Integrationsbüro", [Person]), new Institution("Zivilgesellschaft", "Multikulturelles Zentrum", null)]),
        [typeof(UnderstandingRecorded)] = new UnderstandingRecorded("dessau-rosslau", Workshop,
            [new ListItem("Keine Vorurteile haben."), new ListItem("In der Organisation der Stadtverwaltung:", ["Mehrsprachige Informationen", "Einfache Sprache"])]),
        [typeof(PrioritiesConfirmed)] = new PrioritiesConfirmed("dessau-rosslau", Workshop, [4, 5], new Dictionary<int, int> { [4] = 12, [5] = 9 }),
        [typeof(WorkingGroupRecorded)] = new WorkingGroupRecorded("dessau-rosslau", Workshop, 5,
            [new ListItem("Die Ehrenamtskarte ist seit dem Jahr 2019 eingeführt.")],
            [new ListItem("Beteiligung außerhalb von Projekten ist schwierig.")],
            [new ListItem("Netzwerksarbeit sicherstellen und offener gestalten:", ["Netzwerksstruktur weiter ausbauen"])]),
        [typeof(AgreementsRecorded)] = new AgreementsRecorded("dessau-rosslau", Workshop,
            [new Agreement(Agreement, "Dialogveranstaltung mit Einwohnerinnen und Einwohnern", "Dialogveranstaltung", "Integrationsbüro", "2020-10-08", "geplant", null)]),
        [typeof(FeedbackRecorded)] = new FeedbackRecorded("dessau-rosslau", Workshop, ["Der Workshop hat zum Nachdenken angeregt."]),
        [typeof(ActionItemAdded)] = new ActionItemAdded("dessau-rosslau", ActionItem, 5, "Netzwerksarbeit sicherstellen und offener gestalten",
            ["Netzwerksstruktur weiter ausbauen"], "Integrationsbüro", true, "2021-06-30", Workshop),
        [typeof(ActionItemPlanned)] = new ActionItemPlanned("dessau-rosslau", ActionItem, "Amt für Stadtentwicklung", "2021-09-30", 2, "Zuständigkeit im Dezernat neu geregelt"),
        [typeof(ActionItemStatusChanged)] = new ActionItemStatusChanged("dessau-rosslau", ActionItem, "offen", "verworfen", "Durch Landesprogramm abgedeckt", 3),
        [typeof(ActionItemNoted)] = new ActionItemNoted("dessau-rosslau", ActionItem, Given.S("Abstimmung mit dem Stadtelternrat am 12. Mai"), 4),
        [typeof(MilestonePlanned)] = new MilestonePlanned("dessau-rosslau", Milestone, "Dialogveranstaltung mit Einwohnerinnen und Einwohnern", "Dialogveranstaltung",
            "Integrationsbüro", Person, null, "2020-10-08T18:00", [5], [ActionItem], Agreement),
        [typeof(MilestoneRescheduled)] = new MilestoneRescheduled("dessau-rosslau", Milestone, "2020-10-15", null, "Saal belegt", 2),
        [typeof(MilestoneCompleted)] = new MilestoneCompleted("dessau-rosslau", Milestone, 3),
        [typeof(MilestoneCancelled)] = new MilestoneCancelled("dessau-rosslau", Milestone, "Kontaktbeschränkungen", 3),
        [typeof(ReminderPolicySet)] = new ReminderPolicySet("dessau-rosslau", [14, 3, 0], "08:00", 7),
        [typeof(RemindersPlanned)] = new RemindersPlanned("dessau-rosslau", Milestone, 1,
        [
            new PlannedReminder("p1-d14", ReminderKinds.Vorab, 14, new DateTimeOffset(2020, 9, 24, 6, 0, 0, TimeSpan.Zero)),
            new PlannedReminder("p1-d0", ReminderKinds.Faellig, 0, new DateTimeOffset(2020, 10, 8, 6, 0, 0, TimeSpan.Zero)),
            new PlannedReminder("p1-eskalation", ReminderKinds.Eskalation, -7, new DateTimeOffset(2020, 10, 15, 6, 0, 0, TimeSpan.Zero)),
        ]),
        [typeof(ReminderSent)] = new ReminderSent("dessau-rosslau", Milestone, "p1-d0", "stelle:Integrationsbüro", "<erinnerung.0191b7c4@selbstcheck>", 2),
        [typeof(ReminderDeliveryFailed)] = new ReminderDeliveryFailed("dessau-rosslau", Milestone, "p1-d0", 1, "Connection refused"),
        [typeof(ReminderAbandoned)] = new ReminderAbandoned("dessau-rosslau", Milestone, "p1-d0", 13, "Connection refused"),
        [typeof(DailyMailCapReached)] = new DailyMailCapReached("dessau-rosslau", new DateOnly(2020, 10, 8), 200, Milestone, "p1-d0", 3),
        [typeof(PersonalDataRedacted)] = new PersonalDataRedacted("dessau-rosslau", Given.S("Frau Beispiel").Ref, "Antrag auf Löschung nach Art. 17 DSGVO"),
        [typeof(Selbstcheck.Workflow.Programme.PersonErased)] = new Selbstcheck.Workflow.Programme.PersonErased(Person, "Antrag auf Löschung nach Art. 17 DSGVO"),
        [typeof(CommentaryRecorded)] = new CommentaryRecorded("dessau-rosslau", 1, 5, "Engagement und Beteiligung sind für viele Einwohner*innen möglich.", 1),
        [typeof(LinkIssued)] = new LinkIssued("dessau-rosslau", Link, "befragung", $"runde-1/{Respondent}", new DateTimeOffset(2020, 11, 30, 9, 0, 0, TimeSpan.Zero)),
        [typeof(LinkRevoked)] = new LinkRevoked("dessau-rosslau", Link, "ersetzt durch einen neuen Link"),
        // #14 benchmark: synthetic demo Kommunen.
        [typeof(KommuneMarkedSynthetic)] = new KommuneMarkedSynthetic("fiktiv-01", "Demo: Vergleich über Kommunen (Fiktive Kohorte 2020)"),
        // #15 H2 workshop results: a recorded working group's lists revised.
        [typeof(WorkingGroupRevised)] = new WorkingGroupRevised("dessau-rosslau", Workshop, 5,
            [new ListItem("Die Ehrenamtskarte ist seit dem Jahr 2019 eingeführt.")],
            [new ListItem("Beteiligung außerhalb von Projekten ist schwierig.")],
            [new ListItem("Netzwerksarbeit sicherstellen und offener gestalten:", ["Netzwerksstruktur weiter ausbauen"])],
            ["Migrantenorganisationen stärker einbinden"]),
        [typeof(CatalogueImported)] = new CatalogueImported("weltoffene-kommune-2020", "2020.1", new string('a', 64), "created"),
        [typeof(ScoringSchemeImported)] = new ScoringSchemeImported("standard", "1", new string('b', 64)),
        [typeof(PersonRegistered)] = new PersonRegistered(Person),
        [typeof(UserAdded)] = new UserAdded("u-0191b7c45a2e7c3e9a5100000000000a", "kommune", "dessau-rosslau"),
        [typeof(PersonLinkIssued)] = new PersonLinkIssued(Person, Link, "kalender", new DateTimeOffset(2021, 11, 30, 9, 0, 0, TimeSpan.Zero)),
        [typeof(PersonLinkRevoked)] = new PersonLinkRevoked(Person, Link, null),
        // #14 seed exactness
        [typeof(AnswersMarkedReconstructed)] = new AnswersMarkedReconstructed("dessau-rosslau", 1, Respondent, ["2.1", "3.1", "6.1"],
            "Die Dokumentation nennt nur die erreichte Stufe."),
        [typeof(ContributorsRecorded)] = new ContributorsRecorded("dessau-rosslau", 1, Respondent, "Interne Steuerungsgruppe",
            [new ContributingUnit("Ausländerbehörde", "II"), new ContributingUnit("Sozialcontrolling", null)]),
        [typeof(ScoringSchemeConfigured)] = new ScoringSchemeConfigured("dessau-rosslau", "streng", "2"),
        [typeof(WorkshopFrameRecorded)] = new WorkshopFrameRecorded("dessau-rosslau", Workshop, new DocumentationFrame(
            new Address("Der Oberbürgermeister der Stadt Dessau-Roßlau", ["Die Stadt ist eine der ersten 20 Kommunen des Projektes."]),
            [new ProgrammePartner("Bertelsmann Stiftung", "Senior Project Manager", "per Zoom zugeschaltet", Person)],
            new Address("Die Bertelsmann Stiftung", ["… eine Standortbestimmung vorzunehmen."]),
            "Die externe Prozessbegleitung",
            "Weltoffene Kommunen setzen sich proaktiv für eine Kultur und Politik ein …",
            "Die externe Prozessbegleitung",
            "PHINEO gAG",
            new Dictionary<int, string> { [4] = "Interkulturelle Öffnung und Antirassismus (Antidiskriminierung)" },
            "Die ausführliche Präsentation ist als Anlage beigefügt.")),
        // #14 open survey.
        [typeof(ExternalRespondentAdded)] = new ExternalRespondentAdded("dessau-rosslau", 4, Respondent, "Migrantenbeirat Dessau-Roßlau", Person, Link),
        [typeof(OpenSurveyLinkCreated)] = new OpenSurveyLinkCreated("dessau-rosslau", 4, Link, 500, new DateTimeOffset(2020, 11, 30, 9, 0, 0, TimeSpan.Zero)),
        [typeof(OpenResponseStarted)] = new OpenResponseStarted("dessau-rosslau", 4, Respondent, Link),
        [typeof(InterviewSummaryRecorded)] = new InterviewSummaryRecorded("dessau-rosslau", 5, 3, Given.S("Die Fraktionen sehen Handlungsbedarf bei der Öffnung der Verwaltung."), 1),
        // #15 H3 programme Kommunen: master data changed.
        [typeof(KommuneMasterDataChanged)] = new KommuneMasterDataChanged(
            "dessau-rosslau", "Dessau-Roßlau", "Kreisfreie Stadt", "Sachsen-Anhalt", "2020-2", new DateOnly(2020, 3, 1), "15001000"),
        // #15 H4 programme people + users.
        [typeof(PersonChanged)] = new PersonChanged(Person, 2),
        [typeof(UserRenamed)] = new UserRenamed("u-0191b7c45a2e7c3e9a5100000000000a", 2),
        [typeof(UserErased)] = new UserErased("u-0191b7c45a2e7c3e9a5100000000000a", "Antrag auf Löschung nach Art. 17 DSGVO"),
    };

    public static TheoryData<string> EventTypeNames => new(EventTypes.All.Select(t => t.Type.Name));

    [Fact]
    public void every_event_type_has_a_pinned_sample()
    {
        var missing = EventTypes.All.Where(t => !Samples.ContainsKey(t.Type)).Select(t => t.Type.Name).ToList();
        Assert.True(missing.Count == 0, $"Event types without a JSON sample: {string.Join(", ", missing)}");
    }

    [Fact]
    public void the_stored_event_type_names_are_pinned()
    {
        Snapshot.Match(EventTypes.All.Select(t => new { StoredName = t.StoredName, Type = t.Type.Name }).ToList());
    }

    [Fact]
    public void every_event_type_of_the_stream_is_pinned_once_and_under_the_name_earlier_versions_stored()
    {
        // The events of the Kommunen's streams and of the programme stream.
        var streamEvents = typeof(IKommuneEvent).Assembly.GetTypes()
            .Where(t => t.IsClass && (typeof(IKommuneEvent).IsAssignableFrom(t) || typeof(IProgrammeEvent).IsAssignableFrom(t))).ToHashSet();
        Assert.Equal(streamEvents.OrderBy(t => t.Name), EventTypes.All.Select(t => t.Type).OrderBy(t => t.Name));
        Assert.Equal(EventTypes.All.Count, EventTypes.All.Select(t => t.StoredName).Distinct().Count());

        // Until the names were pinned, Marten derived them from the class names (its classic style): the pins keep exactly those.
        Assert.All(EventTypes.All, t => Assert.Equal(t.Type.GetEventTypeName(JasperFx.Events.EventNamingStyle.ClassicTypeName), t.StoredName));
    }

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void event_json_is_pinned(string typeName)
    {
        var type = EventTypes.All.Single(t => t.Type.Name == typeName).Type;
        var sample = Samples[type];
        var json = StoreSerializer().ToJson(sample);

        Snapshot.Match(JToken.Parse(json), SnapshotNameExtension.Create(typeName));

        // And it reads back to the same JSON: no field is lost on the way through the store.
        var back = StoreSerializer().FromJson(type, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Equal(json, StoreSerializer().ToJson(back));
    }

    private static Marten.ISerializer StoreSerializer()
    {
        var options = new StoreOptions();
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        return options.Serializer();
    }
}
