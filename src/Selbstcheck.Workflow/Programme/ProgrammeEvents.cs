using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Programme;

// Every event of the programme stream (ProgrammeStream.Id), in one place. Ids only: people and
// users are named by their ids (their names and emails stay in the `personal` schema); the
// stored names are pinned in Journey/EventTypes, the JSON shapes by snapshot tests.

/// <summary>
/// A catalogue version was imported: new (<paramref name="Outcome"/> "created") or replacing an
/// unused version of the same number ("replaced"); <paramref name="Sha256"/> of its content as stored
/// (see <see cref="ContentHash"/>). An import that changes nothing records nothing.
/// </summary>
public sealed record CatalogueImported([PersonalData(false)] string CatalogueId, [PersonalData(false)] string Version, [PersonalData(false)] string Sha256, [PersonalData(false)] string Outcome) : IProgrammeEvent;

/// <summary>A scoring scheme version was imported; <paramref name="Sha256"/> of its content as stored.</summary>
public sealed record ScoringSchemeImported([PersonalData(false)] string SchemeId, [PersonalData(false)] string Version, [PersonalData(false)] string Sha256) : IProgrammeEvent;

/// <summary>A person record (facilitator, contact person) was created in the personal-data store.</summary>
public sealed record PersonRegistered(Guid PersonId) : IProgrammeEvent;

/// <summary>
/// A user entered the user directory (first sign-in, or a token issued for a new label): the opaque
/// user id, and the role and Kommune it was first seen with (the directory keeps the name apart).
/// </summary>
public sealed record UserAdded([PersonalData(false)] string UserId, [PersonalData(false)] string? Role, [PersonalData(false)] string? KommuneId) : IProgrammeEvent;

/// <summary>
/// A link about a person was issued (a facilitator's calendar feed, spanning their Kommunen): it
/// belongs to no single Kommune, so it is recorded here, not in every Kommune concerned.
/// </summary>
public sealed record PersonLinkIssued(Guid PersonId, Guid LinkId, [PersonalData(false)] string Purpose, DateTimeOffset ExpiresAt) : IProgrammeEvent;

/// <summary>A link about a person was revoked.</summary>
public sealed record PersonLinkRevoked(Guid PersonId, Guid LinkId, [PersonalData(false)] string? Reason) : IProgrammeEvent;
