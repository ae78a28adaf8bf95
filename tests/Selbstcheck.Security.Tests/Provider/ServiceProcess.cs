using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Security.Tests.Provider;

/// <summary>
/// The built service as its own process on a real Kestrel loopback port, with a database of its own (set up
/// by db-install like the test host's) and the settings given — a second host in this process would share
/// Hangfire's process-wide state with the test host.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _keyFile;

    private ServiceProcess(Process process, Uri address, string connectionString, string keyFile)
    {
        _process = process;
        Address = address;
        ConnectionString = connectionString;
        _keyFile = keyFile;
    }

    public Uri Address { get; }

    /// <summary>The runtime role's connection to the service's database.</summary>
    public string ConnectionString { get; }

    public ConcurrentQueue<string> Output { get; } = new();

    public static async Task<ServiceProcess> StartAsync(string databaseSuffix, IReadOnlyDictionary<string, string> settings)
    {
        var connection = await TestHost.SiblingDatabaseAsync(databaseSuffix);
        var keyFile = Path.Combine(Path.GetTempPath(), $"selbstcheck-{databaseSuffix}-{Guid.NewGuid():N}.key");
        KeyEncryption.CreateKeyFile(keyFile);
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "Selbstcheck.Host.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/'),
                ["SELBSTCHECK_DB"] = connection,
                ["SELBSTCHECK_DEMO"] = "0",
                ["Selbstcheck__Keys__KeyFile"] = keyFile,
                ["Selbstcheck__JobServer"] = "false",
                ["Selbstcheck__RateLimits__Enabled"] = "false",
                ["Selbstcheck__CodeGeneration"] = "Auto",
                ["Selbstcheck__NodeName"] = $"test-{databaseSuffix}",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start)!;
        var service = new ServiceProcess(process, address, connection, keyFile);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) service.Output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) service.Output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited) throw new InvalidOperationException($"the service ended ({process.ExitCode}): {string.Join("\n", service.Output)}");
            try
            {
                if ((await probe.GetAsync(new Uri(address, "/health/live"))).StatusCode == HttpStatusCode.OK) return service;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // starting
            }

            await Task.Delay(200);
        }

        await service.DisposeAsync();
        throw new TimeoutException($"the service did not answer within 90 s: {string.Join("\n", service.Output)}");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        File.Delete(_keyFile);
    }
}
