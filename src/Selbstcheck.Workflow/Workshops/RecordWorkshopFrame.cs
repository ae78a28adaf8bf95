using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshops;

/// <summary>
/// The frame of the workshop's documentation (#14), replaced as a whole: the welcome (by role), the
/// programme's partners present, who presented the project (and its points), who presented aims and
/// agenda, the Leitmotiv and who presented it, who presented the questionnaire's results (an
/// organisation), field titles as the workshop used them, the annex. People by role, or as person ids.
/// </summary>
public sealed record RecordWorkshopFrame(
    string KommuneId,
    Guid WorkshopId,
    AddressInput? Welcome,
    IReadOnlyList<PartnerInput>? Partners,
    AddressInput? Project,
    string? AimsBy,
    string? Leitmotiv,
    string? LeitmotivBy,
    string? ResultsBy,
    IReadOnlyDictionary<int, string>? FieldTitles,
    string? Annex,
    long? ExpectedVersion = null) : IKommuneCommand
{
    public string WorkshopKey => WorkshopState.Key(KommuneId, WorkshopId);
}

public sealed record AddressInput(string? By, IReadOnlyList<string>? Points);

public sealed record PartnerInput(string? Organisation, string? Role, string? Note, Guid? PersonId);

public static class RecordWorkshopFrameDecision
{
    public const int MaxShort = 300;

    public static IReadOnlyList<object> Decide(RecordWorkshopFrame c, KommuneState kommune, WorkshopState? workshop)
    {
        var v = new Validation();
        Address? Speech(AddressInput? a, string field)
        {
            if (a is null) return null;
            Short(v, $"{field}.by", a.By, required: true);
            var points = a.Points ?? [];
            for (var i = 0; i < points.Count; i++)
            {
                v.Require(!string.IsNullOrWhiteSpace(points[i]) && points[i].Length <= WorkshopInputs.MaxText, $"{field}.points[{i}]", $"Pflichtfeld, höchstens {WorkshopInputs.MaxText} Zeichen.");
            }

            return v.IsValid ? new Address(a.By!.Trim(), points.Select(p => p.Trim()).ToList()) : null;
        }

        var welcome = Speech(c.Welcome, "welcome");
        var project = Speech(c.Project, "project");
        var partners = c.Partners ?? [];
        for (var i = 0; i < partners.Count; i++)
        {
            Short(v, $"partners[{i}].organisation", partners[i]?.Organisation, required: true);
            Short(v, $"partners[{i}].role", partners[i]?.Role, required: true);
            Short(v, $"partners[{i}].note", partners[i]?.Note, required: false);
            if (partners[i]?.PersonId is { } p && !kommune.People.Contains(p))
            {
                v.Add($"partners[{i}].personId", $"Person {p} ist in dieser Kommune nicht erfasst (z. B. als Teilnehmende des Workshops).");
            }
        }

        Short(v, "aimsBy", c.AimsBy, required: false);
        Short(v, "leitmotivBy", c.LeitmotivBy, required: false);
        Short(v, "resultsBy", c.ResultsBy, required: false);
        Short(v, "annex", c.Annex, required: false);
        v.Require(c.Leitmotiv is null || (!string.IsNullOrWhiteSpace(c.Leitmotiv) && c.Leitmotiv.Length <= WorkshopInputs.MaxText), "leitmotiv", $"Höchstens {WorkshopInputs.MaxText} Zeichen.");
        foreach (var (field, title) in c.FieldTitles ?? new Dictionary<int, string>())
        {
            if (!kommune.Fields.Contains(field)) v.Add($"fieldTitles.{field}", $"Handlungsfeld {field} gibt es nicht.");
            Short(v, $"fieldTitles.{field}", title, required: true);
        }

        v.ThrowIfInvalid();
        WorkshopState.EditableList(workshop, kommune.Id, c.WorkshopId, WorkshopLists.Frame, c.ExpectedVersion);
        var frame = new DocumentationFrame(
            welcome,
            partners.Select(p => new ProgrammePartner(p.Organisation!.Trim(), p.Role!.Trim(), Trim(p.Note), p.PersonId)).ToList(),
            project,
            Trim(c.AimsBy),
            Trim(c.Leitmotiv),
            Trim(c.LeitmotivBy),
            Trim(c.ResultsBy),
            c.FieldTitles?.ToDictionary(t => t.Key, t => t.Value.Trim()),
            Trim(c.Annex));
        return [new WorkshopFrameRecorded(kommune.Id, c.WorkshopId, frame)];
    }

    private static void Short(Validation v, string field, string? value, bool required)
    {
        if (value is null)
        {
            if (required) v.Add(field, "Pflichtfeld.");
            return;
        }

        v.Require(!string.IsNullOrWhiteSpace(value) && value.Length <= MaxShort, field, $"Nicht leer, höchstens {MaxShort} Zeichen.");
    }

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public static class RecordWorkshopFrameHandler
{
    public static (WorkshopReply, Events) Handle(
        RecordWorkshopFrame command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordWorkshopFrame.WorkshopKey))] WorkshopState? workshop) =>
        WorkshopReply.ForList(command.WorkshopId, workshop, WorkshopLists.Frame, RecordWorkshopFrameDecision.Decide(command, kommune, workshop));
}
