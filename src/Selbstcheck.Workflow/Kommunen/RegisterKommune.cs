using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Workflow.Kommunen;

/// <summary>Register a Kommune: its journey stream starts here.</summary>
public sealed record RegisterKommune(
    string? Id,
    string? Name,
    string? Kind,
    string? Bundesland,
    string? Cohort = null,
    DateOnly? StartDate = null,
    string? Ags = null) : IKommuneCommand
{
    string IKommuneCommand.KommuneId => Id ?? "";
}

/// <summary>The reply: the new Kommune's id.</summary>
public sealed record KommuneRegisteredReply([PersonalData(false)] string Id);

/// <summary>Reserves an official municipality key for one Kommune (the document id is the AGS: unique by construction).</summary>
public sealed record AgsReservation(string Id, string KommuneId);

public static class RegisterKommuneDecision
{
    /// <summary>Checks the input and returns it normalised (trimmed, canonical kind and Land).</summary>
    public static RegisterKommune Validate(RegisterKommune c)
    {
        var v = new Validation();
        if (string.IsNullOrWhiteSpace(c.Id)) v.Add("id", "Pflichtfeld.");
        else if (c.Id == Programme.ProgrammeStream.Id) v.Add("id", $"Die Kennung \"{c.Id}\" ist für den Verlauf des Programms reserviert.");
        else if (!KommuneId.IsValid(c.Id))
            v.Add("id", $"Nur Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche, höchstens {KommuneId.MaxLength} Zeichen (Vorschlag: \"{KommuneId.FromName(c.Id)}\").");
        var (kind, land) = MasterData(v, c.Name, c.Kind, c.Bundesland, c.Cohort, c.Ags);
        v.ThrowIfInvalid();
        return c with { Name = c.Name!.Trim(), Kind = kind, Bundesland = land };
    }

    /// <summary>
    /// The rules of a Kommune's master data, for registering it and for changing it (#15): name, kind, Land, cohort,
    /// AGS; returns the canonical kind and Land (null where refused — the validation then holds why).
    /// </summary>
    public static (string? Kind, string? Land) MasterData(Validation v, string? name, string? kind, string? bundesland, string? cohort, string? ags)
    {
        if (string.IsNullOrWhiteSpace(name)) v.Add("name", "Pflichtfeld.");
        else if (name.Trim().Length > 200) v.Add("name", "Höchstens 200 Zeichen.");
        var canonicalKind = KommuneKinds.Normalize(kind);
        if (canonicalKind is null) v.Add("kind", $"Erlaubt: {string.Join(", ", KommuneKinds.All)}.");
        var land = Bundeslaender.Normalize(bundesland);
        if (land is null) v.Add("bundesland", "Kein Bundesland.");
        if (cohort is not null && !CohortLabel.IsValid(cohort)) v.Add("cohort", "Format JJJJ-N, z. B. \"2020-1\".");
        if (ags is not null && !Ags.IsValid(ags)) v.Add("ags", "Der Amtliche Gemeindeschlüssel hat genau 8 Ziffern.");
        return (canonicalKind, land);
    }

    /// <summary>Given whether the id and the AGS are free, when registering, then KommuneRegistered.</summary>
    public static IReadOnlyList<object> Decide(RegisterKommune command, bool idTaken, string? agsTakenBy)
    {
        var c = Validate(command);
        if (idTaken)
        {
            throw new Conflict("kommune-existiert", "Kommune existiert bereits", $"Die Kennung \"{c.Id}\" ist bereits vergeben.");
        }

        if (agsTakenBy is not null)
        {
            throw new Conflict(
                "ags-vergeben",
                "Gemeindeschlüssel bereits vergeben",
                $"Der Amtliche Gemeindeschlüssel {c.Ags} gehört bereits zur Kommune \"{agsTakenBy}\".");
        }

        return [new KommuneRegistered(c.Id!, c.Name!, c.Kind!, c.Bundesland!, c.Cohort, c.StartDate, c.Ags)];
    }
}

public static class RegisterKommuneHandler
{
    public static async Task<KommuneRegisteredReply> Handle(RegisterKommune command, IDocumentSession session, CancellationToken ct)
    {
        var c = RegisterKommuneDecision.Validate(command);
        var stream = await session.Events.FetchStreamStateAsync(c.Id!, ct);
        var ags = c.Ags is null ? null : await session.LoadAsync<AgsReservation>(c.Ags, ct);
        var events = RegisterKommuneDecision.Decide(c, stream is not null, ags?.KommuneId);

        // Insert (not Store): a concurrent registration of the same AGS fails at commit.
        if (c.Ags is not null) session.Insert(new AgsReservation(c.Ags, c.Id!));
        session.Events.StartStream<KommuneState>(c.Id!, events.ToArray());
        return new KommuneRegisteredReply(c.Id!);
    }
}
