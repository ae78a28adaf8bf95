using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using Selbstcheck.Tests.Shared;
using Xunit.Abstractions;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// Hostile input, driven by the OpenAPI document: every operation, as every role the access matrix
/// lets call it, gets a generated corpus — part of it shaped like the operation's valid request with
/// one value mutated (boundaries, unknown and foreign ids, stale versions, duplicates, odd path
/// values), the rest malformed (null and wrong-typed bodies, broken JSON, control characters,
/// wrong media types, oversized content). No answer may be a 5xx; every 4xx is a ProblemDetails
/// with a title; a refused request leaves every stream it names as it was. Deterministic: one seed,
/// operations and roles in a fixed order. Prints the status counts per operation and the total
/// (and writes them to SELBSTCHECK_FUZZ_REPORT when set; ops/test prints that file).
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261130;
    private const int PerOperationAndRole = 12;
    private const int ValidShaped = 5; // of PerOperationAndRole: 42 %

    /// <summary>The cells of the access matrix that stand for a role (own Kommune, assigned facilitator, own respondent).</summary>
    private static readonly string[] RoleCells =
        ["anonym", "programmteam", "audit", "audit+pd", "pb-zugeordnet", "kommune-eigen", "tn-eigen", "befragte-eigen", "einheit"];

    [Fact]
    public async Task every_operation_answers_hostile_input_with_a_4xx_problem_and_a_refusal_changes_nothing()
    {
        var world = await MatrixWorld.CreateAsync();
        var openApi = JsonNode.Parse(await (await TestHost.AnonymousClient()).GetStringAsync("/openapi/v1.json"))!;
        var random = new Random(Seed);
        var counts = new SortedDictionary<string, SortedDictionary<int, int>>(StringComparer.Ordinal);
        var failures = new List<string>();
        var total = 0;
        var validShaped = 0;

        foreach (var (endpoint, operation) in Operations(openApi))
        {
            var cells = AllowedCells(endpoint);
            Assert.True(cells.Count > 0, $"{endpoint}: no role may call it according to the access matrix");
            var valid = await world.Valid(endpoint);
            var schema = Resolve(openApi, operation["requestBody"]?["content"]?["application/json"]?["schema"]);
            var route = endpoint[(endpoint.IndexOf(' ') + 1)..];
            var perOperation = counts[endpoint] = new SortedDictionary<int, int>();
            foreach (var cell in cells)
            {
                for (var i = 0; i < PerOperationAndRole; i++)
                {
                    var shaped = i < ValidShaped;
                    var (request, what) = shaped
                        ? ValidShapedVariant(valid, route, schema, world, random, i)
                        : MalformedVariant(valid, route, random, i);
                    var named = NamedStreams(request, route, world);
                    var before = await Versions(named);
                    using var response = await world.SendAs(request, cell, valid.RespondentKey);
                    var status = (int)response.StatusCode;
                    total++;
                    if (shaped) validShaped++;
                    perOperation[status] = perOperation.GetValueOrDefault(status) + 1;
                    var label = $"{endpoint} as {cell}, {what}: {status}";
                    if (status >= 500)
                    {
                        failures.Add($"{label} {Truncate(await response.Content.ReadAsStringAsync())}");
                    }
                    else if (status >= 400)
                    {
                        var problem = await ProblemTitle(response);
                        if (problem is null) failures.Add($"{label} without a ProblemDetails and title");
                        var after = await Versions(named);
                        foreach (var (stream, version) in before)
                        {
                            if (after.GetValueOrDefault(stream) != version)
                            {
                                failures.Add($"{label} changed stream {stream} ({version} → {after.GetValueOrDefault(stream)})");
                            }
                        }
                    }
                }
            }
        }

        var report = Report(counts, total, validShaped);
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("SELBSTCHECK_FUZZ_REPORT") is { Length: > 0 } file) await File.AppendAllTextAsync(file, report);
        Assert.True(failures.Count == 0, $"{failures.Count} answers broke the rules:\n{string.Join("\n", failures.Take(60))}");
        Assert.True(total >= 2000, $"only {total} requests");
        Assert.True(validShaped * 10 >= total * 3, $"only {validShaped} of {total} requests were shaped like valid ones");
    }

    private static readonly string[] HostileFormValues =
    [
        "", " ", "-1", "0", "9223372036854775808", "abc", "1e309", "31.02.2020", "2020-02-30", "0001-01-01", "9999-12-31T25:61",
        "00000000-0000-0000-0000-000000000000", "\u0000", "\u001b[31m", "<script>alert(1)</script>", "' or 1=1 --", "../../etc/passwd",
        "\uD800", new string('ä', 20_000), "erledigt\r\nX-Injected: 1",
    ];

    /// <summary>
    /// #13 point 8: every form handler of every page (found in the application, <see cref="PageForms"/>), as every role the
    /// matrix lets post to its route, with each field in turn replaced by a hostile value or left out, an unknown field added,
    /// a JSON or broken body, invalid UTF-8 — never a 5xx, every refusal a German page or problem, and a refused post leaves
    /// every stream as it was.
    /// </summary>
    [Fact]
    public async Task every_page_form_answers_hostile_input_without_a_5xx_and_a_refusal_changes_nothing()
    {
        var world = await MatrixWorld.CreateAsync();
        var random = new Random(Seed);
        var forms = await PageForms.FuzzedAsync();
        var counts = new SortedDictionary<string, SortedDictionary<int, int>>(StringComparer.Ordinal);
        var failures = new List<string>();
        var total = 0;
        foreach (var form in forms)
        {
            var cells = AllowedCells(PageForms.MatrixKey(form));
            var valid = await world.Valid(form);
            var route = PageForms.MatrixKey(form)[(form.IndexOf(' ') + 1)..];
            var fields = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(valid.Body ?? "")
                .SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))).ToList();
            var perForm = counts[form] = new SortedDictionary<int, int>();
            foreach (var cell in cells)
            {
                foreach (var (request, what) in valid.Parts is { } parts ? MultipartVariants(valid, parts, random) : FormVariants(valid, fields, random))
                {
                    var named = NamedStreams(request, route, world);
                    var before = await Versions(named);
                    using var response = await world.SendAs(request, cell, valid.RespondentKey);
                    var status = (int)response.StatusCode;
                    total++;
                    perForm[status] = perForm.GetValueOrDefault(status) + 1;
                    var label = $"{form} as {cell}, {what}: {status}";
                    if (status >= 500)
                    {
                        failures.Add($"{label} {Truncate(await response.Content.ReadAsStringAsync())}");
                    }
                    else if (status >= 400)
                    {
                        var text = await response.Content.ReadAsStringAsync();
                        var german = await ProblemTitle(response) is not null || text.Contains("kern-alert--danger", StringComparison.Ordinal) || text.Contains("<h1", StringComparison.Ordinal);
                        if (!german) failures.Add($"{label} without a German error page or problem");
                        var after = await Versions(named);
                        foreach (var (stream, version) in before)
                        {
                            if (after.GetValueOrDefault(stream) != version) failures.Add($"{label} changed stream {stream} ({version} → {after.GetValueOrDefault(stream)})");
                        }
                    }
                }
            }
        }

        var statuses = counts.Values.SelectMany(c => c).GroupBy(c => c.Key).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Sum(x => x.Value)}");
        var report = $"fuzz: {total} hostile posts to {counts.Count} page forms: {string.Join("  ", statuses)}";
        foreach (var (form, perForm) in counts) output.WriteLine($"fuzz:   {form,-60} {string.Join("  ", perForm.Select(c => $"{c.Key}×{c.Value}"))}");
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("SELBSTCHECK_FUZZ_REPORT") is { Length: > 0 } file) await File.AppendAllTextAsync(file, report + "\n");
        Assert.True(failures.Count == 0, $"{failures.Count} answers broke the rules:\n{string.Join("\n", failures.Take(60))}");
        Assert.True(forms.Count >= 58, $"only {forms.Count} page form handlers found");
    }

    /// <summary>
    /// No page form escapes the fuzz: every POST handler the application's pages have (but the sign-in and the respondent's
    /// own pages, <see cref="PageForms.Excluded"/>) has a row of its route in the access matrix and a valid request in
    /// MatrixWorld that posts to exactly that handler — and that request succeeds for a cell the matrix lets post.
    /// </summary>
    [Fact]
    public async Task every_page_form_handler_of_the_application_has_a_valid_request_the_fuzz_sends()
    {
        var world = await MatrixWorld.CreateAsync();
        var discovered = await PageForms.DiscoverAsync();
        Assert.Contains("POST /kommunen/{id}/workshops/{w}/ergebnisse?handler=Kommentar", discovered);
        var stale = PageForms.Excluded.Keys.Where(k => !discovered.Any(d => PageForms.MatrixKey(d) == k)).ToList();
        Assert.True(stale.Count == 0, $"Excluded page forms that do not exist: {string.Join(", ", stale)}");

        var problems = new List<string>();
        foreach (var form in await PageForms.FuzzedAsync())
        {
            if (!AccessMatrixTests.Expected.ContainsKey(PageForms.MatrixKey(form)))
            {
                problems.Add($"{form}: no row {PageForms.MatrixKey(form)} in the access matrix");
                continue;
            }

            var cells = AllowedCells(PageForms.MatrixKey(form));
            if (cells.Count == 0)
            {
                problems.Add($"{form}: no cell may post to it according to the access matrix");
                continue;
            }

            MatrixWorld.ValidRequest valid;
            try
            {
                valid = await world.Valid(form);
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"{form}: {e.Message}");
                continue;
            }

            if (!PageForms.Drives(valid.Url, PageForms.HandlerOf(form) ?? ""))
            {
                problems.Add($"{form}: the valid request posts to {valid.Url}");
                continue;
            }

            var answers = new List<string>();
            var succeeded = false;
            foreach (var cell in cells)
            {
                using var response = await world.Send(form, cell);
                answers.Add($"{cell} {(int)response.StatusCode}");
                // A page that shows its refusal itself answers with a 4xx; a 200 shows a result (a new link, a preview), no error.
                succeeded = (int)response.StatusCode < 400 && !(await response.Content.ReadAsStringAsync()).Contains("kern-alert--danger", StringComparison.Ordinal);
                if (succeeded) break;
            }

            if (!succeeded)
            {
                problems.Add($"{form}: its valid request succeeds for no allowed cell ({string.Join(", ", answers)})");
            }
        }

        Assert.True(problems.Count == 0, $"Page form handlers without a valid fuzz request:\n{string.Join("\n", problems)}");
    }

    private static IEnumerable<(HttpRequestMessage, string)> FormVariants(MatrixWorld.ValidRequest valid, List<KeyValuePair<string, string>> fields, Random random)
    {
        HttpRequestMessage Post(HttpContent? content) => new(valid.Method, valid.Url) { Content = content };
        for (var i = 0; i < fields.Count; i++)
        {
            foreach (var value in new[] { Pick(random, HostileFormValues), Pick(random, HostileFormValues) })
            {
                var changed = fields.Select((f, j) => j == i ? new KeyValuePair<string, string>(f.Key, value) : f).ToList();
                yield return (Post(new FormUrlEncodedContent(changed)), $"{fields[i].Key}={Truncate(value, 20)}");
            }

            yield return (Post(new FormUrlEncodedContent(fields.Where((_, j) => j != i))), $"without {fields[i].Key}");
        }

        // A value the form sends in its URL (a respondent's id beside the handler): hostile, or left out.
        var url = valid.Url.Split('?');
        var query = url.Length > 1 ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url[1]) : [];
        foreach (var (name, _) in query.Where(q => q.Key != "handler"))
        {
            string With(string? value) => url[0] + "?" + string.Join("&", query.Where(q => q.Key != name || value is not null)
                .Select(q => $"{q.Key}={Uri.EscapeDataString(q.Key == name ? value! : q.Value.ToString())}"));
            var hostile = Pick(random, "", "-1", "abc", "00000000-0000-0000-0000-000000000000", "\u0000", "<script>alert(1)</script>", "../../etc/passwd");
            yield return (new HttpRequestMessage(valid.Method, With(hostile)) { Content = new FormUrlEncodedContent(fields) }, $"?{name}={Truncate(hostile, 20)}");
            yield return (new HttpRequestMessage(valid.Method, With(null)) { Content = new FormUrlEncodedContent(fields) }, $"without ?{name}");
        }

        yield return (Post(new FormUrlEncodedContent([.. fields, new("unbekannt", "1"), .. fields])), "fields twice and an unknown one");
        yield return (Post(new StringContent("{\"status\":\"erledigt\"}", Encoding.UTF8, "application/json")), "a JSON body");
        yield return (Post(new StringContent("%%%&=&==%zz", Encoding.UTF8, "application/x-www-form-urlencoded")), "a broken form body");
        var bytes = new ByteArrayContent([0x73, 0x3d, 0xff, 0xfe, 0xc3, 0x28]);
        bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        yield return (Post(bytes), "invalid UTF-8");
        yield return (Post(null), "no body");
    }

    /// <summary>
    /// #15 H4: a multipart form (a file upload) varied part by part: each part's value replaced by a hostile value (a file's
    /// content also by hostile JSON, an oversized file, bytes that are no UTF-8), each part left out, parts doubled and an
    /// unknown one added — and the bodies every form gets (JSON, a broken form, a multipart body without its boundary, none).
    /// </summary>
    private static IEnumerable<(HttpRequestMessage, string)> MultipartVariants(MatrixWorld.ValidRequest valid, IReadOnlyList<MatrixWorld.FormPart> parts, Random random)
    {
        HttpRequestMessage Post(HttpContent? content) => new(valid.Method, valid.Url) { Content = content };
        string[] hostileFiles =
        [
            "", "null", "[]", "{}", "{\"id\":1}", "{\"points\":{}}", "{\"levels\":[{\"level\":1,\"from\":\"1/0\",\"label\":\"x\"}]}",
            new string('[', 5000) + new string(']', 5000), "{\"id\":\"a\u0000b\"}", "{\"fields\":[null]}", new string('x', 300 * 1024),
        ];
        for (var i = 0; i < parts.Count; i++)
        {
            var values = parts[i].FileName is null
                ? new[] { Pick(random, HostileFormValues), Pick(random, HostileFormValues) }
                : new[] { Pick(random, HostileFormValues), Pick(random, hostileFiles), Pick(random, hostileFiles) };
            foreach (var value in values)
            {
                var changed = parts.Select((p, j) => j == i ? p with { Value = value } : p).ToList();
                yield return (Post(MatrixWorld.MultipartContent(changed)), $"{parts[i].Name}={Truncate(value, 20)}");
            }

            yield return (Post(MatrixWorld.MultipartContent(parts.Where((_, j) => j != i))), $"without {parts[i].Name}");
            if (parts[i].FileName is not null)
            {
                var notUtf8 = new MultipartFormDataContent();
                var bytes = new ByteArrayContent([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x7d]);
                bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                notUtf8.Add(bytes, parts[i].Name, parts[i].FileName!);
                yield return (Post(notUtf8), $"{parts[i].Name} not UTF-8");
            }
        }

        yield return (Post(MatrixWorld.MultipartContent([.. parts, new MatrixWorld.FormPart("unbekannt", "1"), .. parts])), "parts twice and an unknown one");
        yield return (Post(new StringContent("{\"status\":\"erledigt\"}", Encoding.UTF8, "application/json")), "a JSON body");
        yield return (Post(new StringContent("%%%&=&==%zz", Encoding.UTF8, "application/x-www-form-urlencoded")), "a broken form body");
        var broken = new StringContent("--x\r\nContent-Disposition: form-data; name=\"datei\"\r\n\r\n{", Encoding.UTF8);
        broken.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data");
        yield return (Post(broken), "a multipart body without boundary");
        yield return (Post(null), "no body");
    }

    [Fact]
    public async Task a_null_body_is_a_400_problem_on_every_operation_that_reads_one()
    {
        var world = await MatrixWorld.CreateAsync();
        var openApi = JsonNode.Parse(await (await TestHost.AnonymousClient()).GetStringAsync("/openapi/v1.json"))!;
        var withBody = Operations(openApi).Where(o => o.Operation["requestBody"] is not null).ToList();
        Assert.True(withBody.Count >= 16, $"only {withBody.Count} operations with a body");
        foreach (var (endpoint, _) in withBody)
        {
            var valid = await world.Valid(endpoint);
            using var response = await world.SendAs(Request(valid.Method, valid.Url, "null", "application/json"), "programmteam", valid.RespondentKey);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{endpoint}: {(int)response.StatusCode}");
            Assert.Contains("\"Inhalt fehlt\"", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("Titel\\u0000mit NUL", "U+0000")]
    [InlineData("\\u001b[31mrot", "U+001B")]
    [InlineData("halbes \\ud800 Zeichen", "Ungültiger Text")]
    public async Task control_characters_and_broken_unicode_in_a_text_are_400_and_change_nothing(string title, string named)
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var before = await Versions([kommune]);

        var response = await admin.PostRaw($"/api/kommunen/{kommune}/milestones",
            $$"""{"title":"{{title}}","kind":"Workshop","owner":"Integrationsbüro","dueDate":"2030-10-08"}""");

        await response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.Contains(named, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await Versions([kommune]));
    }

    [Theory]
    [InlineData("dueDate", "0001-01-01")]
    [InlineData("dueDate", "9999-12-31")]
    [InlineData("dueAt", "9999-12-31T23:59")]
    public async Task dates_outside_the_domain_are_400_not_an_overflow(string field, string value)
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();

        var response = await admin.PostRaw($"/api/kommunen/{kommune}/milestones",
            $$"""{"title":"Termin","kind":"Workshop","owner":"Integrationsbüro","{{field}}":"{{value}}"}""");

        await response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every operation of the document, sorted, as "METHOD /route".</summary>
    private static IEnumerable<(string Endpoint, JsonNode Operation)> Operations(JsonNode openApi) =>
        openApi["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject()
                .Where(m => m.Key is "get" or "post" or "put" or "delete" or "patch")
                .Select(m => ($"{m.Key.ToUpperInvariant()} {p.Key}", m.Value!)))
            .OrderBy(o => o.Item1, StringComparer.Ordinal);

    /// <summary>The role cells the matrix answers with 2xx: the roles that may call the operation.</summary>
    private static List<string> AllowedCells(string endpoint)
    {
        var expected = Regex.Split(AccessMatrixTests.Expected[endpoint].Trim(), @"\s+").Select(int.Parse).ToArray();
        // A page form's success is a redirect back to the page (post/redirect/get): 3xx counts as allowed too.
        return RoleCells.Where(c => expected[Array.IndexOf(AccessMatrixTests.Cells, c)] is >= 200 and < 400).ToList();
    }

    // ---- valid-shaped variants: the valid request with one value mutated -------------------------

    private static (HttpRequestMessage, string) ValidShapedVariant(MatrixWorld.ValidRequest valid, string route, JsonNode? schema, MatrixWorld world, Random random, int i)
    {
        var body = valid.Body is null ? null : JsonNode.Parse(valid.Body);
        // Half the variants change a path value, half a body value (all of them a path value when there is no body).
        var leaves = body is null ? [] : Leaves(body, "$").ToList();
        if (leaves.Count == 0 || (i % 2 == 1 && HasParameters(route)))
        {
            var (url, what) = MutatePath(valid.Url, route, world, random, odd: false);
            return (Request(valid.Method, url, body?.ToJsonString(), "application/json"), what);
        }

        var (path, node) = leaves[random.Next(leaves.Count)];
        var replacement = MutatedValue(path, node, schema, world, random);
        var mutated = Replace(body!, path, replacement);
        return (Request(valid.Method, valid.Url, mutated.ToJsonString(), "application/json"),
            $"{path} = {Truncate(replacement?.ToJsonString() ?? "null", 40)}");
    }

    private static JsonNode? MutatedValue(string path, JsonNode node, JsonNode? schema, MatrixWorld world, Random random)
    {
        var name = path[(path.LastIndexOfAny(['.', '[']) + 1)..].TrimEnd(']');
        switch (node)
        {
            case JsonArray array:
                return random.Next(4) switch
                {
                    0 => new JsonArray(),
                    1 => new JsonArray(array.Select(x => x?.DeepClone()).Concat(array.Select(x => x?.DeepClone())).ToArray()), // duplicates
                    2 => new JsonArray(Enumerable.Range(0, 300).Select(_ => array.FirstOrDefault()?.DeepClone()).ToArray()),
                    _ => new JsonArray(array.Take(1).Select(x => x?.DeepClone()).ToArray()),
                };
            case JsonObject:
                return new JsonObject();
            case JsonValue value when value.GetValueKind() is JsonValueKind.Number:
                if (name.Contains("version", StringComparison.OrdinalIgnoreCase)) return Pick(random, 0, -1, 1, 999_999); // stale versions
                return Pick(random, 0, -1, int.MaxValue, int.MinValue, 8, 1_000_000);
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(!value.GetValue<bool>());
            case JsonValue value when value.GetValueKind() is JsonValueKind.String:
                var text = value.GetValue<string>();
                if (Guid.TryParse(text, out _)) return Pick(random, Guid.NewGuid().ToString(), Guid.Empty.ToString(), world.OwnFacilitator.ToString());
                if (text == world.Own) return Pick(random, world.Foreign, "gibt-es-nicht", world.Own.ToUpperInvariant());
                if (Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2}"))
                {
                    return Pick(random, "2020-02-30", "0001-01-01", "9999-12-31T23:59", "2020-13-01", "2020-06-01T25:61", "2021-03-28T02:30",
                        "2020-06-01T10:00+14:00", "1900-01-01", "");
                }

                if (Regex.IsMatch(text, @"^\d{1,2}:\d{2}$")) return Pick(random, "24:00", "-1:00", "99:99", "");
                return Pick(random, "", " ", new string('x', 20_000), "\u0000\u0007\u001b[31m", "Zeile\nZeile\r\n", "🙂ÄÖÜß\u202e", "<script>alert(1)</script>",
                    "../../etc/passwd", "' or 1=1 --", "\ud800", text + text);
            default:
                return null;
        }
    }

    // ---- malformed variants ----------------------------------------------------------------------

    private static (HttpRequestMessage, string) MalformedVariant(MatrixWorld.ValidRequest valid, string route, Random random, int i)
    {
        var body = valid.Body;
        var json = "application/json";
        var kind = (i - ValidShaped + random.Next(3)) % 16;
        if (kind == 15 && HasParameters(route))
        {
            var (url, what) = MutatePath(valid.Url, route, null, random, odd: true);
            return (Request(valid.Method, url, body, json), what);
        }

        return kind switch
        {
            0 => (Request(valid.Method, valid.Url, "null", json), "body null"),
            1 => (Request(valid.Method, valid.Url, "[]", json), "body []"),
            2 => (Request(valid.Method, valid.Url, Pick(random, "42", "\"Text\"", "true", "-0.0e-999"), json), "body a scalar"),
            3 => (Request(valid.Method, valid.Url, (body ?? "{\"a\":1}")[..Math.Max(1, (body ?? "{\"a\":1}").Length / 2)], json), "body cut off"),
            4 => (Request(valid.Method, valid.Url, WrongTypes(body, random), json), "wrong types"),
            5 => (Request(valid.Method, valid.Url, new string('[', 2000) + new string(']', 2000), json), "nested 2000 deep"),
            6 => (RequestBytes(valid.Method, valid.Url, InvalidUtf8(body), json), "invalid UTF-8"),
            7 => (Request(valid.Method, valid.Url, body ?? "{}", "text/plain"), "text/plain"),
            8 => (Request(valid.Method, valid.Url, "", json), "empty body"),
            9 => (Request(valid.Method, valid.Url, "{\"a\":1,\"a\":2," + (body ?? "{}").TrimStart('{'), json), "duplicate property"),
            10 => (Request(valid.Method, valid.Url, AllNull(body), json), "every value null"),
            11 => (Request(valid.Method, valid.Url, "{\"x\":\"" + new string('A', 1_200_000) + "\"}", json), "1.2 MB"),
            12 => (Request(valid.Method, valid.Url, "{/*c*/ \"a\": 1,}", json), "comment and trailing comma"),
            13 => (Request(valid.Method, valid.Url + (valid.Url.Contains('?') ? "&" : "?") + Pick(random, "page=-1", "pageSize=0", "pageSize=100000000", "page=abc",
                "round=x", "overdue=vielleicht", "field=99", "page=99999999999", "from=2020-07-01T12:00", "to=9999-12-31T23:59:59Z",
                "from=2020-13-45", "type=%00", "type=,,", "user=%00", "role=root", "from=2020-07-01T12:00:00%2B25:00"), body, json), "odd query"),
            14 => (Request(valid.Method, valid.Url, "\"\\u0000\"", "application/json; charset=latin1"), "odd charset"),
            _ => (Request(valid.Method, valid.Url, "{\"unbekannt\":" + new string('9', 400) + "}", json), "huge number"),
        };
    }

    private static string WrongTypes(string? body, Random random)
    {
        if (body is null) return "{\"id\":{},\"title\":[1],\"version\":\"x\"}";
        var node = JsonNode.Parse(body)!;
        var leaves = Leaves(node, "$").ToList();
        if (leaves.Count == 0) return "{\"x\":[]}";
        var replaced = new List<string>();
        foreach (var (path, leaf) in leaves.Where((_, n) => n % 2 == 0 || random.Next(2) == 0))
        {
            if (replaced.Any(r => path.StartsWith(r, StringComparison.Ordinal))) continue;
            replaced.Add(path);
            JsonNode? wrong = leaf switch
            {
                JsonArray => new JsonObject { ["x"] = 1 },
                JsonObject => new JsonArray(1, 2),
                JsonValue v when v.GetValueKind() == JsonValueKind.String => PickNode(random, 12, true, -7.5),
                JsonValue => PickNode(random, "zwölf", "1e999", "[]"),
                _ => 1,
            };
            node = Replace(node, path, wrong);
        }

        return node.ToJsonString();
    }

    private static string AllNull(string? body)
    {
        if (body is null) return "{\"id\":null}";
        var node = JsonNode.Parse(body)!;
        var replaced = new List<string>();
        foreach (var (path, _) in Leaves(node, "$").ToList())
        {
            if (replaced.Any(r => path.StartsWith(r, StringComparison.Ordinal))) continue;
            replaced.Add(path);
            node = Replace(node, path, null);
        }

        return node.ToJsonString();
    }

    private static byte[] InvalidUtf8(string? body)
    {
        var text = Encoding.UTF8.GetBytes(body ?? "{\"title\":\"x\"}");
        var at = Array.IndexOf(text, (byte)'"', 2);
        var bytes = text.ToList();
        bytes.InsertRange(Math.Max(at + 1, 1), [0xC3, 0x28, 0xFF, 0xFE]);
        return bytes.ToArray();
    }

    // ---- path values -----------------------------------------------------------------------------

    private static bool HasParameters(string route) => route.Contains('{');

    private static (string Url, string What) MutatePath(string url, string route, MatrixWorld? world, Random random, bool odd)
    {
        var query = url.Contains('?') ? url[url.IndexOf('?')..] : "";
        var segments = url[..(url.Length - query.Length)].Split('/');
        var template = route.Split('/');
        var parameters = Enumerable.Range(0, template.Length).Where(i => template[i].StartsWith('{')).ToList();
        if (parameters.Count == 0 || segments.Length != template.Length) return (url, "unchanged path");
        var at = parameters[random.Next(parameters.Count)];
        var name = template[at].Trim('{', '}');
        string value;
        if (odd)
        {
            value = Pick(random, "%00", "..", "%2e%2e", new string('a', 400), "%F0%9F%99%82", "null", "%0A", "%25", "-", "a%2Fb", "%E2%80%AE");
        }
        else if (name is "id" && world is not null)
        {
            value = Pick(random, world.Foreign, "gibt-es-nicht", "X", "ä-ö");
        }
        else
        {
            value = Pick(random, Guid.NewGuid().ToString(), Guid.Empty.ToString(), "0", "-1", "2147483648", "99999", "abc");
        }

        segments[at] = value;
        return (string.Join('/', segments) + query, $"{{{name}}} = {Truncate(value, 20)}");
    }

    // ---- streams named by a request ------------------------------------------------------------

    /// <summary>The Kommune streams a request names: the route's Kommune and any Kommune id in its body.</summary>
    private static HashSet<string> NamedStreams(HttpRequestMessage request, string route, MatrixWorld world)
    {
        var named = new HashSet<string>(StringComparer.Ordinal) { world.Own, world.Foreign };
        var template = route.Split('/');
        var segments = request.RequestUri!.OriginalString.Split('?')[0].Split('/');
        if (template.Length == segments.Length && template.Length > 3 && template[2] == "kommunen" && template[3] == "{id}")
        {
            named.Add(Uri.UnescapeDataString(segments[3]));
        }

        if (request.Content is not null)
        {
            var text = request.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            foreach (Match m in Regex.Matches(text, "\"(?:id|kommuneId)\"\\s*:\\s*\"([^\"]{1,80})\"")) named.Add(m.Groups[1].Value);
        }

        return named;
    }

    private static async Task<Dictionary<string, long>> Versions(IEnumerable<string> streams)
    {
        await using var connection = new NpgsqlConnection(TestHost.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id, version from selbstcheck.mt_streams where id = any(@ids)", connection);
        // A hostile id with a NUL byte names no stream (PostgreSQL text cannot hold one): it stays -1 before and after.
        command.Parameters.AddWithValue("ids", streams.Where(s => !s.Contains('\0', StringComparison.Ordinal)).ToArray());
        var versions = streams.ToDictionary(s => s, _ => -1L);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) versions[reader.GetString(0)] = reader.GetInt64(1);
        return versions;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static async Task<string?> ProblemTitle(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return null;
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return doc.RootElement.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 } t ? t : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<(string Path, JsonNode Node)> Leaves(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is null) continue;
                    if (child is JsonArray or JsonValue) yield return ($"{path}.{key}", child);
                    if (child is JsonObject or JsonArray)
                    {
                        foreach (var leaf in Leaves(child, $"{path}.{key}")) yield return leaf;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null) continue;
                    if (array[i] is JsonValue) yield return ($"{path}[{i}]", array[i]!);
                    else foreach (var leaf in Leaves(array[i]!, $"{path}[{i}]")) yield return leaf;
                }

                break;
        }
    }

    /// <summary>A copy of <paramref name="root"/> with the value at <paramref name="path"/> ("$.a[0].b") replaced.</summary>
    private static JsonNode Replace(JsonNode root, string path, JsonNode? value)
    {
        var copy = root.DeepClone();
        var steps = Regex.Matches(path, @"\.([^.\[]+)|\[(\d+)\]").Select(m => m.Groups[1].Success ? (object)m.Groups[1].Value : int.Parse(m.Groups[2].Value)).ToList();
        JsonNode parent = copy;
        for (var i = 0; i < steps.Count - 1; i++) parent = steps[i] is string key ? parent[key]! : parent[(int)steps[i]]!;
        if (steps[^1] is string last) parent[last] = value;
        else parent[(int)steps[^1]] = value;
        return copy;
    }

    private static JsonNode? Resolve(JsonNode openApi, JsonNode? schema) =>
        schema?["$ref"]?.GetValue<string>() is { } reference
            ? openApi["components"]!["schemas"]![reference.Split('/')[^1]]
            : schema;

    private static HttpRequestMessage Request(HttpMethod method, string url, string? body, string mediaType)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, mediaType);
        if (mediaType.Contains("latin1")) request.Content!.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);
        return request;
    }

    private static HttpRequestMessage RequestBytes(HttpMethod method, string url, byte[] body, string mediaType)
    {
        var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        return request;
    }

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];

    private static JsonNode? PickNode(Random random, params object[] values) => JsonSerializer.SerializeToNode(values[random.Next(values.Length)]);

    private static string Truncate(string text, int length = 300) => text.Length <= length ? text : text[..length] + "…";

    private static string Report(SortedDictionary<string, SortedDictionary<int, int>> counts, int total, int validShaped)
    {
        var report = new StringBuilder();
        report.AppendLine($"fuzz: status counts per operation (seed {Seed}, {PerOperationAndRole} requests per operation and role)");
        foreach (var (endpoint, statuses) in counts)
        {
            report.AppendLine($"fuzz:   {endpoint,-80} {string.Join("  ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        }

        var all = counts.Values.SelectMany(s => s).GroupBy(s => s.Key).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Sum(x => x.Value)}");
        report.AppendLine($"fuzz: {total} requests to {counts.Count} operations ({validShaped} shaped like valid ones with a mutated value): {string.Join("  ", all)}");
        return report.ToString();
    }
}
