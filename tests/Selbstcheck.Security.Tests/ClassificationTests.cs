using System.Reflection;
using Selbstcheck.Host.Api;
using Selbstcheck.Projections.ActionPlan;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Programme;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// Every string property of every event and of every resource the API returns says whether it can
/// hold personal data (<see cref="PersonalDataAttribute"/>): a new field cannot slip past the decision.
/// </summary>
public class ClassificationTests
{
    [Fact]
    public void every_string_property_of_events_and_resources_is_classified()
    {
        var unclassified = Classified.Properties().Where(p => p.Personal is null).Select(p => p.Name).ToList();

        Assert.True(unclassified.Count == 0,
            $"{unclassified.Count} text properties without [PersonalData(true|false)]:\n" + string.Join("\n", unclassified));
    }

    [Fact]
    public void the_walk_reaches_events_documents_and_resources()
    {
        var names = Classified.Properties().Select(p => p.Name).ToHashSet();

        // One of each kind, so a narrowed walk is noticed: an event, a nested event part, a stored read model, a resource.
        Assert.Contains("AnswerRecorded.Answer", names);
        Assert.Contains("AgendaItem.Title", names);
        Assert.Contains("ActionPlanItem.Owner", names);
        Assert.Contains("UnitResource.Email", names);
        Assert.Contains("PeopleEndpoints.PersonResource.Name", names);
        Assert.Contains("HistoryEndpoints.HistoryEntry.Type", names);
    }

    [Fact]
    public void names_and_addresses_are_classified_as_personal()
    {
        var personal = Classified.Properties().Where(p => p.Personal == true).Select(p => p.Name).ToHashSet();

        Assert.Contains("PeopleEndpoints.PersonResource.Name", personal);
        Assert.Contains("PeopleEndpoints.PersonResource.Email", personal);
        Assert.Contains("UnitResource.Email", personal);
        Assert.Contains("AnswerResource.Comment", personal);
        Assert.Contains("AgendaItemResource.By", personal);
        Assert.Contains("ActionPlanEndpoints.NoteResource.Text", personal);
    }

    [Fact]
    public void events_and_stored_read_models_hold_personal_values_only_as_vault_references()
    {
        // What is stored and chained must never hold a personal value in clear: erasure could not reach it.
        var stored = Classified.Properties(resources: false).Where(p => p.Personal == true).Select(p => p.Name).ToList();

        Assert.True(stored.Count == 0, "Personal text in an event or a stored read model (seal it in the vault, keep the PersonalRef):\n" + string.Join("\n", stored));
        Assert.Contains(typeof(Selbstcheck.Workflow.People.PersonalRef), typeof(AnswerRecorded).GetProperties().Select(p => Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType));
    }
}

/// <summary>The text properties of the events and resources, each with its classification (null: none).</summary>
internal static class Classified
{
    public sealed record TextProperty(string Name, bool? Personal);

    /// <param name="resources">With the API's resources (what is shown), or only events and stored read models (what is kept).</param>
    public static IReadOnlyList<TextProperty> Properties(bool resources = true)
    {
        var seen = new HashSet<Type>();
        var found = new List<TextProperty>();
        foreach (var root in Roots(resources)) Walk(root, seen, found);
        return found.DistinctBy(p => p.Name).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Events (both streams), the stored read models, the API's resources and replies.</summary>
    private static IEnumerable<Type> Roots(bool resources)
    {
        var workflow = typeof(IKommuneEvent).Assembly;
        foreach (var t in workflow.GetExportedTypes())
        {
            if (t.IsAbstract || t.IsInterface) continue;
            if (typeof(IKommuneEvent).IsAssignableFrom(t) || typeof(IProgrammeEvent).IsAssignableFrom(t) || (resources && t.Name.EndsWith("Reply", StringComparison.Ordinal)))
                yield return t;
        }

        foreach (var t in typeof(ActionPlanItem).Assembly.GetExportedTypes())
        {
            if (t is { IsClass: true, IsAbstract: false } && !IsProjection(t)) yield return t;
        }

        if (!resources) yield break;

        // The person record is the one stored place of a name and an address, erased by emptying it.
        yield return typeof(Selbstcheck.Workflow.People.PersonRecord);

        foreach (var t in typeof(HistoryEndpoints).Assembly.GetExportedTypes())
        {
            if (t.Namespace != typeof(HistoryEndpoints).Namespace || t.IsAbstract || !IsRecord(t)) continue;
            if (t.Name.EndsWith("Request", StringComparison.Ordinal)) continue; // what a client sends, not a resource
            yield return t;
        }
    }

    private static bool IsProjection(Type t)
    {
        for (var b = t.BaseType; b is not null; b = b.BaseType)
        {
            if (b.Namespace?.StartsWith("Marten", StringComparison.Ordinal) == true || b.Namespace?.StartsWith("JasperFx", StringComparison.Ordinal) == true)
                return true;
        }

        return false;
    }

    private static bool IsRecord(Type t) => t.GetMethod("<Clone>$") is not null;

    private static void Walk(Type type, HashSet<Type> seen, List<TextProperty> found)
    {
        if (!seen.Add(type)) return;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0) continue;
            if (IsText(p.PropertyType))
            {
                found.Add(new TextProperty(NameOf(type) + "." + p.Name, ClassificationOf(type, p)));
                continue;
            }

            foreach (var inner in OwnTypesIn(p.PropertyType)) Walk(inner, seen, found);
        }
    }

    private static string NameOf(Type t) => t.DeclaringType is { } outer ? outer.Name + "." + t.Name : t.Name;

    private static bool? ClassificationOf(Type type, PropertyInfo p)
    {
        if (p.GetCustomAttribute<PersonalDataAttribute>() is { } onProperty) return onProperty.Personal;
        foreach (var ctor in type.GetConstructors())
        {
            var parameter = ctor.GetParameters().FirstOrDefault(x => x.Name == p.Name);
            if (parameter?.GetCustomAttribute<PersonalDataAttribute>() is { } onParameter) return onParameter.Personal;
        }

        // A property that implements a classified interface property (every event's KommuneId) shares its classification.
        foreach (var contract in type.GetInterfaces())
        {
            if (contract.GetProperty(p.Name)?.GetCustomAttribute<PersonalDataAttribute>() is { } onContract) return onContract.Personal;
        }

        return null;
    }

    /// <summary>A string, or a collection or dictionary of strings.</summary>
    private static bool IsText(Type t) =>
        t == typeof(string) ||
        (t != typeof(string) && t.IsGenericType && t.GetGenericArguments().Last() == typeof(string) &&
         typeof(System.Collections.IEnumerable).IsAssignableFrom(t)) ||
        t == typeof(string[]);

    /// <summary>The project's own types in a property's type (itself, its element type, a dictionary's value type).</summary>
    private static IEnumerable<Type> OwnTypesIn(Type t)
    {
        var candidates = new List<Type> { Nullable.GetUnderlyingType(t) ?? t };
        if (t.IsArray) candidates.Add(t.GetElementType()!);
        if (t.IsGenericType) candidates.AddRange(t.GetGenericArguments());
        return candidates.Where(c => c.Namespace?.StartsWith("Selbstcheck", StringComparison.Ordinal) == true && !c.IsEnum);
    }
}
