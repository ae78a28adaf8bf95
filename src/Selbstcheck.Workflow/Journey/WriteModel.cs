using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Reminders;

namespace Selbstcheck.Workflow.Journey;

// The write model of a Kommune's stream: what decisions read, and nothing else. One small state of
// the whole Kommune (the stream's aggregate) and one document per item a command addresses — a
// round, a respondent, a workshop, an action item, a milestone — so a command's cost does not grow
// with the Kommune's history. All are kept by Marten in the commit that appends the events
// (WriteModelProjections); a command loads its Kommune's state (with the stream version, the
// concurrency guard of the whole command) and its items in one round trip. Immutable: every Apply
// returns a new instance (Marten keeps loaded aggregates in the session's identity map).

/// <summary>The Kommune as every stage's decisions see it: master data, units, reminder policy, which rounds are open.</summary>
public sealed record KommuneState
{
    /// <summary>The stream key: the Kommune's slug.</summary>
    public string Id { get; init; } = "";

    /// <summary>
    /// The shape of the write model this state was folded under (<see cref="CurrentShape"/>). A stored
    /// state of an older shape lacks what newer decisions read (the Kommune's people, workshop list
    /// versions): at start, such streams get their write model rebuilt from their events.
    /// </summary>
    public int Shape { get; init; }

    /// <summary>
    /// 2: the Kommune's people, unit address confirmations, workshop list versions, abandoned reminders.
    /// 3 (#14 reminders): action items' text, due date and follow-up milestone.
    /// 4 (#15 master data): kind, Land, cohort, start date and AGS, which the master-data change compares and reserves.
    ///   Also (#15 workshop results): a workshop's Handlungsbedarfe that have an action item (WorkshopState.NeedsWithActionItem),
    ///   which revising a working group reads so that a recorded need never gets a second item — rebuilt with the shape.
    /// </summary>
    public const int CurrentShape = 4;

    public string Name { get; init; } = "";

    public Guid? FacilitatorId { get; init; }

    public string? LeadOffice { get; init; }

    /// <summary>Item version of the Kommune's own data (1 after registration, +1 per change of facilitator, lead office or reminder policy).</summary>
    public long DataVersion { get; init; }

    /// <summary>Units by case-insensitive key.</summary>
    public ImmutableDictionary<string, UnitState> Units { get; init; } = ImmutableDictionary<string, UnitState>.Empty;

    public ReminderPolicy ReminderPolicy { get; init; } = ReminderPolicy.Default;

    /// <summary>The number of the latest round (0: none yet).</summary>
    public int LastRound { get; init; }

    /// <summary>The open rounds: number → actor group.</summary>
    public ImmutableDictionary<int, string> OpenRounds { get; init; } = ImmutableDictionary<int, string>.Empty;

    public ImmutableList<int> LatestRoundFields { get; init; } = [];

    /// <summary>How many items the Kommune holds, for the caps (<see cref="KommuneLimits"/>).</summary>
    public ItemCounts Counts { get; init; } = new();

    /// <summary>
    /// The people the Kommune's stream names (its facilitators, respondents' contact persons,
    /// workshop participants): the only ones its milestones may name as owner person.
    /// </summary>
    public ImmutableHashSet<Guid> People { get; init; } = ImmutableHashSet<Guid>.Empty;

    // Derived members are not stored with the snapshot (it is rewritten on every command).
    [JsonIgnore]
    public int NextRound => LastRound + 1;

    /// <summary>The fields (Handlungsfelder) this Kommune's commands may name.</summary>
    [JsonIgnore]
    public IReadOnlyCollection<int> Fields => Common.Fields.Valid(LatestRoundFields);

    public static KommuneState Create(KommuneRegistered e) => new()
    {
        Id = e.KommuneId, Name = e.Name, DataVersion = 1, Shape = CurrentShape,
        Kind = e.Kind, Bundesland = e.Bundesland, Cohort = e.Cohort, StartDate = e.StartDate, Ags = e.Ags,
    };

    // #15 H3 programme Kommunen: the master data besides the name (what a master-data change compares; the AGS it re-reserves).
    public string Kind { get; init; } = "";

    public string Bundesland { get; init; } = "";

    public string? Cohort { get; init; }

    public DateOnly? StartDate { get; init; }

    public string? Ags { get; init; }

    public KommuneState Apply(KommuneMasterDataChanged e) => this with
    {
        Name = e.Name, Kind = e.Kind, Bundesland = e.Bundesland, Cohort = e.Cohort, StartDate = e.StartDate, Ags = e.Ags, DataVersion = DataVersion + 1,
    };

    public KommuneState Apply(FacilitatorAssigned e) => this with { FacilitatorId = e.PersonId, DataVersion = DataVersion + 1, People = People.Add(e.PersonId) };

    public KommuneState Apply(LeadOfficeNamed e) => this with { LeadOffice = e.Unit, DataVersion = DataVersion + 1 };

    public KommuneState Apply(ReminderPolicySet e) => this with { ReminderPolicy = ReminderPolicy.From(e), DataVersion = DataVersion + 1 };

    public KommuneState Apply(UnitAdded e) =>
        this with { Units = Units.SetItem(UnitName.Key(e.Unit), new UnitState(e.Unit, e.Email, 1) { Key = UnitKeys.Next(e.Unit, Units.Values.Select(u => u.Key)) }) };

    /// <summary>#14 unit staff: the unit with this stable key.</summary>
    public UnitState? FindUnitByKey(string? key) => key is null ? null : Units.Values.FirstOrDefault(u => u.Key == key);

    // An address counts as confirmed unless a confirmation is requested for it (set by the programme team, the service, or before confirmations existed).
    public KommuneState Apply(UnitEmailChanged e)
    {
        var key = UnitName.Key(e.Unit);
        return this with { Units = Units.SetItem(key, Units[key] with { Email = e.Email, Version = Units[key].Version + 1, Unconfirmed = false }) };
    }

    public KommuneState Apply(UnitEmailConfirmationRequested e) => WithUnit(e.Unit, e.Version, u => u with { Unconfirmed = true });

    public KommuneState Apply(UnitEmailConfirmed e) => WithUnit(e.Unit, e.Version, u => u with { Unconfirmed = false });

    private KommuneState WithUnit(string unit, long version, Func<UnitState, UnitState> change) =>
        Units.GetValueOrDefault(UnitName.Key(unit)) is { } u && u.Version == version ? this with { Units = Units.SetItem(UnitName.Key(unit), change(u)) } : this;

    public KommuneState Apply(RespondentAdded e) => this with
    {
        People = e.ContactPersonId is { } p ? People.Add(p) : People,
        Counts = Counts with { Respondents = Counts.Respondents + 1 },
    };

    public KommuneState Apply(WorkshopParticipantsRecorded e) =>
        this with { People = People.Union(e.Institutions.SelectMany(i => i.PersonIds ?? [])) };

    public KommuneState Apply(RoundOpened e) => this with
    {
        LastRound = Math.Max(LastRound, e.Round),
        OpenRounds = OpenRounds.SetItem(e.Round, e.ActorGroup),
        LatestRoundFields = [.. e.Fields],
    };

    public KommuneState Apply(RoundClosed e) => this with { OpenRounds = OpenRounds.Remove(e.Round) };

    public KommuneState Apply(AnswerRecorded e) => this with { Counts = Counts with { Answers = Counts.Answers + 1 } };

    public KommuneState Apply(WorkshopScheduled e) => this with { Counts = Counts with { Workshops = Counts.Workshops + 1 } };

    public KommuneState Apply(ActionItemAdded e) => this with { Counts = Counts with { ActionItems = Counts.ActionItems + 1 } };

    public KommuneState Apply(MilestonePlanned e) => this with { Counts = Counts with { Milestones = Counts.Milestones + 1 } };

    // #14 seed exactness: the Kommune's own scoring scheme (null: the programme's).
    public string? ScoringScheme { get; init; }

    public string? ScoringSchemeVersion { get; init; }

    public KommuneState Apply(ScoringSchemeConfigured e) =>
        this with { ScoringScheme = e.Scheme, ScoringSchemeVersion = e.SchemeVersion, DataVersion = DataVersion + 1 };

    // #14 open survey: external respondents and anonymous responses count as respondents (the caps hold for them too).
    public KommuneState Apply(ExternalRespondentAdded e) => this with
    {
        People = e.ContactPersonId is { } p ? People.Add(p) : People,
        Counts = Counts with { Respondents = Counts.Respondents + 1 },
    };

    public KommuneState Apply(OpenResponseStarted e) => this with { Counts = Counts with { Respondents = Counts.Respondents + 1 } };

    /// <summary>The state after an event of the stream; events no decision needs leave it as it is.</summary>
    public KommuneState Fold(object e) => e switch
    {
        FacilitatorAssigned x => Apply(x),
        LeadOfficeNamed x => Apply(x),
        ReminderPolicySet x => Apply(x),
        UnitAdded x => Apply(x),
        UnitEmailChanged x => Apply(x),
        UnitEmailConfirmationRequested x => Apply(x),
        UnitEmailConfirmed x => Apply(x),
        RespondentAdded x => Apply(x),
        WorkshopParticipantsRecorded x => Apply(x),
        RoundOpened x => Apply(x),
        RoundClosed x => Apply(x),
        AnswerRecorded x => Apply(x),
        WorkshopScheduled x => Apply(x),
        ActionItemAdded x => Apply(x),
        MilestonePlanned x => Apply(x),
        ScoringSchemeConfigured x => Apply(x), // #14 seed exactness
        ExternalRespondentAdded x => Apply(x),
        OpenResponseStarted x => Apply(x),
        KommuneMasterDataChanged x => Apply(x), // #15 H3 master data
        _ => this,
    };

    public KommuneState After(IEnumerable<object> events) => events.Aggregate(this, (s, e) => s.Fold(e));

    /// <summary>
    /// The unit's name as the Kommune spells it; a request that names an unknown unit creates it
    /// (without email) — the UnitAdded event is added to <paramref name="events"/>, once.
    /// </summary>
    public string ResolveUnit(string name, List<object> events)
    {
        if (FindUnit(name) is { } known) return known.Name;
        var trimmed = name.Trim();
        if (!events.OfType<UnitAdded>().Any(u => UnitName.Key(u.Unit) == UnitName.Key(trimmed))) events.Add(new UnitAdded(Id, trimmed, null));
        return trimmed;
    }

    public UnitState? FindUnit(string name) => Units.GetValueOrDefault(UnitName.Key(name));
}

/// <summary>A unit; Unconfirmed: its address awaits its holder's confirmation and receives no mail yet.</summary>
public sealed record UnitState(string Name, People.PersonalRef? Email, long Version, bool Unconfirmed = false)
{
    /// <summary>
    /// #14 unit staff: the unit's stable key (<see cref="UnitKeys"/>), fixed when the unit is first added and
    /// kept while its display name is what the events use; the `einheit` role's claim names it.
    /// </summary>
    public string Key { get; init; } = "";

    /// <summary>The address mail may go to: set and confirmed.</summary>
    [JsonIgnore]
    public People.PersonalRef? MailableEmail => Unconfirmed ? null : Email;
}

/// <summary>The items a Kommune holds, counted by the events that create them (rounds: <see cref="KommuneState.LastRound"/>).</summary>
public sealed record ItemCounts
{
    public int Respondents { get; init; }

    /// <summary>Answer records, every change counted (each is an event of the stream).</summary>
    public int Answers { get; init; }

    public int Workshops { get; init; }

    public int ActionItems { get; init; }

    public int Milestones { get; init; }
}

/// <summary>One questionnaire round: what it asks, whether it is open, its consensus and commentary versions.</summary>
public sealed record RoundState
{
    /// <summary>"kommune/round".</summary>
    public string Id { get; init; } = "";

    public string KommuneId { get; init; } = "";

    public int Number { get; init; }

    public string Kind { get; init; } = RoundKinds.Full;

    public string CatalogueId { get; init; } = "";

    public string CatalogueVersion { get; init; } = "";

    public string ActorGroup { get; init; } = "";

    public ImmutableList<string> Criteria { get; init; } = [];

    /// <summary>#14 perspectives: the short form asked (its questions are the round's "criteria" when it has questions).</summary>
    public string? ShortForm { get; init; }

    /// <summary>The fields the round's criteria belong to.</summary>
    public ImmutableHashSet<int> FieldNumbers { get; init; } = ImmutableHashSet<int>.Empty;

    public bool Closed { get; init; }

    public bool Evaluated { get; init; }

    /// <summary>The scheme of the latest evaluation (a consensus re-evaluation keeps it).</summary>
    public string SchemeId { get; init; } = Questionnaire.ScoringScheme.Standard.Id;

    public string SchemeVersion { get; init; } = Questionnaire.ScoringScheme.Standard.Version;

    public ImmutableDictionary<string, ConsensusState> Consensus { get; init; } = ImmutableDictionary<string, ConsensusState>.Empty;

    /// <summary>Commentary versions by field (0 = overall).</summary>
    public ImmutableDictionary<int, long> Commentary { get; init; } = ImmutableDictionary<int, long>.Empty;

    // #14 open survey: the round's open survey link and its anonymous responses; interview summaries.

    /// <summary>The round's current open survey link (null: none created).</summary>
    public Guid? OpenLinkId { get; init; }

    /// <summary>The most anonymous responses the round takes (as of the latest link).</summary>
    public int OpenCapacity { get; init; }

    public DateTimeOffset? OpenExpiresAt { get; init; }

    /// <summary>Anonymous responses started through the round's open survey links.</summary>
    public int OpenResponses { get; init; }

    /// <summary>Interview summary versions by field (interview rounds).</summary>
    public ImmutableDictionary<int, long> InterviewSummaries { get; init; } = ImmutableDictionary<int, long>.Empty;

    [JsonIgnore]
    public bool IsInterview => Kind == InterviewRounds.Kind;

    [JsonIgnore]
    public bool IsAdministration => ExternalRespondents.IsAdministration(ActorGroup);

    public static string Key(string kommune, int round) => $"{kommune}/{round}";

    /// <summary>The round an event is about; null for events that do not change a round.</summary>
    public static string? KeyOf(object e) => e switch
    {
        RoundOpened x => Key(x.KommuneId, x.Round),
        ConsensusRecorded x => Key(x.KommuneId, x.Round),
        RoundClosed x => Key(x.KommuneId, x.Round),
        RoundEvaluated x => Key(x.KommuneId, x.Round),
        CommentaryRecorded x => Key(x.KommuneId, x.Round),
        OpenSurveyLinkCreated x => Key(x.KommuneId, x.Round),
        OpenResponseStarted x => Key(x.KommuneId, x.Round),
        InterviewSummaryRecorded x => Key(x.KommuneId, x.Round),
        _ => null,
    };

    public static RoundState? Next(RoundState? state, object e) => e is RoundOpened opened ? From(opened) : state?.Fold(e);

    public static RoundState From(RoundOpened e) => new()
    {
        Id = Key(e.KommuneId, e.Round),
        KommuneId = e.KommuneId,
        Number = e.Round,
        Kind = e.Kind,
        CatalogueId = e.CatalogueId,
        CatalogueVersion = e.CatalogueVersion,
        ActorGroup = e.ActorGroup,
        Criteria = [.. e.Criteria],
        ShortForm = e.ShortForm,
        FieldNumbers = e.Fields?.ToImmutableHashSet() ?? ImmutableHashSet<int>.Empty,
    };

    public RoundState Fold(object e) => e switch
    {
        ConsensusRecorded c => this with { Consensus = Consensus.SetItem(c.Criterion, new ConsensusState(c.Answer, c.Version)) },
        RoundClosed => this with { Closed = true },
        RoundEvaluated r => this with { Evaluated = true, SchemeId = r.Evaluation.SchemeId, SchemeVersion = r.Evaluation.SchemeVersion },
        CommentaryRecorded c => this with { Commentary = Commentary.SetItem(c.Field ?? 0, c.Version) },
        OpenSurveyLinkCreated l => this with { OpenLinkId = l.LinkId, OpenCapacity = l.Capacity, OpenExpiresAt = l.ExpiresAt },
        OpenResponseStarted => this with { OpenResponses = OpenResponses + 1 },
        InterviewSummaryRecorded s => this with { InterviewSummaries = InterviewSummaries.SetItem(s.Field, s.Version) },
        _ => this,
    };

    public IReadOnlyDictionary<string, string> ConsensusAnswers() => Consensus.ToDictionary(c => c.Key, c => c.Value.Answer);

    /// <summary>The round, or 404.</summary>
    public static RoundState Require(RoundState? round, string kommune, int number) => round ?? throw NotFound(kommune, number);

    /// <summary>404 for a round the Kommune does not have (the read side answers with it too).</summary>
    public static NotFound NotFound(string kommune, int number) =>
        new("runde-unbekannt", "Befragungsrunde nicht gefunden", $"Die Kommune \"{kommune}\" hat keine Runde {number}.");

    public void MustBeOpen()
    {
        if (Closed)
        {
            throw new RuleViolation("runde-geschlossen", "Befragungsrunde geschlossen",
                $"Runde {Number} ist geschlossen; Antworten und Befragte können nicht mehr hinzukommen.")
            {
                Alternatives = ["Ein Konsens der Steuerungsgruppe ist weiterhin möglich (PUT …/consensus)."],
            };
        }
    }
}

public sealed record ConsensusState(string Answer, long Version);

/// <summary>One respondent of a round, with their answers.</summary>
public sealed record RespondentState
{
    /// <summary>"kommune/respondent".</summary>
    public string Id { get; init; } = "";

    public string KommuneId { get; init; } = "";

    public int Round { get; init; }

    public Guid RespondentId { get; init; }

    public string Unit { get; init; } = "";

    public bool Submitted { get; init; }

    public ImmutableDictionary<string, AnswerState> Answers { get; init; } = ImmutableDictionary<string, AnswerState>.Empty;

    public static string Key(string kommune, Guid respondent) => $"{kommune}/{respondent}";

    public static string? KeyOf(object e) => e switch
    {
        RespondentAdded x => Key(x.KommuneId, x.RespondentId),
        ExternalRespondentAdded x => Key(x.KommuneId, x.RespondentId),
        OpenResponseStarted x => Key(x.KommuneId, x.RespondentId),
        AnswerRecorded x => Key(x.KommuneId, x.RespondentId),
        AnswersSubmitted x => Key(x.KommuneId, x.RespondentId),
        _ => null,
    };

    public static RespondentState? Next(RespondentState? state, object e) => e switch
    {
        RespondentAdded added => From(added),
        ExternalRespondentAdded external => new RespondentState
        {
            Id = Key(external.KommuneId, external.RespondentId), KommuneId = external.KommuneId, Round = external.Round,
            RespondentId = external.RespondentId, Unit = external.Organisation,
        },
        OpenResponseStarted open => new RespondentState
        {
            Id = Key(open.KommuneId, open.RespondentId), KommuneId = open.KommuneId, Round = open.Round,
            RespondentId = open.RespondentId, Unit = OpenSurvey.Label,
        },
        _ => state?.Fold(e),
    };

    public static RespondentState From(RespondentAdded e) => new()
    {
        Id = Key(e.KommuneId, e.RespondentId),
        KommuneId = e.KommuneId,
        Round = e.Round,
        RespondentId = e.RespondentId,
        Unit = e.Unit,
    };

    public RespondentState Fold(object e) => e switch
    {
        AnswerRecorded a => this with { Answers = Answers.SetItem(a.Criterion, new AnswerState(a.Answer, a.Comment, a.Evidence, a.Version)) },
        AnswersSubmitted => this with { Submitted = true },
        _ => this,
    };

    public IEnumerable<Questionnaire.SubmittedAnswer> SubmittedAnswers() =>
        Submitted ? Answers.Select(a => new Questionnaire.SubmittedAnswer(RespondentId, a.Key, a.Value.Answer)) : [];

    /// <summary>The respondent of this round, or 404.</summary>
    public static RespondentState Require(RespondentState? respondent, RoundState round, Guid id) =>
        respondent is not null && respondent.Round == round.Number ? respondent : throw NotFound(round.Number, id);

    /// <summary>404 for a respondent the round does not have (the read side answers with it too).</summary>
    public static NotFound NotFound(int round, Guid id) =>
        new("befragte-unbekannt", "Befragte Stelle nicht gefunden", $"Runde {round} hat keine befragte Stelle {id}.");

    public void MustNotBeSubmitted()
    {
        if (Submitted)
        {
            throw new RuleViolation("antworten-abgegeben", "Antworten bereits abgegeben",
                $"Die Stelle \"{Unit}\" hat ihre Antworten abgegeben; sie können nicht mehr geändert werden.");
        }
    }
}

public sealed record AnswerState(string Answer, People.PersonalRef? Comment, People.PersonalRef? Evidence, long Version);

/// <summary>One workshop: whether it can still be edited, what was prioritised, which working groups and agreements it has.</summary>
public sealed record WorkshopState
{
    /// <summary>"kommune/workshop".</summary>
    public string Id { get; init; } = "";

    public string KommuneId { get; init; } = "";

    public Guid WorkshopId { get; init; }

    public bool Cancelled { get; init; }

    public bool Held { get; init; }

    public ImmutableHashSet<int> Prioritised { get; init; } = ImmutableHashSet<int>.Empty;

    public ImmutableHashSet<int> WorkingGroups { get; init; } = ImmutableHashSet<int>.Empty;

    public ImmutableDictionary<Guid, Agreement> Agreements { get; init; } = ImmutableDictionary<Guid, Agreement>.Empty;

    /// <summary>
    /// #15 H2: per working group (field), the Handlungsbedarfe (trimmed text) that became action items — every one
    /// ever in its list, also those taken out again (their action items stay): a revision adds items only for others.
    /// </summary>
    public ImmutableDictionary<int, ImmutableList<string>> NeedsWithActionItem { get; init; } = ImmutableDictionary<int, ImmutableList<string>>.Empty;

    /// <summary>Item version of each list replaced as a whole (<see cref="WorkshopLists"/>): 0 = never recorded, +1 per replacement.</summary>
    public ImmutableDictionary<string, long> ListVersions { get; init; } = ImmutableDictionary<string, long>.Empty;

    public static string Key(string kommune, Guid workshop) => $"{kommune}/{workshop}";

    public long ListVersion(string list) => ListVersions.GetValueOrDefault(list);

    public static string? KeyOf(object e) => e switch
    {
        WorkshopScheduled x => Key(x.KommuneId, x.WorkshopId),
        WorkshopCancelled x => Key(x.KommuneId, x.WorkshopId),
        WorkshopHeld x => Key(x.KommuneId, x.WorkshopId),
        WorkshopAgendaSet x => Key(x.KommuneId, x.WorkshopId),
        WorkshopParticipantsRecorded x => Key(x.KommuneId, x.WorkshopId),
        UnderstandingRecorded x => Key(x.KommuneId, x.WorkshopId),
        PrioritiesConfirmed x => Key(x.KommuneId, x.WorkshopId),
        WorkingGroupRecorded x => Key(x.KommuneId, x.WorkshopId),
        WorkingGroupRevised x => Key(x.KommuneId, x.WorkshopId),
        AgreementsRecorded x => Key(x.KommuneId, x.WorkshopId),
        FeedbackRecorded x => Key(x.KommuneId, x.WorkshopId),
        WorkshopFrameRecorded x => Key(x.KommuneId, x.WorkshopId),
        _ => null,
    };

    public static WorkshopState? Next(WorkshopState? state, object e) => e is WorkshopScheduled scheduled ? From(scheduled) : state?.Fold(e);

    public static WorkshopState From(WorkshopScheduled e) => new() { Id = Key(e.KommuneId, e.WorkshopId), KommuneId = e.KommuneId, WorkshopId = e.WorkshopId };

    public WorkshopState Fold(object e) => e switch
    {
        WorkshopCancelled => this with { Cancelled = true },
        WorkshopHeld => this with { Held = true },
        WorkshopAgendaSet => Replaced(WorkshopLists.Agenda),
        WorkshopParticipantsRecorded => Replaced(WorkshopLists.Participants),
        UnderstandingRecorded => Replaced(WorkshopLists.Understanding),
        PrioritiesConfirmed p => Replaced(WorkshopLists.Priorities) with { Prioritised = [.. p.Fields] },
        WorkingGroupRecorded g => Replaced(WorkshopLists.WorkingGroup(g.Field)) with
        {
            WorkingGroups = WorkingGroups.Add(g.Field), NeedsWithActionItem = WithNeeds(g.Field, g.NeedsForAction),
        },
        WorkingGroupRevised g => Replaced(WorkshopLists.WorkingGroup(g.Field)) with { NeedsWithActionItem = WithNeeds(g.Field, g.NeedsForAction) },
        // Duplicate ids are refused by the decision; the last one would win here.
        AgreementsRecorded a => Replaced(WorkshopLists.Agreements) with
        {
            Agreements = a.Agreements.GroupBy(x => x.AgreementId).ToImmutableDictionary(g => g.Key, g => g.Last()),
        },
        FeedbackRecorded => Replaced(WorkshopLists.Feedback),
        WorkshopFrameRecorded => Replaced(WorkshopLists.Frame),
        _ => this,
    };

    /// <summary>Whether a Handlungsbedarf of a working group already has its action item (matched by its trimmed text).</summary>
    public bool HasActionItem(int field, string need) => NeedsWithActionItem.TryGetValue(field, out var needs) && needs.Contains(need.Trim());

    private ImmutableDictionary<int, ImmutableList<string>> WithNeeds(int field, IReadOnlyList<ListItem> needs)
    {
        var known = NeedsWithActionItem.GetValueOrDefault(field) ?? ImmutableList<string>.Empty;
        return NeedsWithActionItem.SetItem(field, known.AddRange(needs.Select(n => n.Text.Trim()).Where(t => !known.Contains(t)).Distinct()));
    }

    // A list's version is the number of times it was recorded: derived from the events, so their stored shape stays as it is.
    private WorkshopState Replaced(string list) => this with { ListVersions = ListVersions.SetItem(list, ListVersion(list) + 1) };

    /// <summary>The workshop, or 404; a cancelled workshop is closed for edits; a stale expected version of the list is 409.</summary>
    public static WorkshopState EditableList(WorkshopState? workshop, string kommune, Guid id, string list, long? expectedVersion)
    {
        var w = Editable(workshop, kommune, id);
        Common.ItemVersion.Check($"Liste \"{list}\" des Workshops {id}", expectedVersion, w.ListVersion(list));
        return w;
    }

    /// <summary>The workshop, or 404.</summary>
    public static WorkshopState Require(WorkshopState? workshop, string kommune, Guid id) =>
        workshop ?? throw new NotFound("workshop-unbekannt", "Workshop nicht gefunden", $"Die Kommune \"{kommune}\" hat keinen Workshop {id}.");

    /// <summary>The workshop, or 404; a cancelled workshop is closed for edits.</summary>
    public static WorkshopState Editable(WorkshopState? workshop, string kommune, Guid id)
    {
        var w = Require(workshop, kommune, id);
        if (w.Cancelled)
        {
            throw new RuleViolation("workshop-abgesagt", "Workshop abgesagt", "Der Workshop wurde abgesagt; er kann nicht mehr bearbeitet werden.")
            {
                Alternatives = ["Einen neuen Workshop planen (POST /api/kommunen/{id}/workshops)."],
            };
        }

        return w;
    }
}

/// <summary>One action item (Handlungsbedarf) of the action plan.</summary>
public sealed record ActionItemState
{
    /// <summary>"kommune/actionItem".</summary>
    public string Id { get; init; } = "";

    public string KommuneId { get; init; } = "";

    public Guid ActionItemId { get; init; }

    public int Field { get; init; }

    public string Status { get; init; } = ActionStatus.Offen;

    public string Owner { get; init; } = "";

    /// <summary>Item version (#2's convention); not "Version", which Marten fills with its own document version.</summary>
    public long ItemVersion { get; init; }

    // #14 reminders: what the item's follow-up milestone is planned from, and which milestone follows it now.

    public string Text { get; init; } = "";

    /// <summary>The due date ("2026-12-31"), or none.</summary>
    public string? Due { get; init; }

    /// <summary>The latest follow-up milestone planned for the item (<see cref="Milestones.ActionItemMilestones"/>); it may be done or cancelled.</summary>
    public Guid? FollowUp { get; init; }

    [JsonIgnore]
    public bool IsOpen => ActionStatus.IsOpen(Status);

    public static string Key(string kommune, Guid item) => $"{kommune}/{item}";

    public static string? KeyOf(object e) => e switch
    {
        ActionItemAdded x => Key(x.KommuneId, x.ActionItemId),
        ActionItemPlanned x => Key(x.KommuneId, x.ActionItemId),
        ActionItemStatusChanged x => Key(x.KommuneId, x.ActionItemId),
        ActionItemNoted x => Key(x.KommuneId, x.ActionItemId),
        // #14 reminders: a follow-up milestone names the item it follows.
        MilestonePlanned { Source: MilestoneSources.ActionItem, ActionItems: [var item] } x => Key(x.KommuneId, item),
        _ => null,
    };

    public static ActionItemState? Next(ActionItemState? state, object e) => e is ActionItemAdded added ? From(added) : state?.Fold(e);

    public static ActionItemState From(ActionItemAdded e) => new()
    {
        Id = Key(e.KommuneId, e.ActionItemId),
        KommuneId = e.KommuneId,
        ActionItemId = e.ActionItemId,
        Field = e.Field,
        Owner = e.Owner,
        ItemVersion = 1,
        Text = e.Text,
        Due = e.Due,
    };

    public ActionItemState Fold(object e) => e switch
    {
        ActionItemPlanned p => this with { Owner = p.Owner, Due = p.Due, ItemVersion = p.Version },
        MilestonePlanned { Source: MilestoneSources.ActionItem } m when m.ActionItems.Contains(ActionItemId) => this with { FollowUp = m.MilestoneId },
        ActionItemStatusChanged s => this with { Status = s.To, ItemVersion = s.Version },
        ActionItemNoted n => this with { ItemVersion = n.Version },
        _ => this,
    };

    /// <summary>The item after a command's events (all of them about this item; null before it is added).</summary>
    public static ActionItemState? After(ActionItemState? before, IEnumerable<object> events) => events.Aggregate(before, Next);

    /// <summary>The item, or 404; a stale expected version is 409.</summary>
    public static ActionItemState Require(ActionItemState? item, string kommune, Guid id, long? expectedVersion)
    {
        var found = item ?? throw new NotFound("handlungsbedarf-unbekannt", "Handlungsbedarf nicht gefunden", $"Die Kommune \"{kommune}\" hat keinen Handlungsbedarf {id}.");
        Common.ItemVersion.Check($"Handlungsbedarf {id}", expectedVersion, found.ItemVersion);
        return found;
    }
}

/// <summary>One milestone with its current reminder plan.</summary>
public sealed record MilestoneState
{
    /// <summary>"kommune/milestone".</summary>
    public string Id { get; init; } = "";

    public string KommuneId { get; init; } = "";

    public Guid MilestoneId { get; init; }

    public string Status { get; init; } = MilestoneStatus.Offen;

    /// <summary>Item version (#2's convention); not "Version", which Marten fills with its own document version.</summary>
    public long ItemVersion { get; init; }

    public Guid? AgreementId { get; init; }

    public string Owner { get; init; } = "";

    public Guid? OwnerPersonId { get; init; }

    public string? DueDate { get; init; }

    public string? DueAt { get; init; }

    /// <summary>The number of the current reminder plan (0: never planned, e.g. imported history).</summary>
    public int Plan { get; init; }

    /// <summary>The current plan's reminders by key; older plans' reminders are gone.</summary>
    public ImmutableDictionary<string, ReminderSlot> Reminders { get; init; } = ImmutableDictionary<string, ReminderSlot>.Empty;

    [JsonIgnore]
    public bool IsOpen => Status == MilestoneStatus.Offen;

    public static string Key(string kommune, Guid milestone) => $"{kommune}/{milestone}";

    public static string? KeyOf(object e) => e switch
    {
        MilestonePlanned x => Key(x.KommuneId, x.MilestoneId),
        MilestoneRescheduled x => Key(x.KommuneId, x.MilestoneId),
        MilestoneCompleted x => Key(x.KommuneId, x.MilestoneId),
        MilestoneCancelled x => Key(x.KommuneId, x.MilestoneId),
        RemindersPlanned x => Key(x.KommuneId, x.MilestoneId),
        ReminderSent x => Key(x.KommuneId, x.MilestoneId),
        ReminderDeliveryFailed x => Key(x.KommuneId, x.MilestoneId),
        ReminderAbandoned x => Key(x.KommuneId, x.MilestoneId),
        DailyMailCapReached { MilestoneId: { } m } x => Key(x.KommuneId, m),
        _ => null,
    };

    public static MilestoneState? Next(MilestoneState? state, object e) => e is MilestonePlanned planned ? From(planned) : state?.Fold(e);

    public static MilestoneState From(MilestonePlanned e) => new()
    {
        Id = Key(e.KommuneId, e.MilestoneId),
        KommuneId = e.KommuneId,
        MilestoneId = e.MilestoneId,
        ItemVersion = 1,
        AgreementId = e.AgreementId,
        Owner = e.Owner,
        OwnerPersonId = e.OwnerPersonId,
        DueDate = e.DueDate,
        DueAt = e.DueAt,
    };

    public MilestoneState Fold(object e) => e switch
    {
        MilestoneRescheduled r => this with { ItemVersion = r.Version, DueDate = r.DueDate, DueAt = r.DueAt },
        MilestoneCompleted c => this with { Status = MilestoneStatus.Erledigt, ItemVersion = c.Version },
        MilestoneCancelled c => this with { Status = MilestoneStatus.Abgesagt, ItemVersion = c.Version },
        RemindersPlanned p => this with
        {
            Plan = p.Plan,
            Reminders = p.Reminders.ToImmutableDictionary(r => r.Key, r => new ReminderSlot(r.Kind, r.OffsetDays, r.FireAt, false, 0)),
        },
        ReminderSent s when Reminders.TryGetValue(s.ReminderKey, out var slot) =>
            this with { Reminders = Reminders.SetItem(s.ReminderKey, slot with { Sent = true, Attempts = s.Attempt }) },
        ReminderDeliveryFailed f when Reminders.TryGetValue(f.ReminderKey, out var slot) =>
            this with { Reminders = Reminders.SetItem(f.ReminderKey, slot with { Attempts = f.Attempt }) },
        DailyMailCapReached { ReminderKey: { } key } c when Reminders.TryGetValue(key, out var slot) =>
            this with { Reminders = Reminders.SetItem(key, slot with { Attempts = c.Attempt }) },
        ReminderAbandoned a when Reminders.TryGetValue(a.ReminderKey, out var slot) =>
            this with { Reminders = Reminders.SetItem(a.ReminderKey, slot with { Abandoned = true }) },
        _ => this,
    };

    // The transitions of a milestone, the same whether its own command or its round or workshop asks:
    // the next item version; a new due plans the reminders anew (the next plan number).

    public IReadOnlyList<object> Reschedule(KommuneState kommune, string? dueDate, string? dueAt, string reason, CommandContext context) =>
        [new MilestoneRescheduled(KommuneId, MilestoneId, dueDate, dueAt, reason, ItemVersion + 1), .. ReplanReminders(kommune, dueDate, dueAt, context)];

    public IReadOnlyList<object> ReplanReminders(KommuneState kommune, string? dueDate, string? dueAt, CommandContext context) =>
        ReminderPlanning.Plan(kommune, MilestoneId, Plan + 1, dueDate, dueAt, context);

    public MilestoneCompleted Complete() => new(KommuneId, MilestoneId, ItemVersion + 1);

    public MilestoneCancelled Cancel(string reason) => new(KommuneId, MilestoneId, reason, ItemVersion + 1);

    /// <summary>The milestone after a command's events (all of them about this milestone; null before it is planned).</summary>
    public static MilestoneState? After(MilestoneState? before, IEnumerable<object> events) => events.Aggregate(before, Next);

    /// <summary>The milestone, or 404.</summary>
    public static MilestoneState Require(MilestoneState? milestone, string kommune, Guid id) => milestone ?? throw NotFound(kommune, id.ToString());

    /// <summary>404 for a milestone the Kommune does not have, named as asked for (the read side answers with it too).</summary>
    public static NotFound NotFound(string kommune, string id) =>
        new("meilenstein-unbekannt", "Meilenstein nicht gefunden", $"Die Kommune \"{kommune}\" hat keinen Meilenstein {id}.");

    /// <summary>The milestone, or 404; 409 for a stale expected version; 422 unless it is open.</summary>
    public static MilestoneState RequireOpen(MilestoneState? milestone, string kommune, Guid id, long? expectedVersion)
    {
        var m = Require(milestone, kommune, id);
        Common.ItemVersion.Check($"Meilenstein {id}", expectedVersion, m.ItemVersion);
        if (!m.IsOpen)
        {
            throw new RuleViolation($"meilenstein-{m.Status}", m.Status == MilestoneStatus.Erledigt ? "Meilenstein erledigt" : "Meilenstein abgesagt",
                $"Der Meilenstein ist {m.Status}; er kann nicht mehr verschoben, erledigt oder abgesagt werden.");
        }

        return m;
    }
}

public sealed record ReminderSlot(string Kind, int OffsetDays, DateTimeOffset FireAt, bool Sent, int Attempts, bool Abandoned = false);
