using System.Text.RegularExpressions;
using Hangfire.PostgreSql;
using JasperFx;
using JasperFx.CommandLine;
using Marten;
using Npgsql;
using Selbstcheck.Host.Audit;
using Wolverine.Runtime;

namespace Selbstcheck.Host.Infrastructure;

public sealed class DbInstallInput : NetCoreInput
{
    [Description("The role the service connects with: granted exactly the rights it needs (no DDL); empty: grant nothing")]
    public string RuntimeRoleFlag { get; set; } = "";
}

/// <summary>
/// The deploy step (ops/run and ops/test run it too): connected as the schema owner (SELBSTCHECK_DB),
/// applies the schema of Marten, Wolverine and Hangfire, and grants the runtime role what the service
/// needs — read and write rows, use sequences and functions — and nothing else: it cannot create,
/// alter or drop anything. Idempotent.
/// </summary>
[Description("Apply the database schema as its owner and grant the runtime role its rights (deploy step)", Name = "db-install")]
public sealed partial class DbInstallCommand : JasperFxAsyncCommand<DbInstallInput>
{
    public static readonly string[] Schemas = [StorageSetup.Schema, StorageSetup.PersonalSchema, JobsSetup.Schema];

    public override async Task<bool> Execute(DbInstallInput input)
    {
        var role = input.RuntimeRoleFlag.Trim();
        if (role.Length > 0 && !RoleName().IsMatch(role))
        {
            await Console.Error.WriteLineAsync($"error: '{role}' is not a plain role name (lowercase letters, digits, underscores)");
            return false;
        }

        using var host = input.BuildHost();
        var settings = host.Services.GetRequiredService<SelbstcheckSettings>();

        await using (var connection = new NpgsqlConnection(settings.ConnectionString))
        {
            await connection.OpenAsync();
            // Before 2026-12 the local signing key lay in clear in this table; its tokens end with it.
            await Execute(connection, $"drop table if exists {StorageSetup.Schema}.mt_doc_signingkeyrecord");
            if (await GenerationAsync(connection) < DataGeneration && await HoldsClearPersonalText(connection))
            {
                // Events of the shape before the personal-data vault (2026-11) held personal text in clear. No
                // production data existed then: the database is recreated, and the demo import (at start) writes
                // the new shapes before any chain begins.
                Console.WriteLine("events with personal text in clear (before the personal-data vault): the data is recreated");
                foreach (var schema in Schemas) await Execute(connection, $"drop schema if exists {schema} cascade");
            }

            PostgreSqlObjectsInstaller.Install(connection, JobsSetup.Schema);
        }

        await host.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate);
        var runtime = host.Services.GetRequiredService<IWolverineRuntime>();
        await runtime.Storage.Admin.MigrateAsync(AutoCreate.CreateOrUpdate);
        Console.WriteLine("schema applied: Marten, Wolverine, Hangfire");
        await using (var connection = new NpgsqlConnection(settings.ConnectionString))
        {
            await connection.OpenAsync();
            await Execute(connection, $"create table if not exists {StorageSetup.Schema}.data_generation (generation int not null)");
            await Execute(connection, $"delete from {StorageSetup.Schema}.data_generation");
            await Execute(connection, $"insert into {StorageSetup.Schema}.data_generation values ({DataGeneration})");
        }

        await using (var connection = new NpgsqlConnection(settings.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var before = await CountLinks(connection);
            await Execute(connection, EventChain.BackfillSql(StorageSetup.Schema));
            var added = await CountLinks(connection) - before;
            await transaction.CommitAsync();
            if (added > 0) Console.WriteLine($"event chain: {added} events of streams written before the chain existed chained, in version order");
        }

        if (role.Length == 0) return true;
        await using (var connection = new NpgsqlConnection(settings.ConnectionString))
        {
            await connection.OpenAsync();
            await using (var check = new NpgsqlCommand("select rolsuper, rolcreaterole, rolcreatedb from pg_roles where rolname = $1", connection))
            {
                check.Parameters.AddWithValue(role);
                await using var reader = await check.ExecuteReaderAsync();
                if (!await reader.ReadAsync())
                {
                    await Console.Error.WriteLineAsync($"error: the runtime role {role} does not exist (create it: CREATE ROLE {role} LOGIN PASSWORD '…')");
                    return false;
                }

                if (reader.GetBoolean(0) || reader.GetBoolean(1) || reader.GetBoolean(2))
                {
                    await Console.Error.WriteLineAsync($"error: the runtime role {role} must not be a superuser nor create roles or databases");
                    return false;
                }
            }

            var schemas = string.Join(", ", Schemas);
            var quoted = $"\"{role}\"";
            await Execute(connection, $"grant usage on schema {schemas} to {quoted}");
            await Execute(connection, $"revoke create on schema {schemas} from {quoted}");
            await Execute(connection, $"grant select, insert, update, delete on all tables in schema {schemas} to {quoted}");
            await Execute(connection, $"grant usage, select, update on all sequences in schema {schemas} to {quoted}");
            await Execute(connection, $"grant execute on all functions in schema {schemas} to {quoted}");
            // The hash chain: the runtime role reads it; only the trigger (running as the owner) writes it.
            await Execute(connection, $"revoke insert, update, delete, truncate, references, trigger on {StorageSetup.Schema}.{EventChain.TableName} from {quoted}");
        }

        Console.WriteLine($"runtime role {role}: rows and sequences of {string.Join(", ", Schemas)}, no DDL; the event chain read-only");
        return true;
    }

    /// <summary>
    /// The shape generation of the stored data, recorded by db-install: 2 = events carry personal-data
    /// references (the vault). A database at this generation is not scanned again (fast warm start).
    /// </summary>
    public const int DataGeneration = 2;

    private static async Task<int> GenerationAsync(NpgsqlConnection connection)
    {
        await using var exists = new NpgsqlCommand($"select to_regclass('{StorageSetup.Schema}.data_generation') is not null", connection);
        if (!(bool)(await exists.ExecuteScalarAsync())!) return 0;
        await using var command = new NpgsqlCommand($"select coalesce(max(generation), 0) from {StorageSetup.Schema}.data_generation", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Whether stored events still have a shape from before the personal-data vault (a text where a reference belongs).</summary>
    public static async Task<bool> HoldsClearPersonalText(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            $"select to_regclass('{StorageSetup.Schema}.mt_events') is not null", connection);
        if (!(bool)(await command.ExecuteScalarAsync())!) return false;
        await using var old = new NpgsqlCommand(
            $"select exists (select 1 from {StorageSetup.Schema}.mt_events where "
            + "(type in ('unit_added', 'unit_email_changed') and jsonb_typeof(data->'email') = 'string') "
            + "or (type = 'answer_recorded' and (jsonb_typeof(data->'comment') = 'string' or jsonb_typeof(data->'evidence') = 'string')) "
            + "or (type = 'action_item_noted' and jsonb_typeof(data->'note') = 'string') "
            + "or (type = 'workshop_scheduled' and jsonb_typeof(data->'moderation') = 'string') "
            + "or (type = 'workshop_agenda_set' and jsonb_path_exists(data, '$.items[*].by ? (@.type() == \"string\")')))",
            connection);
        return (bool)(await old.ExecuteScalarAsync())!;
    }

    private static async Task<long> CountLinks(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand($"select count(*) from {StorageSetup.Schema}.{EventChain.TableName}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex RoleName();
}
