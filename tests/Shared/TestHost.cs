using Selbstcheck.Workflow.Common;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.SmtpSink;

namespace Selbstcheck.Tests.Shared;

/// <summary>How a test project wants its host; set once by a module initializer of the project.</summary>
public sealed class TestHostOptions
{
    /// <summary>Suffix of the project's own database next to SELBSTCHECK_DB.</summary>
    public string Database { get; init; } = "tests";

    public bool RateLimits { get; init; }

    public int WritesPerMinute { get; init; } = 300;

    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Further configuration keys for the host.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// One host for the whole test assembly (Hangfire keeps process-wide state), on a real
/// PostgreSQL: the server named by SELBSTCHECK_DB (ops/test starts a throwaway cluster and sets
/// it). Each test project gets a database of its own on that server, recreated per run; test
/// classes isolate themselves by their own Kommune ids, so they may run in parallel.
/// </summary>
public static class TestHost
{
    public static TestHostOptions Options { get; set; } = new();

    private static readonly Lazy<Task<IAlbaHost>> Host = new(StartAsync);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<IAlbaHost> Instance => Host.Value;

    public static string ConnectionString { get; private set; } = "";

    /// <summary>A real SMTP server on loopback that receives the host's reminders.</summary>
    public static SmtpSinkServer Mail { get; } = new(new SmtpSinkOptions { Port = 0 });

    /// <summary>A client signed in as programmteam (may do everything the functional tests need).</summary>
    public static Task<HttpClient> Client() => ClientAs(Roles.Programmteam);

    /// <summary>A client with a bearer token for ROLE and SUBJECT (Kommune id or person id).</summary>
    public static async Task<HttpClient> ClientAs(string role, string? subject = null, bool personalData = false)
    {
        var token = await TokenFor(role, subject, personalData);
        var client = (await Instance).Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<HttpClient> AnonymousClient() => (await Instance).Server.CreateClient();

    public static async Task<string> TokenFor(string role, string? subject = null, bool personalData = false)
    {
        var host = await Instance;
        return await host.Services.GetRequiredService<TokenIssuer>().IssueAsync(role, subject, TimeSpan.FromHours(1), personalData);
    }

    private static async Task<IAlbaHost> StartAsync()
    {
        ConnectionString = await DatabaseAdmin.RecreateSiblingAsync(
            Environment.GetEnvironmentVariable("SELBSTCHECK_DB")
                ?? throw new InvalidOperationException("SELBSTCHECK_DB is not set: run the tests through ops/test, or point it at a PostgreSQL server."),
            Options.Database);
        await Mail.StartAsync();
        return await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("Selbstcheck:Smtp:Host", "127.0.0.1");
            builder.UseSetting("Selbstcheck:Smtp:Port", Mail.Port.ToString());
            builder.UseSetting("Selbstcheck:Smtp:TimeoutSeconds", "5");
            builder.UseSetting("Selbstcheck:NodeName", "test-node");
            builder.UseSetting("SELBSTCHECK_DB", ConnectionString);
            builder.UseSetting("SELBSTCHECK_DEMO", "0");
            // Pre-built handlers when current, compiled at start otherwise (ops/test checks they are current).
            builder.UseSetting("Selbstcheck:CodeGeneration", "Auto");
            builder.UseSetting("Selbstcheck:RateLimits:Enabled", Options.RateLimits ? "true" : "false");
            builder.UseSetting("Selbstcheck:RateLimits:WritesPerMinute", Options.WritesPerMinute.ToString());
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in Options.Settings) builder.UseSetting(key, value);
            if (Options.Services is { } configure) builder.ConfigureServices(configure);
        });
    }

    /// <summary>A fresh, valid Kommune id for one test.</summary>
    public static string NewKommuneId(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 17, 60)];

    public static string NewAgs() => Random.Shared.NextInt64(10_000_000, 99_999_999).ToString();

    public static async Task<JsonElement> ReadJson(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Json);
}
