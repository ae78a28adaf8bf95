using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Kommunen;

/// <summary>
/// Mark a Kommune as synthetic (#14: made up for the demo, so the benchmark shows a distribution). Sent
/// only by the demo's loader — no endpoint offers it; the marker shows wherever the Kommune appears.
/// </summary>
public sealed record MarkKommuneSynthetic(string KommuneId, string? Purpose) : IKommuneCommand;

public static class MarkKommuneSyntheticDecision
{
    public const int MaxPurpose = 200;

    public static IReadOnlyList<object> Decide(MarkKommuneSynthetic c, KommuneState kommune)
    {
        new Validation()
            .Require(!string.IsNullOrWhiteSpace(c.Purpose) && c.Purpose.Trim().Length <= MaxPurpose, "purpose", $"Pflichtfeld, höchstens {MaxPurpose} Zeichen.")
            .ThrowIfInvalid();
        return [new KommuneMarkedSynthetic(kommune.Id, c.Purpose!.Trim())];
    }
}

public static class MarkKommuneSyntheticHandler
{
    public static (KommuneChanged, Events) Handle(MarkKommuneSynthetic command, [KommuneStream] KommuneState kommune)
    {
        var events = MarkKommuneSyntheticDecision.Decide(command, kommune);
        return (KommuneChanged.From(kommune.After(events)), new Events(events));
    }
}
