namespace Selbstcheck.Workflow.Aktionsplan;

public sealed record ActionItemState(Guid Id, int Field, string Status, string Owner, long Version)
{
    public ActionItemState Apply(object e) => e switch
    {
        ActionItemPlanned p => this with { Owner = p.Owner, Version = p.Version },
        ActionItemStatusChanged s => this with { Status = s.To, Version = s.Version },
        ActionItemNoted n => this with { Version = n.Version },
        _ => this,
    };
}
