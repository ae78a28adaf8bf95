using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>
/// The scoring scheme the programme evaluates closed rounds under (#14): configured for the service
/// (Selbstcheck:ScoringScheme / Selbstcheck:ScoringSchemeVersion; default "standard" version 1). A
/// Kommune may have its own (<see cref="ConfigureScoringScheme"/>), which wins.
/// </summary>
public sealed record ProgrammeScoring(string Scheme, string Version)
{
    public static readonly ProgrammeScoring Default = new(ScoringScheme.Standard.Id, ScoringScheme.Standard.Version);

    /// <summary>The scheme a round of this Kommune is evaluated under when it is closed.</summary>
    public (string Scheme, string Version) For(KommuneState kommune) =>
        kommune.ScoringScheme is { } s && kommune.ScoringSchemeVersion is { } v ? (s, v) : (Scheme, Version);
}

/// <summary>Set the Kommune's own scoring scheme (an imported one), or with both null go back to the programme's.</summary>
public sealed record ConfigureScoringScheme(string KommuneId, string? Scheme, string? SchemeVersion, long? ExpectedVersion = null) : IKommuneCommand;

public sealed record ScoringSchemeReply([PersonalData(false)] string Scheme, [PersonalData(false)] string SchemeVersion, bool OwnScheme, long Version);

public static class ConfigureScoringSchemeDecision
{
    public static void Validate(ConfigureScoringScheme c) =>
        new Validation()
            .Require(string.IsNullOrWhiteSpace(c.Scheme) == string.IsNullOrWhiteSpace(c.SchemeVersion), "schemeVersion",
                "Schema und Version gemeinsam angeben, oder beide leer lassen (dann gilt das Schema des Programms).")
            .Require(c.Scheme is null || c.Scheme.Trim().Length <= 100, "scheme", "Höchstens 100 Zeichen.")
            .Require(c.SchemeVersion is null || c.SchemeVersion.Trim().Length <= 50, "schemeVersion", "Höchstens 50 Zeichen.")
            .ThrowIfInvalid();

    /// <summary><paramref name="schemeExists"/>: whether the scheme named is imported (or the built-in one).</summary>
    public static IReadOnlyList<object> Decide(ConfigureScoringScheme c, KommuneState kommune, bool schemeExists)
    {
        Validate(c);
        ItemVersion.Check($"Daten der Kommune \"{kommune.Id}\"", c.ExpectedVersion, kommune.DataVersion);
        var scheme = string.IsNullOrWhiteSpace(c.Scheme) ? null : c.Scheme.Trim();
        var version = scheme is null ? null : c.SchemeVersion!.Trim();
        if (scheme is not null && !schemeExists)
        {
            throw new RuleViolation("bewertungsschema-unbekannt", "Bewertungsschema unbekannt", $"Es gibt kein Bewertungsschema \"{scheme}\" in Version {version}.")
            {
                Alternatives = ["Schema zuerst importieren (POST /api/scoring-schemes) oder ein vorhandenes wählen (GET /api/scoring-schemes)."],
            };
        }

        if (scheme == kommune.ScoringScheme && version == kommune.ScoringSchemeVersion) return [];
        return [new ScoringSchemeConfigured(kommune.Id, scheme, version)];
    }
}

public static class ConfigureScoringSchemeHandler
{
    public static async Task<(ScoringSchemeReply, Events)> Handle(
        ConfigureScoringScheme command, [KommuneStream] KommuneState kommune, ProgrammeScoring programme, IDocumentSession session, CancellationToken ct)
    {
        ConfigureScoringSchemeDecision.Validate(command);
        var exists = command.Scheme is { } s && command.SchemeVersion is { } v &&
                     ((s.Trim() == ScoringScheme.Standard.Id && v.Trim() == ScoringScheme.Standard.Version) ||
                      await session.LoadAsync<ScoringSchemeRecord>(ScoringSchemeRecord.Key(s.Trim(), v.Trim()), ct) is not null);
        var events = ConfigureScoringSchemeDecision.Decide(command, kommune, exists);
        var after = events.OfType<ScoringSchemeConfigured>().Aggregate(kommune, (k, e) => k.Apply(e));
        var (scheme, version) = programme.For(after);
        return (new ScoringSchemeReply(scheme, version, after.ScoringScheme is not null, after.DataVersion), new Events(events));
    }
}
