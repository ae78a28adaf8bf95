using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.People;
using Selbstcheck.Workflow.Programme;
using Wolverine;

namespace Selbstcheck.Host.Pages.Programm;

/// <summary>
/// #15 H4: one person: the edit form (ChangePerson, what PUT /api/people/{id} sends, with the record's version),
/// where the person is referenced, and the way to the erasure's confirmation. A stale save keeps what was typed and
/// shows the current version above the form.
/// </summary>
public sealed class PersonModel(IMessageBus bus, IQuerySession session) : SelbstcheckPage, IProgrammPage
{
    public const string Form = "bearbeiten";

    [FromRoute(Name = "pid")]
    public string PersonRoute { get; set; } = "";

    public PeopleEndpoints.PersonResource Person { get; private set; } = null!;

    public PersonReferences References { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? name, string? email, string? organisation, long? expectedVersion, CancellationToken ct)
    {
        if (await RunAsync(() => bus.InvokeAs<PersonRecord>(User, new ChangePerson(Api.Route.Item(PersonRoute), name, email, organisation, expectedVersion), ct), Form))
        {
            return Done("Gespeichert.", Form);
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>What the form shows: after a refusal what was typed (also when stale: the current version is shown above it), else the record.</summary>
    public string? Value(string field, string? current) =>
        Errors.Form == Form && Request.HasFormContentType && Request.Form.TryGetValue(field, out var sent) ? sent.ToString() : current;

    private async Task LoadAsync(CancellationToken ct)
    {
        Person = await PeopleEndpoints.Get(PersonRoute, session, ct);
        if (Person.ErasedAt is not null) throw new Workflow.Common.NotFound("person-unbekannt", "Person nicht gefunden", "Die Daten dieser Person sind gelöscht.");
        var record = (await session.LoadAsync<PersonRecord>(Person.Id, ct))!;
        References = await PersonReferences.OfAsync(session, record, ct);
    }
}
