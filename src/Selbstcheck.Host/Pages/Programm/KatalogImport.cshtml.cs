using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Host.Pages.Programm;

/// <summary>
/// #15 H4: importing a catalogue or scoring-scheme version from a JSON file, in two steps. The upload (multipart, at most
/// <see cref="MaxFileBytes"/>) is checked as the import checks it and shown as a preview of what changes against the
/// version before it; nothing is stored. The confirmation carries the previewed file back sealed (data protection, valid
/// <see cref="PreviewValidity"/>), so exactly that file is imported — through the same code as POST /api/catalogues and
/// POST /api/scoring-schemes. Refusals (not JSON, invalid, a used version changed) are shown at the form.
/// </summary>
public sealed class KatalogImportModel(IDocumentSession session, TimeProvider clock, IDataProtectionProvider protection) : SelbstcheckPage, IProgrammPage
{
    public const string Form = "import";
    public const int MaxFileBytes = 256 * 1024;
    public static readonly TimeSpan PreviewValidity = TimeSpan.FromHours(1);

    private static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>The checked upload, when the page shows its preview.</summary>
    public ImportPreview? Preview { get; private set; }

    public void OnGet()
    {
    }

    /// <summary>Step 1: the upload; answers with the preview (or the refusal) and stores nothing.</summary>
    public async Task<IActionResult> OnPostAsync(IFormFile? datei, CancellationToken ct)
    {
        string? text = null;
        if (datei is null || datei.Length == 0) Errors.Add("datei", "Bitte eine JSON-Datei wählen.", Form);
        else if (datei.Length > MaxFileBytes) Errors.Add("datei", $"Die Datei ist größer als {MaxFileBytes / 1024} KiB.", Form);
        else
        {
            using var reader = new StreamReader(datei.OpenReadStream(), new UTF8Encoding(false, true));
            try
            {
                text = await reader.ReadToEndAsync(ct);
            }
            catch (DecoderFallbackException)
            {
                Errors.Add("datei", "Die Datei ist kein UTF-8-Text.", Form);
            }
        }

        if (text is not null)
        {
            await RunAsync(async () => Preview = await PreviewAsync(text, Path.GetFileName(datei!.FileName), ct), Form);
        }

        if (Errors.Any && Response.StatusCode == StatusCodes.Status200OK) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Step 2: imports exactly the previewed file; a missing, altered or expired preview is refused.</summary>
    public async Task<IActionResult> OnPostImportierenAsync(string? vorschau, CancellationToken ct)
    {
        string? text = null;
        try
        {
            text = string.IsNullOrEmpty(vorschau) ? null : Protector().Unprotect(vorschau);
        }
        catch (CryptographicException)
        {
        }

        if (text is null)
        {
            Errors.Add("datei", "Die Vorschau ist abgelaufen oder unlesbar. Bitte die Datei erneut hochladen.", Form);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        (string Kind, string Id, string Version, string Outcome)? done = null;
        if (await RunAsync(async () => done = await ImportAsync(text, ct), Form))
        {
            Notice = done!.Value.Outcome switch
            {
                "unchanged" => "Diese Fassung war schon importiert; nichts geändert.",
                "replaced" => "Importiert: Die ungenutzte Fassung dieser Version ist ersetzt.",
                _ => "Importiert.",
            };
            return Redirect(done.Value.Kind == ImportPreview.Scheme
                ? $"/programm/kataloge/schema/{Uri.EscapeDataString(done.Value.Id)}/{Uri.EscapeDataString(done.Value.Version)}"
                : $"/programm/kataloge/katalog/{Uri.EscapeDataString(done.Value.Id)}/{Uri.EscapeDataString(done.Value.Version)}");
        }

        // The file no longer imports (say, a round started using the version meanwhile): show it again, with the refusal.
        try
        {
            Preview = await PreviewAsync(text, null, ct);
        }
        catch (DomainProblem)
        {
        }

        return Page();
    }

    /// <summary>The preview; every refusal names the file (its JSON path in the message), so the summary leads to the file input.</summary>
    private async Task<ImportPreview> PreviewAsync(string text, string? fileName, CancellationToken ct)
    {
        try
        {
            return await CheckAsync(text, fileName, ct);
        }
        catch (InvalidInput invalid) when (invalid.Errors.Any(e => e.Field != "datei"))
        {
            throw new InvalidInput(invalid.Errors.Select(e => e.Field == "datei" ? e : new FieldError("datei", $"{e.Field}: {e.Message}")).ToList());
        }
    }

    private async Task<ImportPreview> CheckAsync(string text, string? fileName, CancellationToken ct)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var sealedFile = Protector().Protect(text, PreviewValidity);
        switch (Parse(text))
        {
            case Catalogue catalogue:
            {
                var c = CatalogueValidation.Validate(catalogue);
                var (outcome, _) = await CatalogueImport.PlanAsync(session, c, ct);
                var previous = await CatalogueImport.PreviousAsync(session, c, ct);
                return new ImportPreview(ImportPreview.CatalogueKind, c.Id, c.Version, c.Title, fileName, sha, sealedFile, outcome, previous?.Version,
                    CatalogueChanges.Between(previous, c), null, c.Fields.Count, c.Criteria.Count());
            }
            case ScoringScheme scheme:
            {
                var s = ScoringScheme.Validate(scheme);
                var outcome = await CatalogueImport.PlanSchemeAsync(session, s, ct);
                var previous = await CatalogueImport.PreviousSchemeAsync(session, s, ct);
                return new ImportPreview(ImportPreview.Scheme, s.Id, s.Version, s.Title, fileName, sha, sealedFile, outcome, previous?.Version,
                    null, SchemeChanges.Between(previous, s), 0, 0);
            }
            default:
                throw new InvalidOperationException("unreachable");
        }
    }

    private async Task<(string, string, string, string)> ImportAsync(string text, CancellationToken ct)
    {
        var action = ProgrammeActions.Of(HttpContext);
        switch (Parse(text))
        {
            case Catalogue catalogue:
            {
                var outcome = await CatalogueImport.ImportAsync(session, catalogue, clock.GetUtcNow(), action, ct);
                await session.SaveChangesAsync(ct);
                return (ImportPreview.CatalogueKind, catalogue.Id, catalogue.Version, outcome.ToString().ToLowerInvariant());
            }
            case ScoringScheme scheme:
            {
                var outcome = await CatalogueImport.ImportSchemeAsync(session, scheme, clock.GetUtcNow(), action, ct);
                await session.SaveChangesAsync(ct);
                return (ImportPreview.Scheme, scheme.Id, scheme.Version, outcome.ToString().ToLowerInvariant());
            }
            default:
                throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>
    /// The file as the API would read it (its JSON options: unknown fields refused, control characters refused): a
    /// scoring scheme when it has "points" or "levels", else a catalogue. Unreadable JSON is 400 naming line and position.
    /// </summary>
    public static object Parse(string text)
    {
        try
        {
            var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
            if (node is not JsonObject o) throw Invalid("Die Datei enthält kein JSON-Objekt (einen Katalog oder ein Bewertungsschema).");
            var isScheme = o.ContainsKey("points") || o.ContainsKey("levels");
            return (isScheme ? (object?)o.Deserialize<ScoringScheme>(Json) : o.Deserialize<Catalogue>(Json))
                   ?? throw Invalid("Die Datei enthält kein JSON-Objekt.");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (Zeile {line + 1}, Position {(e.BytePositionInLine ?? 0) + 1})" : "";
            var what = e.Message.StartsWith(PlainTextConverter.Refusal, StringComparison.Ordinal) ? e.Message.TrimEnd('.')
                : e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? $"Unbekanntes Feld {e.Path}"
                : e.Path is { Length: > 1 } path ? $"Ungültiger Wert im Feld {path}"
                : "Die Datei ist kein gültiges JSON";
            throw Invalid($"{what}{where}.");
        }
    }

    private static InvalidInput Invalid(string message) => new([new FieldError("datei", message)]);

    private ITimeLimitedDataProtector Protector() => protection.CreateProtector("Selbstcheck.Pages.KatalogImport").ToTimeLimitedDataProtector();

    private static JsonSerializerOptions CreateJson()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiSetup.Configure(o);
        return o;
    }
}

/// <summary>One kind of change in a preview, with its heading.</summary>
public sealed record ChangeList(string Heading, IReadOnlyList<string> Lines);

/// <summary>What an upload would import, and what it changes against the version before it.</summary>
public sealed record ImportPreview(
    string Kind,
    string Id,
    string Version,
    string Title,
    string? FileName,
    string Sha256,
    string Sealed,
    ImportOutcome Outcome,
    string? PreviousVersion,
    CatalogueChanges? CatalogueChanges,
    SchemeChanges? SchemeChanges,
    int Fields,
    int Criteria)
{
    public const string CatalogueKind = "katalog";
    public const string Scheme = "schema";

    public bool Changes => CatalogueChanges is { None: false } || SchemeChanges is { None: false };
}
