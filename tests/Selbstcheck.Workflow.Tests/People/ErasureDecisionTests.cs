using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;
using Selbstcheck.Workflow.People;
using Selbstcheck.Workflow.Programme;
using Selbstcheck.Workflow.Workshops;

namespace Selbstcheck.Workflow.Tests.People;

/// <summary>#12 point 6: personal text is sealed in the vault; erasing a person or redacting a value decides what goes.</summary>
public class ErasureDecisionTests
{
    private const string K = Given.K;
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly PersonRecord Anna = new(Guid.Parse("0191b7c4-5a2e-7c3e-9a51-0000000000a1"), "Anna Beispiel", "anna.beispiel@example.org", "Stadtverwaltung", Now.AddYears(-1));

    private static VaultEntry Entry(string kommune, string value, Guid? person = null) => VaultEntry.New(kommune, value, person, Now);

    [Fact]
    public void personal_text_of_a_command_is_sealed_in_the_vault_and_the_event_carries_only_its_reference_and_salted_hash()
    {
        var vault = new MemoryVault();
        var context = Given.At(Now) with { Vault = vault };

        var events = ScheduleWorkshopDecision.Decide(
            new ScheduleWorkshop(K, Guid.NewGuid(), null, "2020-07-01T13:00", "Rathaus", false, "Anna Beispiel"), Given.WithLeadOffice(), context);

        var scheduled = events.OfType<WorkshopScheduled>().Single();
        Assert.Equal(Given.S("Anna Beispiel"), scheduled.Moderation);
        Assert.DoesNotContain("Anna", System.Text.Json.JsonSerializer.Serialize(events.Cast<object>().ToList()));
        Assert.True(vault.Holds(scheduled.Moderation, "Anna Beispiel"));
    }

    [Fact]
    public void the_salted_hash_proves_a_value_shown_is_the_one_recorded()
    {
        var entry = Entry(K, "Anna Beispiel");

        Assert.Equal(entry.Ref.Hash, PersonalHash.Of(entry.Salt, "Anna Beispiel"));
        Assert.NotEqual(entry.Ref.Hash, PersonalHash.Of(entry.Salt, "Anna Beispie1"));
        Assert.NotEqual(entry.Ref.Hash, PersonalHash.Of("", "Anna Beispiel"));
    }

    [Fact]
    public void erasing_a_person_leaves_a_tombstone_and_erases_every_vault_entry_about_them_in_every_kommune()
    {
        var tagged = Entry(K, "Funktionspostfach", Anna.Id);
        var named = Entry("halle", "Rückfrage bei anna beispiel klären");
        var address = Entry(K, "ANNA.BEISPIEL@example.org");
        var other = Entry(K, "Herr Muster");
        var notHer = Entry(K, "Anna Beispielhaft und Hanna Beispiel");

        var erasure = ErasePersonDecision.Decide(new ErasePerson(Anna.Id, "Antrag nach Art. 17 DSGVO"), Anna, [tagged, named, address, other, notHer], Now);

        Assert.Equal(new PersonErased(Anna.Id, "Antrag nach Art. 17 DSGVO"), erasure.Erased);
        Assert.Equal([tagged.Id, named.Id, address.Id], erasure.VaultEntries);
        Assert.Equal([new PersonalDataRedacted(K, tagged.Id, "Antrag nach Art. 17 DSGVO"), new PersonalDataRedacted("halle", named.Id, "Antrag nach Art. 17 DSGVO"),
            new PersonalDataRedacted(K, address.Id, "Antrag nach Art. 17 DSGVO")], erasure.Redactions);
        Assert.Equal((Anna.Id, "gelöscht", (string?)null, (string?)null, (DateTimeOffset?)Now),
            (erasure.Tombstone.Id, erasure.Tombstone.Name, erasure.Tombstone.Email, erasure.Tombstone.Organisation, erasure.Tombstone.ErasedAt));
    }

    [Fact]
    public void erasing_an_unknown_or_already_erased_person_is_not_found()
    {
        Assert.Equal("person-unbekannt", Assert.Throws<NotFound>(() => ErasePersonDecision.Decide(new ErasePerson(Guid.NewGuid(), "Grund"), null, [], Now)).Type);
        Assert.Throws<NotFound>(() => ErasePersonDecision.Decide(new ErasePerson(Anna.Id, "Grund"), PersonRecord.TombstoneOf(Anna, Now), [], Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void an_erasure_without_a_reason_is_invalid_input(string? reason)
    {
        var e = Assert.Throws<InvalidInput>(() => ErasePersonDecision.Decide(new ErasePerson(Anna.Id, reason), Anna, [], Now));
        Assert.Equal("reason", Assert.Single(e.Errors).Field);
    }

    [Fact]
    public void a_redaction_by_reference_or_by_text_names_each_erased_value_without_its_text()
    {
        var comment = Entry(K, "Laut Frau Muster ist das erledigt");
        var note = Entry(K, "frau muster anrufen");
        var elsewhere = Entry("halle", "Frau Muster");
        var state = Given.Kommune();

        var byText = RedactPersonalDataDecision.Decide(new RedactPersonalData(K, null, "Frau Muster", "Widerspruch der Betroffenen"), state, [comment, note, elsewhere]);
        var byRef = RedactPersonalDataDecision.Decide(new RedactPersonalData(K, note.Id, null, "Widerspruch"), state, [comment, note]);

        Assert.Equal([new PersonalDataRedacted(K, comment.Id, "Widerspruch der Betroffenen"), new PersonalDataRedacted(K, note.Id, "Widerspruch der Betroffenen")], byText);
        Assert.Equal([new PersonalDataRedacted(K, note.Id, "Widerspruch")], byRef);
    }

    [Fact]
    public void a_redaction_without_reason_or_target_is_invalid_and_one_that_matches_nothing_is_not_found()
    {
        var state = Given.Kommune();
        var invalid = Assert.Throws<InvalidInput>(() => RedactPersonalDataDecision.Decide(new RedactPersonalData(K, null, null, null), state, []));
        Assert.Equal(["ref", "reason"], invalid.Errors.Select(e => e.Field));
        Assert.Equal("wert-unbekannt", Assert.Throws<NotFound>(() =>
            RedactPersonalDataDecision.Decide(new RedactPersonalData(K, Guid.NewGuid(), null, "Grund"), state, [Entry(K, "x y z")])).Type);
    }

    [Fact]
    public void an_unchanged_address_sent_again_is_recognised_through_the_vault_and_changes_nothing()
    {
        var context = Given.At(Now);
        var added = UpsertUnitDecision.Decide(new UpsertUnit(K, "Sozialamt", "sozialamt@example.org"), Given.Kommune(), context);

        Assert.Empty(UpsertUnitDecision.Decide(new UpsertUnit(K, "Sozialamt", "SOZIALAMT@example.org"), Given.Kommune().After(added), context));
    }
}
