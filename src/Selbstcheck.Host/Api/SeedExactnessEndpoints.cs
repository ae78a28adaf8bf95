using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Workflow.Questionnaire;
using Selbstcheck.Workflow.Workshops;
using Wolverine;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>
/// #14 seed exactness: the Kommune's scoring scheme, the units that contributed to a respondent's
/// answers, reconstructed answers, and the frame of a workshop's documentation.
/// </summary>
public static class SeedExactnessEndpoints
{
    public sealed record ScoringSchemeRequest(string? Scheme, string? SchemeVersion, long? ExpectedVersion = null, string? KommuneId = null);

    /// <summary>The Kommune's own scoring scheme for closing rounds; both null: the programme's again.</summary>
    [WolverinePut("/api/kommunen/{id}/scoring-scheme", OperationId = "configureScoringScheme")]
    [Tags("Standortbestimmung")]
    public static Task<ScoringSchemeReply> ScoringScheme(string id, ScoringSchemeRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<ScoringSchemeReply>(user, new ConfigureScoringScheme(id, body.Scheme, body.SchemeVersion, body.ExpectedVersion), ct);

    public sealed record ContributorsRequest(IReadOnlyList<ContributorInput>? Units, string? KommuneId = null);

    /// <summary>The units that worked on this respondent's answers ("beteiligte Stellen"), replaced as a whole.</summary>
    [WolverinePut("/api/kommunen/{id}/rounds/{n}/respondents/{rid}/contributors", OperationId = "recordContributors")]
    [Tags("Fragebogen")]
    public static Task<ContributorsReply> Contributors(string id, string n, string rid, ContributorsRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<ContributorsReply>(user, new RecordContributors(id, Route.Round(n), Route.Item(rid), body.Units), ct);

    public sealed record ReconstructedRequest(IReadOnlyList<string>? Criteria, string? Reason, string? KommuneId = null);

    /// <summary>Marks answers of this respondent as reconstructed (not documented); they are shown as "rekonstruiert".</summary>
    [WolverinePost("/api/kommunen/{id}/rounds/{n}/respondents/{rid}/reconstructed", OperationId = "markAnswersReconstructed")]
    [Tags("Fragebogen")]
    public static Task<ReconstructedReply> Reconstructed(string id, string n, string rid, ReconstructedRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<ReconstructedReply>(user, new MarkAnswersReconstructed(id, Route.Round(n), Route.Item(rid), body.Criteria, body.Reason), ct);

    public sealed record FrameRequest(
        AddressInput? Welcome,
        IReadOnlyList<PartnerInput>? Partners,
        AddressInput? Project,
        string? AimsBy,
        string? Leitmotiv,
        string? LeitmotivBy,
        string? ResultsBy,
        IReadOnlyDictionary<int, string>? FieldTitles,
        string? Annex,
        long? ExpectedVersion = null,
        string? KommuneId = null);

    /// <summary>The frame of the workshop's documentation (welcome, partners, presenters, Leitmotiv, annex), replaced as a whole.</summary>
    [WolverinePut("/api/kommunen/{id}/workshops/{w}/frame", OperationId = "recordWorkshopFrame")]
    [Tags("Workshop")]
    public static Task<WorkshopReply> Frame(string id, string w, FrameRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<WorkshopReply>(user, new RecordWorkshopFrame(id, Route.Item(w), body.Welcome, body.Partners, body.Project, body.AimsBy,
            body.Leitmotiv, body.LeitmotivBy, body.ResultsBy, body.FieldTitles, body.Annex, body.ExpectedVersion), ct);
}
