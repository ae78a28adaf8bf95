using System.Diagnostics.Metrics;

namespace Selbstcheck.Tests.Shared;

/// <summary>Counts the server-side retries after collisions on one Kommune's stream while it lives (the host's "selbstcheck.stream_retries").</summary>
public sealed class RetryCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public RetryCounter(string kommune)
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument is { Name: "selbstcheck.stream_retries", Meter.Name: "Selbstcheck" }) l.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "kommune" && Equals(tag.Value, kommune)) Interlocked.Add(ref _count, value);
            }
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
