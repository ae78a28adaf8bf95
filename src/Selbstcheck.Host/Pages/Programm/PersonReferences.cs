using Marten;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.People;
using Selbstcheck.Workflow.Programme;

namespace Selbstcheck.Host.Pages.Programm;

/// <summary>
/// #15 H4: where a person is referenced — the Kommunen whose streams name them (as facilitator, a respondent's
/// contact, a partner of a workshop …; <see cref="KommuneState.People"/>) — and the vault entries an erasure
/// deletes (the same selection as <see cref="ErasePersonHandler"/>), per Kommune.
/// </summary>
public sealed record PersonReferences(IReadOnlyList<PersonReferences.Kommune> Kommunen, int VaultEntries)
{
    public sealed record Kommune(string Id, string Name, bool Facilitator, int VaultEntries);

    public static async Task<PersonReferences> OfAsync(IQuerySession session, PersonRecord person, CancellationToken ct)
    {
        var naming = await session.QueryAsync<KommuneState>("where data -> 'people' @> ?::jsonb", ct, $"[\"{person.Id}\"]");
        var entries = person.ErasedAt is null ? await ErasePersonHandler.AboutAsync(session, person, ct) : [];
        var perKommune = entries.GroupBy(e => e.KommuneId).ToDictionary(g => g.Key, g => g.Count());
        var ids = naming.Select(k => k.Id).Union(perKommune.Keys).ToList();
        var names = naming.ToDictionary(k => k.Id, k => k.Name);
        var missing = ids.Where(id => !names.ContainsKey(id)).ToArray();
        if (missing.Length > 0)
        {
            foreach (var k in await session.LoadManyAsync<KommuneState>(ct, missing)) names[k.Id] = k.Name;
        }

        return new PersonReferences(
            ids.Select(id => new Kommune(id, names.GetValueOrDefault(id, id), naming.Any(k => k.Id == id && k.FacilitatorId == person.Id), perKommune.GetValueOrDefault(id)))
                .OrderBy(k => k.Name, StringComparer.CurrentCulture).ToList(),
            entries.Count);
    }
}
