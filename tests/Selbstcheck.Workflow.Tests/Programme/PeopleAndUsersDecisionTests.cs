using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.People;
using Selbstcheck.Workflow.Programme;

namespace Selbstcheck.Workflow.Tests.Programme;

/// <summary>#15 H4: changing a person record, and the user directory's add, rename and erase decisions.</summary>
public class PeopleAndUsersDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly PersonRecord Anna = new(Guid.Parse("0191b7c4-5a2e-7c3e-9a51-0000000000a1"), "Anna Beispiel", "anna.beispiel@example.org", "Stadtverwaltung", Now.AddYears(-1));
    private const string User = "u-0191b7c45a2e7c3e9a5100000000000a";

    [Fact]
    public void changing_a_person_stores_the_new_values_and_records_only_the_id_and_the_new_version()
    {
        var change = ChangePersonDecision.Decide(new ChangePerson(Anna.Id, " Anna Muster ", "anna.muster@example.org", "", 1), Anna, Now);

        Assert.Equal(new PersonChanged(Anna.Id, 2), change.Changed);
        Assert.Equal(Anna with { Name = "Anna Muster", Email = "anna.muster@example.org", Organisation = null, Version = 2 }, change.Record);
        Assert.DoesNotContain("Muster", System.Text.Json.JsonSerializer.Serialize(change.Changed));
    }

    [Fact]
    public void changing_a_person_to_the_same_values_records_nothing()
    {
        var change = ChangePersonDecision.Decide(new ChangePerson(Anna.Id, "Anna Beispiel", "anna.beispiel@example.org", "Stadtverwaltung", 1), Anna, Now);

        Assert.Null(change.Changed);
        Assert.Equal(Anna, change.Record);
    }

    [Fact]
    public void changing_a_person_with_a_stale_version_is_a_conflict()
    {
        var e = Assert.Throws<Conflict>(() => ChangePersonDecision.Decide(new ChangePerson(Anna.Id, "Anna Muster", null, null, 1), Anna with { Version = 2 }, Now));
        Assert.Equal("veraltete-version", e.Type);
    }

    [Fact]
    public void changing_an_erased_or_unknown_person_is_not_found_and_invalid_values_are_named()
    {
        Assert.Throws<NotFound>(() => ChangePersonDecision.Decide(new ChangePerson(Anna.Id, "Anna", null, null), PersonRecord.TombstoneOf(Anna, Now), Now));
        Assert.Throws<NotFound>(() => ChangePersonDecision.Decide(new ChangePerson(Anna.Id, "Anna", null, null), null, Now));
        var invalid = Assert.Throws<InvalidInput>(() => ChangePersonDecision.Decide(new ChangePerson(Anna.Id, " ", "keine-adresse", null), Anna, Now));
        Assert.Equal(["name", "email"], invalid.Errors.Select(e => e.Field));
    }

    [Fact]
    public void adding_a_user_gives_the_key_they_sign_in_with_locally_or_at_an_identity_provider()
    {
        Assert.Equal(("local:anna.beispiel", "Anna Beispiel"), AddUserDecision.Decide(new AddUser(" Anna.Beispiel ", null, " Anna Beispiel "), keyTaken: false));
        Assert.Equal(("oidc:https://sso.example.de/realms/kommunen|1234", "Anna Beispiel"),
            AddUserDecision.Decide(new AddUser("1234", "https://sso.example.de/realms/kommunen/", "Anna Beispiel"), keyTaken: false));
    }

    [Fact]
    public void adding_a_user_under_a_taken_key_is_a_conflict_and_invalid_input_names_every_field()
    {
        Assert.Equal("nutzer-existiert", Assert.Throws<Conflict>(() => AddUserDecision.Decide(new AddUser("anna", null, "Anna"), keyTaken: true)).Type);
        var invalid = Assert.Throws<InvalidInput>(() => AddUserDecision.Decide(new AddUser("", "ftp://x", ""), keyTaken: false));
        Assert.Equal(["subject", "issuer", "displayName"], invalid.Errors.Select(e => e.Field));
    }

    [Fact]
    public void renaming_a_user_records_the_id_and_the_new_version_and_the_same_name_records_nothing()
    {
        Assert.Equal(("Anna Muster", new UserRenamed(User, 2)), RenameUserDecision.Decide(new RenameUser(User, " Anna Muster ", 1), "Anna Beispiel", 1));
        Assert.Equal(("Anna Beispiel", (UserRenamed?)null), RenameUserDecision.Decide(new RenameUser(User, "Anna Beispiel", 1), "Anna Beispiel", 1));
        Assert.Equal("veraltete-version", Assert.Throws<Conflict>(() => RenameUserDecision.Decide(new RenameUser(User, "Anna Muster", 1), "Anna Beispiel", 3)).Type);
        Assert.Equal("nutzer-unbekannt", Assert.Throws<NotFound>(() => RenameUserDecision.Decide(new RenameUser(User, "Anna Muster", 1), null, 0)).Type);
    }

    [Fact]
    public void erasing_a_user_needs_a_reason_and_records_the_id_and_the_reason_only()
    {
        Assert.Equal(new UserErased(User, "Antrag nach Art. 17 DSGVO"), EraseUserDecision.Decide(new EraseUser(User, " Antrag nach Art. 17 DSGVO "), exists: true));
        Assert.Equal("reason", Assert.Single(Assert.Throws<InvalidInput>(() => EraseUserDecision.Decide(new EraseUser(User, " "), exists: true)).Errors).Field);
        Assert.Throws<NotFound>(() => EraseUserDecision.Decide(new EraseUser(User, "Grund"), exists: false));
    }
}
