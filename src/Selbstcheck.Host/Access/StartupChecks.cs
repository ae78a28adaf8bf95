using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Access;

/// <summary>When the embedded local signing key may be used.</summary>
public static class LocalKeyPolicy
{
    /// <summary>Why the local key is refused here, or null when it may be used (Development, or explicitly allowed, or an authority signs).</summary>
    public static string? Refusal(SelbstcheckSettings settings, IHostEnvironment environment) =>
        string.IsNullOrWhiteSpace(settings.Auth.Authority) && !environment.IsDevelopment() && !settings.Auth.AllowLocalKey
            ? $"Refusing to start in {environment.EnvironmentName}: no identity provider is configured (Selbstcheck:Auth:Authority), and the embedded " +
              "local signing key is meant for development and the local setup. Configure the identity provider, or accept the local key " +
              "knowingly with Selbstcheck:Auth:AllowLocalKey=true (ops/run does)."
            : null;
}

/// <summary>
/// Checks at start, before anything touches the database: the local key only where allowed, the
/// key-encryption key present and private, forwarded headers only from named proxies. Any failure
/// stops the start with a message that says what to set.
/// </summary>
public sealed class StartupChecks(SelbstcheckSettings settings, IHostEnvironment environment, KeyEncryption kek, ILogger<StartupChecks> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        try
        {
            if (LocalKeyPolicy.Refusal(settings, environment) is { } refusal) throw new InvalidOperationException(refusal);
            if (ProviderSignIn.Refusal(settings.Auth) is { } signIn) throw new InvalidOperationException(signIn);
            kek.EnsureUsable();
            ForwardedHeadersSetup.Options(settings);
        }
        catch (InvalidOperationException e)
        {
            logger.LogCritical("{Reason}", e.Message);
            Environment.ExitCode = 78; // EX_CONFIG
            throw;
        }

        if (string.IsNullOrWhiteSpace(settings.Auth.Authority) && !environment.IsDevelopment())
        {
            logger.LogWarning("Tokens are signed with the embedded local key (Selbstcheck:Auth:AllowLocalKey): fine for a local setup, not for production");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
