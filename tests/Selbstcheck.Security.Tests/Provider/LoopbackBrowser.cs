using System.Net;
using System.Text.RegularExpressions;

namespace Selbstcheck.Security.Tests.Provider;

/// <summary>
/// The parts of a browser a sign-in depends on, over plain HTTP on loopback: it follows redirects, keeps
/// cookies per host (not per port, as browsers do; Secure cookies too, loopback counting as a secure
/// context as in Chromium), and applies SameSite: a navigation that passed through another site (a redirect
/// chain from the provider) sends no Strict cookies, and a cross-site POST neither Lax ones.
/// </summary>
public sealed class LoopbackBrowser : IDisposable
{
    public sealed record StoredCookie(string Name, string Value, string SameSite, bool HttpOnly, bool Secure, string SetCookie);

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Dictionary<string, Dictionary<string, StoredCookie>> _jar = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every request sent, in order.</summary>
    public List<Uri> Visited { get; } = [];

    /// <summary>Every Set-Cookie header received, in order (to inspect their attributes).</summary>
    public List<(Uri From, string Header)> SetCookies { get; } = [];

    public StoredCookie? Cookie(string host, string name) =>
        _jar.TryGetValue(host, out var cookies) && cookies.TryGetValue(name, out var cookie) ? cookie : null;

    public void Forget(string host, string name)
    {
        if (_jar.TryGetValue(host, out var cookies)) cookies.Remove(name);
    }

    /// <summary>A navigation the person starts (typed address or a link on the same site): follows every redirect.</summary>
    public Task<HttpResponseMessage> Navigate(Uri url) => Send(HttpMethod.Get, url, null, initiator: url);

    /// <summary>A form the page at <paramref name="page"/> submits.</summary>
    public Task<HttpResponseMessage> Submit(Uri page, Uri action, IEnumerable<KeyValuePair<string, string>> fields) =>
        Send(HttpMethod.Post, action, new FormUrlEncodedContent(fields), initiator: page);

    /// <summary>A script of the page at <paramref name="page"/> calls the service (fetch: no redirects followed).</summary>
    public async Task<HttpResponseMessage> Fetch(HttpMethod method, Uri url, HttpContent? content = null, IDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.Add(name, value);
        return await SendOne(request, crossSite: false);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, Uri url, HttpContent? content, Uri initiator)
    {
        var crossSite = !SameSite(initiator, url);
        for (var hops = 0; hops < 20; hops++)
        {
            var request = new HttpRequestMessage(method, url) { Content = content };
            request.Headers.Accept.ParseAdd("text/html");
            var response = await SendOne(request, crossSite, isPost: method == HttpMethod.Post);
            if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308)) return response;
            var next = new Uri(url, response.Headers.Location!);
            crossSite |= !SameSite(url, next);
            if ((int)response.StatusCode is 301 or 302 or 303)
            {
                method = HttpMethod.Get;
                content = null;
            }

            url = next;
        }

        throw new InvalidOperationException("too many redirects");
    }

    private async Task<HttpResponseMessage> SendOne(HttpRequestMessage request, bool crossSite, bool isPost = false)
    {
        var url = request.RequestUri!;
        Visited.Add(url);
        if (_jar.TryGetValue(url.Host, out var cookies))
        {
            var sent = cookies.Values.Where(c => !crossSite || c.SameSite == "none" || (c.SameSite == "lax" && !isPost)).ToList();
            if (sent.Count > 0) request.Headers.Add("Cookie", string.Join("; ", sent.Select(c => $"{c.Name}={c.Value}")));
        }

        var response = await _http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var headers))
        {
            foreach (var header in headers) Store(url, header);
        }

        return response;
    }

    private void Store(Uri from, string header)
    {
        SetCookies.Add((from, header));
        var parts = header.Split(';', StringSplitOptions.TrimEntries);
        var (name, value) = (parts[0][..parts[0].IndexOf('=')], parts[0][(parts[0].IndexOf('=') + 1)..]);
        var attributes = parts.Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0].ToLowerInvariant(), p => p.Length > 1 ? p[1] : "");
        var cookies = _jar.TryGetValue(from.Host, out var existing) ? existing : _jar[from.Host] = new(StringComparer.Ordinal);
        var expired = attributes.TryGetValue("expires", out var expires) && DateTimeOffset.TryParse(expires, out var at) && at < DateTimeOffset.UtcNow;
        var maxAgeOver = attributes.TryGetValue("max-age", out var maxAge) && (maxAge.StartsWith('-') || maxAge == "0");
        if (expired || maxAgeOver)
        {
            cookies.Remove(name);
            return;
        }

        var sameSite = attributes.TryGetValue("samesite", out var s) ? s.ToLowerInvariant() : "lax"; // Chromium's default
        cookies[name] = new StoredCookie(name, value, sameSite, attributes.ContainsKey("httponly"), attributes.ContainsKey("secure"), header);
    }

    /// <summary>Same site: same scheme and host (ports do not count); localhost and 127.0.0.1 are two sites.</summary>
    private static bool SameSite(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase);

    /// <summary>The value of a form field in an HTML page (name before value).</summary>
    public static string Field(string page, string name) =>
        WebUtility.HtmlDecode(Regex.Match(page, $"name=\"{Regex.Escape(name)}\"(?: type=\"hidden\")? value=\"([^\"]*)\"").Groups[1].Value);

    public void Dispose() => _http.Dispose();
}
