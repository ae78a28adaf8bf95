using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Security.Tests;

/// <summary>Keys and tokens a real deployment can trust (#11, point 2).</summary>
public class KeyTests
{
    [Fact]
    public async Task outside_development_the_service_refuses_the_embedded_local_key_unless_allowed()
    {
        var (exitCode, output) = await RunHost(TimeSpan.FromSeconds(60), ["--urls", "http://127.0.0.1:0"], new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Selbstcheck__Auth__AllowLocalKey"] = "false",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Selbstcheck:Auth:AllowLocalKey", output);
        Assert.Contains("Refusing to start in Production", output);
    }

    [Fact]
    public void a_key_encryption_key_file_readable_by_others_is_refused()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = Path.Combine(Path.GetTempPath(), $"selbstcheck-exposed-{Guid.NewGuid():N}.key");
        KeyEncryption.CreateKeyFile(path);
        try
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var kek = new KeyEncryption(new SelbstcheckSettings { Keys = { KeyFile = path } }, new TestEnvironment("Production"));

            var refusal = Assert.Throws<InvalidOperationException>(kek.EnsureUsable);

            Assert.Contains("chmod 600", refusal.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task a_dump_of_the_database_holds_no_private_key_in_clear()
    {
        var host = await TestHost.Instance;
        // A signing key and a data-protection key exist once a token was issued and a browser signed in.
        var (browser, _) = await SignInTests.SignedInBrowserFor(await TestHost.TokenFor(Roles.Programmteam));
        await (await browser.GetAsync("/api/me")).ShouldBe(HttpStatusCode.OK);
        var signingKeys = await host.Services.GetRequiredService<SigningKeys>().ReloadAsync();
        var masterKeys = host.Services.GetRequiredService<IKeyManager>().GetAllKeys()
            .Select(k => k.Descriptor.ExportToXml().SerializedDescriptorElement.Descendants("value").Single().Value)
            .ToList();

        var dump = await PgDump();

        Assert.Contains("mt_doc_sealedsigningkey", dump);
        Assert.Contains("sealedKey", dump); // the data-protection keys are in the database, sealed
        Assert.DoesNotContain("PRIVATE KEY", dump);
        Assert.NotEmpty(masterKeys);
        foreach (var key in signingKeys.Values)
        {
            var parameters = key.Rsa.ExportParameters(includePrivateParameters: true);
            foreach (var secret in new[] { parameters.D!, parameters.P!, parameters.Q!, key.Rsa.ExportPkcs8PrivateKey(), key.Rsa.ExportRSAPrivateKey() })
            {
                Assert.DoesNotContain(Convert.ToBase64String(secret)[..24], dump);
                Assert.DoesNotContain(Base64UrlEncoder.Encode(secret)[..24], dump);
                Assert.DoesNotContain(Convert.ToHexStringLower(secret)[..32], dump);
            }
        }

        foreach (var masterKey in masterKeys) Assert.DoesNotContain(masterKey[..24], dump);
    }

    [Fact]
    public async Task after_a_rotation_the_old_key_still_validates_and_an_unknown_key_id_does_not()
    {
        var host = await TestHost.Instance;
        var keys = host.Services.GetRequiredService<SigningKeys>();
        var before = await keys.CurrentAsync();

        var added = await keys.RotateAsync(DateTimeOffset.UtcNow.AddSeconds(-1));
        var after = await keys.CurrentAsync();

        Assert.Equal(added.Id, after.KeyId);
        Assert.NotEqual(before.KeyId, after.KeyId);
        await (await Send(Mint(before, before.KeyId))).ShouldBe(HttpStatusCode.OK);
        await (await Send(Mint(after, after.KeyId))).ShouldBe(HttpStatusCode.OK);
        await (await Send(await TestHost.TokenFor(Roles.Programmteam))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(after.KeyId, new JsonWebToken(await TestHost.TokenFor(Roles.Programmteam)).Kid);
        // A valid key's material under an id no key has, and a token without key id: refused.
        await (await Send(Mint(after, SigningKeys.KeyIdOf(9999)))).ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");
        await (await Send(Mint(after, null))).ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");
    }

    [Fact]
    public async Task a_retired_key_no_longer_validates_and_the_signing_key_cannot_be_retired()
    {
        var host = await TestHost.Instance;
        var keys = host.Services.GetRequiredService<SigningKeys>();
        // A key that validates but does not sign yet (as right after `keys rotate`): retiring it disturbs no other test.
        var waiting = await keys.RotateAsync(DateTimeOffset.UtcNow.AddDays(1));
        var key = (RsaSecurityKey)keys.Find(waiting.Id).Single();
        var token = Mint(key, key.KeyId);
        await (await Send(token)).ShouldBe(HttpStatusCode.OK);

        await keys.RetireAsync(waiting.Id);

        await (await Send(token)).ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");
        var signing = await keys.CurrentAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => keys.RetireAsync(signing.KeyId!));
    }

    [Fact]
    public async Task token_lifetimes_are_capped()
    {
        var host = await TestHost.Instance;
        var issuer = host.Services.GetRequiredService<TokenIssuer>();
        var key = await host.Services.GetRequiredService<SigningKeys>().CurrentAsync();

        var refusal = await Assert.ThrowsAsync<ArgumentException>(() =>
            issuer.IssueAsync(Roles.Programmteam, null, TimeSpan.FromHours(25), "lange-gueltig"));
        // A token minted past the issuer (with the key itself) and living longer than the cap: refused too.
        var longLived = Mint(key, key.KeyId, lifetime: TimeSpan.FromDays(365));

        Assert.Contains("at most 24 hours", refusal.Message);
        await (await Send(longLived)).ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");
        await (await Send(Mint(key, key.KeyId, lifetime: TimeSpan.FromHours(23)))).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task the_token_command_refuses_a_lifetime_beyond_the_cap_with_a_clear_error()
    {
        var (exitCode, output) = await RunHost(TimeSpan.FromSeconds(60), ["token", Roles.Programmteam, "--hours", "1000", "--user", "ops"], new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Selbstcheck__Auth__AllowLocalKey"] = "true",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("error: a token may live at most 24 hours (Selbstcheck:Auth:MaxTokenHours), not 1000", output);
    }

    [Fact]
    public async Task people_get_stable_opaque_user_ids_and_events_record_the_id_never_the_label()
    {
        var erika = $"erika.{Guid.NewGuid():N}@kommune.example";
        var max = $"max.{Guid.NewGuid():N}@kommune.example";

        var erikaFirst = await UserId(await TestHost.TokenFor(Roles.Programmteam, user: erika));
        var erikaAgain = await UserId(await TestHost.TokenFor(Roles.Programmteam, user: $" {erika.ToUpperInvariant()} "));
        var maxId = await UserId(await TestHost.TokenFor(Roles.Programmteam, user: max));
        var client = await TestHost.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TestHost.TokenFor(Roles.Programmteam, user: erika));
        var kommune = await client.RegisterKommune();

        Assert.Equal(erikaFirst, erikaAgain);
        Assert.NotEqual(erikaFirst, maxId);
        Assert.DoesNotContain("erika", erikaFirst, StringComparison.OrdinalIgnoreCase);
        var history = (await client.GetJson($"/api/kommunen/{kommune}/history")).GetProperty("items").EnumerateArray().ToList();
        Assert.All(history, e => Assert.Equal(erikaFirst, e.GetProperty("userId").GetString()));
        await using var connection = new NpgsqlConnection(TestHost.AdminConnectionString);
        await connection.OpenAsync();
        await using var events = new NpgsqlCommand(
            "select count(*) from selbstcheck.mt_events where stream_id = @k and (user_name = @u and data::text not like @l and coalesce(headers::text, '') not like @l)", connection);
        events.Parameters.AddWithValue("k", kommune);
        events.Parameters.AddWithValue("u", erikaFirst);
        events.Parameters.AddWithValue("l", "%erika.%");
        Assert.Equal((long)history.Count, (long)(await events.ExecuteScalarAsync())!);
        await using var directory = new NpgsqlCommand("select data->>'displayName' from personal.mt_doc_directoryuser where data->>'userId' = @u", connection);
        directory.Parameters.AddWithValue("u", erikaFirst);
        Assert.Equal(erika, await directory.ExecuteScalarAsync());
    }

    [Fact]
    public async Task a_person_of_the_identity_provider_is_recorded_by_an_opaque_user_id()
    {
        var host = await TestHost.Instance;
        var directory = host.Services.GetRequiredService<UserDirectory>();
        var settings = new SelbstcheckSettings { Auth = { Authority = "https://sso.example.de/realms/kommunen" } };
        var subject = Guid.NewGuid().ToString();

        var first = Identity(subject, "Erika Beispiel");
        var second = Identity(subject, "Erika B.");
        var other = Identity(Guid.NewGuid().ToString(), "Max Muster");
        foreach (var identity in new[] { first, second, other })
        {
            await AuthenticationSetup.MapExternalUserAsync(identity, settings, directory, CancellationToken.None);
        }

        var userId = first.FindFirst("sub")!.Value;
        Assert.StartsWith("u-", userId);
        Assert.Equal(userId, second.FindFirst("sub")!.Value);
        Assert.NotEqual(userId, other.FindFirst("sub")!.Value);
        Assert.Single(first.FindAll("sub"));

        static ClaimsIdentity Identity(string sub, string name) =>
            new([new Claim("sub", sub), new Claim("iss", "https://sso.example.de/realms/kommunen"), new Claim("name", name), new Claim("role", "programmteam")], "test");
    }

    [Fact]
    public async Task a_session_cookie_made_by_one_node_is_accepted_by_another_on_the_same_database()
    {
        var (browser, _) = await SignInTests.SignedInBrowserFor(await TestHost.TokenFor(Roles.Audit));
        var cookie = browser.DefaultRequestHeaders.GetValues("Cookie").Single().Split("; ")
            .Single(c => c.StartsWith("__Host-selbstcheck=", StringComparison.Ordinal))["__Host-selbstcheck=".Length..];

        // A second node: its own data protection, on the same database and the same key file.
        await using var node = SecondNode();
        var protector = node.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Cookies", "v2");
        var format = new Microsoft.AspNetCore.Authentication.TicketDataFormat(protector);

        var ticket = format.Unprotect(cookie);
        Assert.NotNull(ticket);
        Assert.Equal("audit", ticket.Principal.FindFirst("role")?.Value);

        // And the other way: a cookie the second node made is accepted by the running host.
        var made = format.Protect(new Microsoft.AspNetCore.Authentication.AuthenticationTicket(ticket.Principal, ticket.Properties, "Cookies"));
        var other = await TestHost.AnonymousClient();
        other.DefaultRequestHeaders.Add("Cookie", $"__Host-selbstcheck={made}");
        var me = await other.GetJson("/api/me");
        Assert.Equal("audit", me.GetProperty("role").GetString());
    }

    private static ServiceProvider SecondNode()
    {
        var settings = new SelbstcheckSettings { ConnectionString = TestHost.ConnectionString, Keys = { KeyFile = TestHost.KeyFile } };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new TestEnvironment("Production"));
        services.AddSingleton<KeyEncryption>();
        services.AddSingleton<Marten.IDocumentStore>(_ => Marten.DocumentStore.For(o => StorageSetup.ConfigureStore(o, settings)));
        services.AddSelbstcheckDataProtection();
        return services.BuildServiceProvider();
    }

    private static async Task<string> UserId(string token)
    {
        var client = await TestHost.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetJson("/api/me")).GetProperty("userId").GetString()!;
    }

    private static string Mint(SecurityKey key, string? keyId, TimeSpan? lifetime = null)
    {
        var signingKey = key is RsaSecurityKey rsa ? new RsaSecurityKey(rsa.Rsa) { KeyId = keyId } : key;
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "selbstcheck-local",
            Audience = "selbstcheck",
            Subject = new ClaimsIdentity([new Claim("sub", "key-test")]),
            Claims = new Dictionary<string, object> { ["role"] = Roles.Programmteam },
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now.AddMinutes(-1),
            Expires = now.AddMinutes(-1).Add(lifetime ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    private static async Task<HttpResponseMessage> Send(string token)
    {
        var client = await TestHost.AnonymousClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/cohorts");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    /// <summary>pg_dump of the test database (the server's own client tools), as a backup would hold it.</summary>
    private static async Task<string> PgDump()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_dump")).First(File.Exists);
        var admin = new NpgsqlConnectionStringBuilder(TestHost.AdminConnectionString);
        var (exitCode, output, errors) = await Processes.RunAsync(
            new ProcessStartInfo(bin, ["-h", admin.Host!, "-p", admin.Port.ToString(), "-U", admin.Username!, "-d", admin.Database!, "--no-owner"]));
        Assert.True(exitCode == 0, errors);
        return output;
    }

    /// <summary>Runs the built service (next to the tests) as its own process on the test database, as the runtime role.</summary>
    internal static async Task<(int ExitCode, string Output)> RunHost(TimeSpan timeout, string[] arguments, Dictionary<string, string> environment)
    {
        await TestHost.Instance;
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "Selbstcheck.Host.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["SELBSTCHECK_DB"] = TestHost.ConnectionString,
                ["SELBSTCHECK_DEMO"] = "0",
                ["Selbstcheck__Keys__KeyFile"] = TestHost.KeyFile,
                ["Selbstcheck__JobServer"] = "false",
            },
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, "still running after the timeout: " + await output + await errors);
        }

        return (process.ExitCode, await output + await errors);
    }

    private sealed class TestEnvironment(string name) : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Selbstcheck.Host";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
