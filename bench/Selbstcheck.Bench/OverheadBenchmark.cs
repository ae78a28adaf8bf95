/// <summary>
/// What a request costs the service before any command: an anonymous health probe (Kestrel and the
/// middleware), and a signed-in read of the caller (plus the bearer token's validation and the access
/// rules) — the floor under every endpoint's figure.
/// </summary>
public static class OverheadBenchmark
{
    public static async Task RunAsync(HttpClient http, Probe probe, int n, int clients)
    {
        var rows = await Measure.Compare(3,
            ("GET /health/live (anonymous)", r => Measure.Run($"health run {r + 1}", n, clients, _ => Get(http, "/health/live"), probe, viaService: true)),
            ("GET /api/me (bearer token)", r => Measure.Run($"me run {r + 1}", n, clients, _ => Get(http, "/api/me"), probe, viaService: true)));
        Measure.Report(rows, $"{clients} clients; app: the service", "me/health", baseline: 0, measured: 1);
    }

    private static async Task Get(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"HTTP {(int)response.StatusCode} for {path}");
    }
}
