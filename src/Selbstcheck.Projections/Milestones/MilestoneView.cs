using JasperFx.Events;
using Marten.Events.Projections;
using Selbstcheck.Workflow.Meilensteine;

namespace Selbstcheck.Projections.Milestones;

/// <summary>"What is due, and when?" — one document per milestone; overdue is computed when read.</summary>
public sealed class MilestoneView
{
    public Guid Id { get; set; }

    public string KommuneId { get; set; } = "";

    public string Title { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Owner { get; set; } = "";

    public Guid? OwnerPersonId { get; set; }

    public string? DueDate { get; set; }

    public string? DueAt { get; set; }

    /// <summary>The due date, all-day or the date part of DueAt, for sorting and filtering.</summary>
    public string DueDay { get; set; } = "";

    public string Status { get; set; } = MilestoneStatus.Offen;

    public List<int> Fields { get; set; } = [];

    public List<Guid> ActionItems { get; set; } = [];

    public Guid? AgreementId { get; set; }

    public long ItemVersion { get; set; }

    public DateTimeOffset PlannedAt { get; set; }

    public bool Imported { get; set; }

    public List<string> Reschedules { get; set; } = [];
}

public partial class MilestoneViewProjection : MultiStreamProjection<MilestoneView, Guid>
{
    public MilestoneViewProjection()
    {
        Identity<MilestonePlanned>(e => e.MilestoneId);
        Identity<MilestoneRescheduled>(e => e.MilestoneId);
        Identity<MilestoneCompleted>(e => e.MilestoneId);
        Identity<MilestoneCancelled>(e => e.MilestoneId);
    }

    public MilestoneView Create(IEvent<MilestonePlanned> e) => new()
    {
        Id = e.Data.MilestoneId,
        KommuneId = e.Data.KommuneId,
        Title = e.Data.Title,
        Kind = e.Data.Kind,
        Owner = e.Data.Owner,
        OwnerPersonId = e.Data.OwnerPersonId,
        DueDate = e.Data.DueDate,
        DueAt = e.Data.DueAt,
        DueDay = e.Data.DueDate ?? e.Data.DueAt![..10],
        Fields = e.Data.Fields.ToList(),
        ActionItems = e.Data.ActionItems.ToList(),
        AgreementId = e.Data.AgreementId,
        ItemVersion = 1,
        PlannedAt = e.Timestamp,
        Imported = e.Headers?.ContainsKey("imported") == true,
    };

    public void Apply(MilestoneRescheduled e, MilestoneView view)
    {
        view.Reschedules.Add(e.Reason);
        view.DueDate = e.DueDate;
        view.DueAt = e.DueAt;
        view.DueDay = e.DueDate ?? e.DueAt![..10];
        view.ItemVersion = e.Version;
    }

    public void Apply(MilestoneCompleted e, MilestoneView view)
    {
        view.Status = MilestoneStatus.Erledigt;
        view.ItemVersion = e.Version;
    }

    public void Apply(MilestoneCancelled e, MilestoneView view)
    {
        view.Status = MilestoneStatus.Abgesagt;
        view.ItemVersion = e.Version;
    }
}
