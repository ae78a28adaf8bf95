using JasperFx.CommandLine;
using Marten;

namespace Selbstcheck.Host.Audit;

public sealed class VerifyInput : NetCoreInput
{
    [Description("Only this Kommune's stream (default: every stream)")]
    public string? KommuneFlag { get; set; }
}

/// <summary>Verifies the hash chain of every stream (or one); exits non-zero when any is broken.</summary>
[Description("Verify the hash chain of every stream (each Kommune's and the programme stream); exits non-zero on a break", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<VerifyInput>
{
    public override async Task<bool> Execute(VerifyInput input)
    {
        using var host = input.BuildHost();
        var verifier = new ChainVerifier(host.Services.GetRequiredService<IDocumentStore>());
        var streams = input.KommuneFlag is { Length: > 0 } one ? [one] : await verifier.StreamsAsync(CancellationToken.None);
        var broken = 0;
        foreach (var stream in streams)
        {
            var result = await verifier.VerifyAsync(stream, CancellationToken.None);
            if (result.FirstBreak is { } b)
            {
                broken++;
                var next = b.Next is { } n ? $", next event: version {n.Version} ({n.Type})" : "";
                Console.WriteLine($"BROKEN {stream}: version {b.Version} ({b.Type ?? "unknown type"}) {b.Kind}{next}");
            }
            else
            {
                Console.WriteLine($"ok {stream}: {result.Checked} events");
            }
        }

        Console.WriteLine(broken == 0 ? $"verified {streams.Count} streams, no break" : $"{broken} of {streams.Count} streams broken");
        return broken == 0;
    }
}
