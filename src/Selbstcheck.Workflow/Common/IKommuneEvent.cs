namespace Selbstcheck.Workflow.Common;

/// <summary>An event of a Kommune's journey stream; it names its Kommune, so cross-stream read models can group by it.</summary>
public interface IKommuneEvent
{
    string KommuneId { get; }
}
