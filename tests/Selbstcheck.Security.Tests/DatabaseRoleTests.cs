using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// The service runs as a runtime role that reads and writes rows and nothing else (#11, point 3);
/// the schema owner applied the schema before (TestHost runs db-install as the owner).
/// </summary>
public class DatabaseRoleTests
{
    [Fact]
    public async Task the_service_connects_as_the_runtime_role_which_is_no_superuser()
    {
        var host = await TestHost.Instance;
        var settings = host.Services.GetRequiredService<SelbstcheckSettings>();
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync();

        await using var who = new NpgsqlCommand(
            "select current_user, r.rolsuper, r.rolcreatedb, r.rolcreaterole, pg_has_role(current_user, 'pg_write_server_files', 'member') " +
            "from pg_roles r where r.rolname = current_user", connection);
        await using var reader = await who.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal(TestHost.RuntimeRole, reader.GetString(0));
        Assert.False(reader.GetBoolean(1), "superuser");
        Assert.False(reader.GetBoolean(2), "may create databases");
        Assert.False(reader.GetBoolean(3), "may create roles");
        Assert.False(reader.GetBoolean(4), "may write server files");
    }

    [Theory]
    [InlineData("create table selbstcheck.eingeschleust (id int)")]
    [InlineData("create table public.eingeschleust (id int)")]
    [InlineData("create schema eingeschleust")]
    [InlineData("alter table selbstcheck.mt_events add column eingeschleust int")]
    [InlineData("alter table personal.mt_doc_personrecord disable row level security")]
    [InlineData("drop table selbstcheck.mt_streams")]
    [InlineData("truncate selbstcheck.mt_events")]
    [InlineData("create index eingeschleust on selbstcheck.mt_events (seq_id)")]
    [InlineData("create or replace function selbstcheck.eingeschleust() returns int language sql as 'select 1'")]
    [InlineData("drop table hangfire.job")]
    public async Task the_runtime_role_cannot_change_the_schema(string ddl)
    {
        await TestHost.Instance;
        await using var connection = new NpgsqlConnection(TestHost.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(ddl, connection);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        // 42501 insufficient_privilege (not the owner, no CREATE on the schema or database)
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task the_runtime_role_reads_and_writes_rows()
    {
        await TestHost.Instance;
        await using var connection = new NpgsqlConnection(TestHost.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select has_table_privilege('selbstcheck.mt_events', 'select, insert, update, delete'), " +
            "has_table_privilege('hangfire.job', 'select, insert, update, delete'), " +
            "has_table_privilege('personal.mt_doc_personrecord', 'select, insert, update, delete'), " +
            "has_schema_privilege('selbstcheck', 'create'), has_database_privilege(current_database(), 'create')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal([true, true, true, false, false], Enumerable.Range(0, 5).Select(reader.GetBoolean));
    }

    [Fact]
    public async Task the_runtime_role_logs_in_with_its_password_only()
    {
        await TestHost.Instance;
        var wrong = new NpgsqlConnectionStringBuilder(TestHost.ConnectionString) { Password = "falsch", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(wrong);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        // 28P01 invalid_password: the server asks the runtime role for its password (scram-sha-256, ops/lib/pg.sh)
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }
}
