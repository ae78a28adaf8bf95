using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.People;
using Selbstcheck.Workflow.Programme;
using Wolverine;

namespace Selbstcheck.Host.Pages.Programm;

/// <summary>
/// #15 H4: the confirmation before a person's erasure (#9's ErasePerson, what DELETE /api/people/{id} sends): what becomes
/// unreadable — the record's values, where the person is referenced, how many stored free texts are deleted — and the
/// form with the reason. After the erasure: back to the list, which shows the tombstone.
/// </summary>
public sealed class PersonLoeschenModel(IMessageBus bus, IQuerySession session) : SelbstcheckPage, IProgrammPage
{
    public const string Form = "loeschung";

    [FromRoute(Name = "pid")]
    public string PersonRoute { get; set; } = "";

    public PeopleEndpoints.PersonResource Person { get; private set; } = null!;

    public PersonReferences References { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? reason, CancellationToken ct)
    {
        ErasureReply? reply = null;
        if (await RunAsync(async () => reply = await bus.InvokeAs<ErasureReply>(User, new ErasePerson(Api.Route.Item(PersonRoute), reason), ct), Form))
        {
            Notice = reply!.ErasedValues == 1
                ? "Personenbezogene Daten gelöscht; 1 gespeicherter Freitext gelöscht."
                : $"Personenbezogene Daten gelöscht; {reply.ErasedValues} gespeicherte Freitexte gelöscht.";
            return Redirect($"/programm/personen#person-{reply.PersonId}");
        }

        await LoadAsync(ct);
        return Page();
    }

    public string? Sent(string field) => Errors.Form == Form && Request.HasFormContentType && Request.Form.TryGetValue(field, out var v) ? v.ToString() : null;

    private async Task LoadAsync(CancellationToken ct)
    {
        Person = await PeopleEndpoints.Get(PersonRoute, session, ct);
        if (Person.ErasedAt is not null) throw new Workflow.Common.NotFound("person-unbekannt", "Person nicht gefunden", "Die Daten dieser Person sind bereits gelöscht.");
        References = await PersonReferences.OfAsync(session, (await session.LoadAsync<PersonRecord>(Person.Id, ct))!, ct);
    }
}
