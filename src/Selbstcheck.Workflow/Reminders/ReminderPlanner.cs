using System.Globalization;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Workflow.Reminders;

/// <summary>
/// When a Kommune's milestones remind their owners: so many days before the due (0 = on the due),
/// all-day dues (and the days-before reminders of timed dues) at the send time in Europe/Berlin,
/// and the facilitator escalated to so many days after the due (0: never).
/// </summary>
public sealed record ReminderPolicy(IReadOnlyList<int> OffsetsDays, [PersonalData(false)] string SendTime, int EscalationDays)
{
    public static readonly ReminderPolicy Default = new([14, 3, 0], "08:00", 7);

    public const int MaxOffsetDays = 365;

    public static ReminderPolicy From(ReminderPolicySet e) => new(e.OffsetsDays, e.SendTime, e.EscalationDays);

    /// <summary>Value equality (a record compares its list by reference).</summary>
    public bool SameAs(ReminderPolicy other) =>
        OffsetsDays.SequenceEqual(other.OffsetsDays) && SendTime == other.SendTime && EscalationDays == other.EscalationDays;

    public TimeOnly SendTimeOfDay => TimeOnly.ParseExact(SendTime, "HH:mm", CultureInfo.InvariantCulture);

    public static void Validate(Validation v, IReadOnlyList<int>? offsets, string? sendTime, int? escalationDays)
    {
        if (offsets is null || offsets.Count is 0 or > 10) v.Add("offsetsDays", "Ein bis zehn Abstände in Tagen vor der Fälligkeit, z. B. [14, 3, 0].");
        else if (offsets.Any(o => o is < 0 or > MaxOffsetDays)) v.Add("offsetsDays", $"Jeder Abstand zwischen 0 und {MaxOffsetDays} Tagen.");
        else if (offsets.Distinct().Count() != offsets.Count) v.Add("offsetsDays", "Jeder Abstand nur einmal.");
        if (sendTime is null || !TimeOnly.TryParseExact(sendTime, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            v.Add("sendTime", "Eine Uhrzeit wie \"08:00\" (Europe/Berlin).");
        }

        if (escalationDays is null or < 0 or > 90) v.Add("escalationDays", "0 (keine Eskalation) bis 90 Tage nach der Fälligkeit.");
    }
}

/// <summary>The next reminder plan of a milestone, as a decision adds it to its events.</summary>
public static class ReminderPlanning
{
    /// <summary>The plan decided at the context's instant; none for imported history (it never reminds anyone).</summary>
    public static IReadOnlyList<object> Plan(KommuneState kommune, Guid milestoneId, int plan, string? dueDate, string? dueAt, CommandContext context) =>
        context.Imported ? [] : [new RemindersPlanned(kommune.Id, milestoneId, plan, ReminderPlanner.Plan(kommune.ReminderPolicy, dueDate, dueAt, plan, context.Now))];
}

/// <summary>Computes a milestone's reminders at the instant they are planned. Pure: the clock is an input.</summary>
public static class ReminderPlanner
{
    public static IReadOnlyList<PlannedReminder> Plan(ReminderPolicy policy, string? dueDate, string? dueAt, int plan, DateTimeOffset now)
    {
        var sendTime = policy.SendTimeOfDay;
        var due = Due.From(dueDate, dueAt) ?? throw new ArgumentException($"Kein gültiges Fälligkeitsdatum: {dueAt ?? dueDate}", nameof(dueAt));
        var dueDay = due.Day;
        var (dueInstant, escalation) = due.Local is { } local
            ? (due.Deadline, At(local.AddDays(policy.EscalationDays)))
            : (At(dueDay.ToDateTime(sendTime)), At(dueDay.AddDays(policy.EscalationDays).ToDateTime(sendTime)));

        var owner = policy.OffsetsDays.OrderDescending()
            .Select(o => new PlannedReminder($"p{plan}-d{o}", o == 0 ? ReminderKinds.Faellig : ReminderKinds.Vorab, o,
                o == 0 ? dueInstant : At(dueDay.AddDays(-o).ToDateTime(sendTime))))
            .ToList();
        var reminders = owner.Where(r => r.FireAt > now).ToList();
        if (reminders.Count == 0)
        {
            // Every reminder is already past: one notice at once, "due" or "overdue".
            var overdue = due.IsOverdueAt(now);
            reminders.Add(new PlannedReminder($"p{plan}-sofort", overdue ? ReminderKinds.Ueberfaellig : ReminderKinds.Faellig, 0, now));
        }

        if (policy.EscalationDays > 0 && escalation > now)
        {
            reminders.Add(new PlannedReminder($"p{plan}-eskalation", ReminderKinds.Eskalation, -policy.EscalationDays, escalation));
        }

        return reminders;
    }

    /// <summary>A Berlin wall-clock time as an instant; a time inside the spring gap moves one hour later.</summary>
    private static DateTimeOffset At(DateTime local) =>
        BerlinTime.Zone.IsInvalidTime(local) ? BerlinTime.ToInstant(local.AddHours(1)) : BerlinTime.ToInstant(local);
}
