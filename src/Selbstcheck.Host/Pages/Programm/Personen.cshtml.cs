using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.People;

namespace Selbstcheck.Host.Pages.Programm;

/// <summary>
/// #15 H4: the programme team's people (facilitators, contact persons): the list (through PeopleEndpoints.List) and
/// the form that registers a person (PeopleEndpoints.RegisterAsync, what POST /api/people does).
/// </summary>
public sealed class PersonenModel(IDocumentSession session, TimeProvider clock) : SelbstcheckPage, IProgrammPage
{
    public const string Form = "anlegen";

    public Paged<PeopleEndpoints.PersonResource> People { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? name, string? email, string? organisation, CancellationToken ct)
    {
        PeopleEndpoints.PersonResource? created = null;
        if (await RunAsync(async () => created = PeopleEndpoints.PersonResource.From(await PeopleEndpoints.RegisterAsync(
                new RegisterPerson(name, string.IsNullOrWhiteSpace(email) ? null : email, string.IsNullOrWhiteSpace(organisation) ? null : organisation),
                ProgrammeActions.Of(HttpContext), session, clock, ct)), Form))
        {
            return Done("Person angelegt.", $"person-{created!.Id}");
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>What the user typed into the form after a refusal.</summary>
    public string? Sent(string field) => Errors.Form == Form && Request.HasFormContentType && Request.Form.TryGetValue(field, out var v) ? v.ToString() : null;

    private async Task LoadAsync(CancellationToken ct) => People = await PeopleEndpoints.List(session, null, PageRequest.MaxSize.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
}
