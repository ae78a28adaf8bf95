using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// X-Forwarded-For/-Proto count only from the reverse proxies named in configuration
/// (Selbstcheck:KnownProxies, Selbstcheck:KnownNetworks); switching them on without naming any is refused.
/// </summary>
public static class ForwardedHeadersSetup
{
    /// <summary>The middleware's options, or null when forwarded headers are off; throws on a configuration that would trust everyone.</summary>
    public static ForwardedHeadersOptions? Options(SelbstcheckSettings settings)
    {
        if (!settings.ForwardedHeaders) return null;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
        };
        // The defaults (loopback) are replaced by exactly what is configured.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in Split(settings.KnownProxies))
        {
            if (!IPAddress.TryParse(proxy, out var address))
            {
                throw new InvalidOperationException($"Selbstcheck:KnownProxies: '{proxy}' is not an IP address.");
            }

            options.KnownProxies.Add(address);
        }

        foreach (var network in Split(settings.KnownNetworks))
        {
            if (!System.Net.IPNetwork.TryParse(network, out var parsed))
            {
                throw new InvalidOperationException($"Selbstcheck:KnownNetworks: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/24).");
            }

            options.KnownIPNetworks.Add(parsed);
        }

        if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0)
        {
            throw new InvalidOperationException(
                "Selbstcheck:ForwardedHeaders is on but no proxy is named: set Selbstcheck:KnownProxies (IP addresses) or " +
                "Selbstcheck:KnownNetworks (CIDR) to the reverse proxies whose X-Forwarded-For/-Proto may be trusted.");
        }

        return options;
    }

    private static IEnumerable<string> Split(string value) =>
        value.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
