using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Workshop;

// The events of the Selbstcheck-Workshop, in the Kommune's stream. Pinned by snapshot tests.

/// <summary>A workshop was scheduled: local date-time in Europe/Berlin ("2020-07-01T13:00"), place or online, moderation.</summary>
public sealed record WorkshopScheduled(string KommuneId, Guid WorkshopId, string Title, string StartsAt, string? Place, bool Online, string? Moderation) : IKommuneEvent;

public sealed record WorkshopRescheduled(string KommuneId, Guid WorkshopId, string StartsAt, string? Place, bool Online, string Reason) : IKommuneEvent;

public sealed record WorkshopCancelled(string KommuneId, Guid WorkshopId, string Reason) : IKommuneEvent;

public sealed record WorkshopHeld(string KommuneId, Guid WorkshopId) : IKommuneEvent;

/// <summary>Goals and agenda (Ziele und Ablauf), replaced as a whole.</summary>
public sealed record WorkshopAgendaSet(string KommuneId, Guid WorkshopId, IReadOnlyList<string> Goals, IReadOnlyList<AgendaItem> Items) : IKommuneEvent;

public sealed record AgendaItem(string? Time, string Title, string? By);

/// <summary>The participating institutions by sector (Verwaltung, Politik, Zivilgesellschaft, Wirtschaft); people only as ids.</summary>
public sealed record WorkshopParticipantsRecorded(string KommuneId, Guid WorkshopId, IReadOnlyList<Institution> Institutions) : IKommuneEvent;

public sealed record Institution(string Sector, string Name, IReadOnlyList<Guid>? PersonIds);

/// <summary>The participants' understanding of Weltoffenheit: statements, a heading may carry sub-points.</summary>
public sealed record UnderstandingRecorded(string KommuneId, Guid WorkshopId, IReadOnlyList<ListItem> Statements) : IKommuneEvent;

/// <summary>An item of a poster list, with optional sub-items.</summary>
public sealed record ListItem(string Text, IReadOnlyList<string>? Items = null);

/// <summary>The moderation confirmed the prioritised fields; dot votes per field if there were any.</summary>
public sealed record PrioritiesConfirmed(string KommuneId, Guid WorkshopId, IReadOnlyList<int> Fields, IReadOnlyDictionary<int, int>? Votes) : IKommuneEvent;

/// <summary>A working group's three lists for one prioritised field.</summary>
public sealed record WorkingGroupRecorded(
    string KommuneId,
    Guid WorkshopId,
    int Field,
    IReadOnlyList<ListItem> WhatWorks,
    IReadOnlyList<ListItem> WhatDoesNotWorkYet,
    IReadOnlyList<ListItem> NeedsForAction) : IKommuneEvent;

/// <summary>The agreed next steps (Vereinbarungen), replaced as a whole; #6 schedules them as milestones.</summary>
public sealed record AgreementsRecorded(string KommuneId, Guid WorkshopId, IReadOnlyList<Agreement> Agreements) : IKommuneEvent;

public sealed record Agreement(Guid AgreementId, string Title, string Kind, string? Owner, string? PlannedDate, string Status, IReadOnlyList<string>? Details);

public sealed record FeedbackRecorded(string KommuneId, Guid WorkshopId, IReadOnlyList<string> Items) : IKommuneEvent;
