using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Tests.Support;

/// <summary>
/// One host for the whole test assembly (Hangfire keeps process-wide state), on a real
/// PostgreSQL: the server named by SELBSTCHECK_DB (ops/test starts a throwaway cluster and sets
/// it). The tests get a database of their own on that server, recreated per run; test classes
/// isolate themselves by their own Kommune ids, so they may run in parallel.
/// </summary>
public static class TestHost
{
    private static readonly Lazy<Task<IAlbaHost>> Host = new(StartAsync);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<IAlbaHost> Instance => Host.Value;

    public static string ConnectionString { get; private set; } = "";

    public static async Task<HttpClient> Client()
    {
        var host = await Instance;
        return host.Server.CreateClient();
    }

    private static async Task<IAlbaHost> StartAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync("hosttests");
        return await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("SELBSTCHECK_DB", ConnectionString);
            builder.UseSetting("SELBSTCHECK_DEMO", "0");
            // Pre-built handlers when current, compiled at start otherwise (ops/test checks they are current).
            builder.UseSetting("Selbstcheck:CodeGeneration", "Auto");
            builder.UseEnvironment("Testing");
        });
    }

    /// <summary>A fresh, valid Kommune id for one test.</summary>
    public static string NewKommuneId(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 17, 60)];

    public static string NewAgs() => Random.Shared.NextInt64(10_000_000, 99_999_999).ToString();

    public static async Task<JsonElement> ReadJson(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Json);
}

public static class TestDatabase
{
    /// <summary>Creates (or recreates) a database next to the one SELBSTCHECK_DB names and returns its connection string.</summary>
    public static Task<string> CreateAsync(string suffix) =>
        DatabaseAdmin.RecreateSiblingAsync(
            Environment.GetEnvironmentVariable("SELBSTCHECK_DB")
                ?? throw new InvalidOperationException("SELBSTCHECK_DB is not set: run the tests through ops/test, or point it at a PostgreSQL server."),
            suffix);
}
