using System.Diagnostics;

namespace Selbstcheck.Tests.Shared;

/// <summary>Runs a command line tool to its end (pg_dump, the offline verifier, the built service's commands).</summary>
public static class Processes
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}
