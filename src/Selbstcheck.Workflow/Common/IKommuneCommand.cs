namespace Selbstcheck.Workflow.Common;

/// <summary>A command addressed to one Kommune's journey stream.</summary>
public interface IKommuneCommand
{
    string KommuneId { get; }
}
