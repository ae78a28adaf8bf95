using System.Diagnostics;
using Marten;
using Npgsql;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.People;

namespace Selbstcheck.Host.Tests.People;

/// <summary>
/// Events written before the personal-data vault held personal text in clear. No production data
/// existed: the deploy step (db-install, run by ops/run at every start) recreates such a database, so
/// the demo import writes the new shapes before any chain starts — and leaves a current one alone
/// (warm start).
/// </summary>
public class DataShapeTests
{
    [Fact]
    public async Task db_install_keeps_data_of_the_current_generation_and_recreates_data_holding_personal_text_in_clear()
    {
        var runtime = await TestHost.SiblingDatabaseAsync("oldshapes");
        var database = new NpgsqlConnectionStringBuilder(runtime).Database!;
        var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("SELBSTCHECK_DB")!) { Database = database }.ConnectionString;
        var owner = new NpgsqlConnectionStringBuilder(admin) { Username = TestHost.OwnerRole, Password = TestHost.OwnerPassword }.ConnectionString;
        using (var store = DocumentStore.For(o => StorageSetup.ConfigureStore(o, new SelbstcheckSettings { ConnectionString = owner })))
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream("alt-daten", new KommuneRegistered("alt-daten", "Altstadt", "Stadt", "Sachsen", null, null, null),
                new UnitAdded("alt-daten", "Integrationsbüro", MemoryVault.RefOf("ib@example.org")));
            await session.SaveChangesAsync();
        }

        var (warm, warmOutput) = await DbInstall(owner);
        var kept = await EventCount(admin);
        // A database from before the vault: the address in clear, and no data generation recorded.
        await Execute(admin, """update selbstcheck.mt_events set data = jsonb_set(data, '{email}', '"ib@example.org"') where type = 'unit_added'""");
        await Execute(admin, "drop table selbstcheck.data_generation");
        var (cold, coldOutput) = await DbInstall(owner);

        Assert.True(warm == 0, warmOutput);
        Assert.Equal(2, kept);
        Assert.DoesNotContain("recreated", warmOutput);
        Assert.True(cold == 0, coldOutput);
        Assert.Contains("personal text in clear", coldOutput);
        Assert.Equal(0, await EventCount(admin));
    }

    private static async Task<(int ExitCode, string Output)> DbInstall(string owner)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "Selbstcheck.Host.dll"), "db-install", "--runtime-role", TestHost.RuntimeRole])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            Environment = { ["SELBSTCHECK_DB"] = owner, ["SELBSTCHECK_DEMO"] = "0", ["ASPNETCORE_ENVIRONMENT"] = "Testing", ["Logging__LogLevel__Default"] = "Warning" },
        };
        var (exitCode, output, errors) = await Processes.RunAsync(start);
        return (exitCode, output + errors);
    }

    private static async Task<long> EventCount(string admin)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from selbstcheck.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Execute(string admin, string sql)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
