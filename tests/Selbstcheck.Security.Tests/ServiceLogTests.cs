using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// The built service, started the way an operator might — from another working directory (so no
/// settings file is found), in Production, with a configuration that asks for every log line — keeps
/// link keys, tokens and command content out of its log. Its own process and database.
/// </summary>
public class ServiceLogTests
{
    [Fact]
    public async Task the_service_started_elsewhere_logs_no_link_key_no_token_and_no_command_content()
    {
        await TestHost.Instance; // its key file
        var db = await TestHost.SiblingDatabaseAsync("securitylog");
        var workDir = Directory.CreateTempSubdirectory("selbstcheck-logs-");
        var port = FreePort();
        var dll = Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "Selbstcheck.Host.dll");
        var log = new StringBuilder();
        var respondentKey = "";
        using var service = Start(dll, workDir.FullName, db, log, "--urls", $"http://127.0.0.1:{port}");
        try
        {
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitReady(http, service, log);
            var token = await Token(dll, workDir.FullName, db);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            var kommune = await http.RegisterKommune();
            var key = (await (await http.Post($"/api/kommunen/{kommune}/links", new { purpose = "kalender" })).ReadJson()).GetProperty("key").GetString()!;
            var anonymous = new HttpClient { BaseAddress = http.BaseAddress };
            await (await anonymous.GetAsync($"/api/link?key={key}")).ShouldBe(HttpStatusCode.OK);
            // A respondent's link opens the questionnaire page: the key is exchanged for a session (303 to an address without it).
            respondentKey = (await http.AddRespondent(kommune, await http.OpenRound(kommune), "Ordnungsamt")).Key;
            var page = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = http.BaseAddress };
            var exchange = new HttpRequestMessage(HttpMethod.Get, $"/befragung?key={Uri.EscapeDataString(respondentKey)}");
            exchange.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            var exchanged = await page.SendAsync(exchange);
            Assert.Equal(HttpStatusCode.SeeOther, exchanged.StatusCode);
            Assert.Equal("/befragung", exchanged.Headers.Location?.OriginalString);
            var refused = new HttpRequestMessage(HttpMethod.Post, "/api/kommunen")
            {
                Content = new StringContent($$"""{"id":"{{kommune}}","name":"Geheimer Name Zwölf","kind":"Stadt","bundesland":"Sachsen"}""", Encoding.UTF8, "application/json"),
            };
            refused.Headers.Add("X-Correlation-Id", $"abgelehnt-{kommune}");
            await (await http.SendAsync(refused)).ShouldBe(HttpStatusCode.Conflict);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }

        var text = log.ToString();
        lock (log) text = log.ToString();
        Assert.Contains("/api/link", text); // the request line is there, without its query
        var keyInUrl = text.Split('\n').Where(l => l.Contains("key=")).ToList();
        Assert.Empty(keyInUrl);
        Assert.Contains("/befragung", text);
        Assert.DoesNotContain(respondentKey, text);
        Assert.DoesNotContain("eyJ", text); // no JSON web token (header, payload or signature)
        Assert.DoesNotContain("Geheimer Name", text);
        var refusal = Assert.Single(text.Split('\n'), l => l.Contains("Refused RegisterKommune"));
        Assert.Contains("abgelehnt-", refusal);
        Assert.Contains("409", refusal);
        Assert.DoesNotContain(text.Split('\n'), l => l.TrimStart().StartsWith("at Selbstcheck.") || l.TrimStart().StartsWith("at Wolverine."));
        workDir.Delete(recursive: true);
    }

    private static Process Start(string dll, string workDir, string db, StringBuilder log, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        Configure(info, db);
        // Whatever the configuration asks for, the filters in code hold.
        info.Environment["Logging__LogLevel__Default"] = "Trace";
        info.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace";
        info.Environment["Logging__Console__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace";
        info.Environment["Logging__LogLevel__Wolverine"] = "Trace";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Configure(ProcessStartInfo info, string db)
    {
        info.Environment["SELBSTCHECK_DB"] = db;
        info.Environment["SELBSTCHECK_DEMO"] = "0";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Selbstcheck__Auth__AllowLocalKey"] = "true";
        info.Environment["Selbstcheck__Keys__KeyFile"] = TestHost.KeyFile;
        info.Environment["Selbstcheck__JobServer"] = "false";
        info.Environment["Selbstcheck__Daemon"] = "Disabled";
        info.Environment["Selbstcheck__NodeName"] = "log-check";
    }

    private static async Task<string> Token(string dll, string workDir, string db)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("token");
        info.ArgumentList.Add("programmteam");
        info.ArgumentList.Add("--user");
        info.ArgumentList.Add("log-check");
        Configure(info, db);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var (exitCode, output, _) = await Processes.RunAsync(info);
        Assert.Equal(0, exitCode);
        return output.Trim().Split('\n').Last().Trim();
    }

    private static async Task WaitReady(HttpClient http, Process service, StringBuilder log)
    {
        for (var i = 0; i < 240; i++)
        {
            Assert.False(service.HasExited, "the service stopped during start:\n" + log);
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        Assert.Fail("the service was not ready after 60 s:\n" + log);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
