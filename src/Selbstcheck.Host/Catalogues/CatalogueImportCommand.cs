using System.Text.Json;
using JasperFx.CommandLine;
using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Programme;
using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Host.Catalogues;

public sealed class CatalogueImportInput : NetCoreInput
{
    [Description("Path of a catalogue JSON file (the shape of Catalogues/weltoffene-kommune-2020.json)")]
    public string File { get; set; } = "";
}

/// <summary>The programme team's CLI import of a catalogue version (the same rules as POST /api/catalogues).</summary>
[Description("Import a catalogue version from a JSON file")]
public sealed class CatalogueImportCommand : JasperFxAsyncCommand<CatalogueImportInput>
{
    public override async Task<bool> Execute(CatalogueImportInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        try
        {
            await using var stream = System.IO.File.OpenRead(input.File);
            var catalogue = await JsonSerializer.DeserializeAsync<Catalogue>(stream, CatalogueSeeder.Json);
            await using var session = store.LightweightSession();
            var outcome = await CatalogueImport.ImportAsync(session, catalogue!, DateTimeOffset.UtcNow,
                ProgrammeAction.Own(Actor.CommandLine, "catalogue-import"), CancellationToken.None);
            await session.SaveChangesAsync();
            Console.WriteLine($"{catalogue!.Id} {catalogue.Version}: {outcome}");
            return true;
        }
        catch (InvalidInput e)
        {
            foreach (var error in e.Errors) await Console.Error.WriteLineAsync($"{error.Field}: {error.Message}");
            return false;
        }
        catch (Exception e) when (e is DomainProblem or IOException or JsonException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return false;
        }
    }
}
