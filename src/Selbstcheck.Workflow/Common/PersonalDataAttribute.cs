namespace Selbstcheck.Workflow.Common;

/// <summary>
/// Classifies a text property of an event or a resource: whether its value can be personal data —
/// a person's name or address, or free text that may name a person. Every string property of the
/// events and of the resources the API returns carries it (a test fails on an unclassified one), so
/// a new field is a decision about personal data before it is a field.
/// <list type="bullet">
/// <item><c>[PersonalData(true)]</c>: shown only to roles that need it; in events and stored read models
/// it is never the value itself but a reference into the personal-data store, which erasure empties.</item>
/// <item><c>[PersonalData(false)]</c>: ids, codes, catalogue texts, statuses, dates — nothing about a person.</item>
/// </list>
/// On a positional record, put it on the parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PersonalDataAttribute(bool personal) : Attribute
{
    public bool Personal { get; } = personal;
}
