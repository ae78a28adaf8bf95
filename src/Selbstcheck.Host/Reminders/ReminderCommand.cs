using Hangfire;
using JasperFx.CommandLine;

namespace Selbstcheck.Host.Reminders;

public sealed class ReminderInput : NetCoreInput
{
    [Description("Kommune id")]
    public string Kommune { get; set; } = "";

    [Description("Milestone id")]
    public Guid Milestone { get; set; }

    [Description("Reminder key, e.g. p1-d0")]
    public string Key { get; set; } = "";

    [Description("How many jobs to enqueue at once (default 1)")]
    public int TimesFlag { get; set; } = 1;

    [Description("Run them on this node (its NodeName); default: any node")]
    public string? NodeFlag { get; set; }
}

/// <summary>
/// Operations: enqueue a reminder's job now, for example after its scheduled job was deleted by
/// hand. Delivery still goes through the decision and the claim, so a reminder that was sent,
/// superseded or whose milestone is done is not sent again — however often this runs.
/// </summary>
[Description("Enqueue a reminder's Hangfire job now (the service's nodes run it)")]
public sealed class ReminderCommand : JasperFxAsyncCommand<ReminderInput>
{
    public ReminderCommand() => Usage("Enqueue a reminder").Arguments(x => x.Kommune, x => x.Milestone, x => x.Key);

    public override Task<bool> Execute(ReminderInput input)
    {
        using var host = input.BuildHost();
        var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
        var queue = input.NodeFlag is { Length: > 0 } node ? Infrastructure.JobsSetup.NodeQueue(node) : "default";
        for (var i = 0; i < Math.Max(1, input.TimesFlag); i++)
        {
            Console.WriteLine(jobs.Enqueue<ReminderJob>(queue, j => j.Run(input.Kommune, input.Milestone, input.Key, CancellationToken.None)));
        }

        return Task.FromResult(true);
    }
}
