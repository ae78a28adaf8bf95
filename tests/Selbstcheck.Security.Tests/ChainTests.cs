using System.Net;
using System.Text.Json;
using Npgsql;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// Tamper evidence (#12, point 4): every event is chained by hash in the transaction that appends it;
/// an edit behind the service's back — as the database administrator, with plain SQL — is named by
/// verification at exactly the edited place.
/// </summary>
public class ChainTests
{
    [Fact]
    public async Task a_clean_stream_verifies()
    {
        var (kommune, _) = await Journey();

        var result = await (await TestHost.ClientAs(Roles.Audit)).GetJson($"/api/kommunen/{kommune}/verify");

        Assert.True(result.GetProperty("verified").GetBoolean());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("firstBreak").ValueKind);
        Assert.Equal(4, result.GetProperty("checked").GetInt32());
        Assert.Equal(4, result.GetProperty("version").GetInt64());
        Assert.Equal(kommune, result.GetProperty("kommuneId").GetString());
    }

    [Fact]
    public async Task verify_of_an_unknown_kommune_is_a_german_404()
    {
        var response = await (await TestHost.Client()).GetAsync($"/api/kommunen/{TestHost.NewKommuneId()}/verify");

        var problem = await response.ShouldBeProblem(HttpStatusCode.NotFound, "kommune-unbekannt");
        Assert.Equal("Kommune nicht gefunden", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task a_changed_payload_is_named_by_verify()
    {
        var (kommune, types) = await Journey();

        await Admin(kommune, "update selbstcheck.mt_events set data = jsonb_set(data, '{name}', '\"Einheit (geändert)\"') where stream_id = $1 and version = 3");

        await AssertBreak(kommune, 3, types[3], "inhalt-geaendert");
    }

    [Fact]
    public async Task a_changed_timestamp_is_named_by_verify()
    {
        var (kommune, types) = await Journey();

        // One microsecond earlier: the smallest change the column can hold.
        await Admin(kommune, "update selbstcheck.mt_events set timestamp = timestamp - interval '1 microsecond' where stream_id = $1 and version = 2");

        await AssertBreak(kommune, 2, types[2], "inhalt-geaendert");
    }

    [Fact]
    public async Task a_deleted_event_is_named_with_the_missing_version_and_the_next()
    {
        var (kommune, types) = await Journey();

        await Admin(kommune, "delete from selbstcheck.mt_events where stream_id = $1 and version = 3");

        var broken = await AssertBreak(kommune, 3, types[3], "fehlt");
        Assert.Equal(4, broken.GetProperty("next").GetProperty("version").GetInt64());
        Assert.Equal(types[4], broken.GetProperty("next").GetProperty("type").GetString());
    }

    [Fact]
    public async Task an_event_written_past_the_trigger_is_named_as_unchained()
    {
        var (kommune, types) = await Journey();

        // A copy of version 4 as version 5, with triggers off for this session (a superuser's privilege).
        await Admin(kommune,
            "set session_replication_role = replica",
            "create temp table copied (like selbstcheck.mt_events)",
            "insert into copied select * from selbstcheck.mt_events where stream_id = $1 and version = 4",
            "update copied set version = 5, id = gen_random_uuid(), seq_id = nextval('selbstcheck.mt_events_sequence')",
            "insert into selbstcheck.mt_events select * from copied");

        await AssertBreak(kommune, 5, types[4], "nicht-verkettet");
    }

    [Theory]
    [InlineData("update selbstcheck.event_chain set hash = 'x' where stream_id = $1")]
    [InlineData("delete from selbstcheck.event_chain where stream_id = $1")]
    [InlineData("insert into selbstcheck.event_chain (stream_id, version, type, hash, previous_hash) values ($1, 99, 't', 'x', '')")]
    [InlineData("truncate selbstcheck.event_chain")]
    public async Task the_runtime_role_cannot_update_or_delete_the_chain(string sql)
    {
        var (kommune, _) = await Journey();
        await using var connection = new NpgsqlConnection(TestHost.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (sql.Contains("$1")) command.Parameters.AddWithValue(kommune);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        await using var links = new NpgsqlCommand("select count(*) from selbstcheck.event_chain where stream_id = $1", connection);
        links.Parameters.AddWithValue(kommune);
        Assert.Equal(4L, await links.ExecuteScalarAsync());
    }

    [Fact]
    public async Task verify_command_exits_non_zero_on_a_break()
    {
        var (clean, _) = await Journey();
        var (broken, types) = await Journey();
        await Admin(broken, "update selbstcheck.mt_events set data = jsonb_set(data, '{name}', '\"anders\"') where stream_id = $1 and version = 2");

        var (cleanExit, cleanOutput) = await KeyTests.RunHost(TimeSpan.FromSeconds(90), ["verify", "--kommune", clean], new());
        var (exitCode, output) = await KeyTests.RunHost(TimeSpan.FromSeconds(90), ["verify"], new());

        Assert.True(cleanExit == 0, cleanOutput);
        Assert.Contains($"ok {clean}: 4 events", cleanOutput);
        Assert.NotEqual(0, exitCode);
        Assert.Contains($"BROKEN {broken}: version 2 ({types[2]}) inhalt-geaendert", output);
        Assert.Contains($"ok {clean}: 4 events", output);
    }

    [Fact]
    public async Task db_install_chains_a_stream_written_before_the_chain_existed()
    {
        // A database of its own, set up like the host's, so switching its trigger off touches no other test.
        var runtime = await TestHost.SiblingDatabaseAsync("chainbackfill");
        var database = new NpgsqlConnectionStringBuilder(runtime).Database;
        var admin = new NpgsqlConnectionStringBuilder(TestHost.AdminConnectionString) { Database = database }.ConnectionString;
        var owner = new NpgsqlConnectionStringBuilder(admin) { Username = TestHost.OwnerRole, Password = TestHost.OwnerPassword }.ConnectionString;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            foreach (var sql in new[]
                     {
                         "alter table selbstcheck.mt_events disable trigger mt_events_event_chain",
                         "insert into selbstcheck.mt_streams (id, version) values ('altbestand', 2)",
                         """
                         insert into selbstcheck.mt_events (seq_id, id, stream_id, version, data, type, timestamp)
                         values (nextval('selbstcheck.mt_events_sequence'), gen_random_uuid(), 'altbestand', 1, '{"id": "altbestand"}', 'kommune_registered', '2020-01-02T03:04:05.123456Z'),
                                (nextval('selbstcheck.mt_events_sequence'), gen_random_uuid(), 'altbestand', 2, '{"name": "Amt"}', 'unit_added', '2020-01-03T00:00:00Z')
                         """,
                         "alter table selbstcheck.mt_events enable trigger mt_events_event_chain",
                     })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        var (unchainedExit, unchained) = await KeyTests.RunHost(TimeSpan.FromSeconds(90), ["verify"], new() { ["SELBSTCHECK_DB"] = runtime });
        var (installExit, install) = await KeyTests.RunHost(TimeSpan.FromSeconds(120), ["db-install", "--runtime-role", TestHost.RuntimeRole],
            new() { ["SELBSTCHECK_DB"] = owner, ["ASPNETCORE_ENVIRONMENT"] = "Testing" });
        var (exitCode, output) = await KeyTests.RunHost(TimeSpan.FromSeconds(90), ["verify"], new() { ["SELBSTCHECK_DB"] = runtime });

        Assert.NotEqual(0, unchainedExit);
        Assert.Contains("BROKEN altbestand: version 1 (kommune_registered) nicht-verkettet", unchained);
        Assert.True(installExit == 0, install);
        Assert.Contains("event chain: 2 events of streams written before the chain existed chained", install);
        Assert.True(exitCode == 0, output);
        Assert.Contains("ok altbestand: 2 events", output);
    }

    /// <summary>A Kommune with four events (registered, three units); returns its id and the event type per version.</summary>
    private static async Task<(string Kommune, Dictionary<long, string> Types)> Journey()
    {
        var client = await TestHost.Client();
        var kommune = await client.RegisterKommune();
        for (var i = 1; i <= 3; i++)
        {
            await (await client.Put($"/api/kommunen/{kommune}/units", new { name = $"Einheit {i}" })).ShouldBe(HttpStatusCode.Created);
        }

        var history = (await client.GetJson($"/api/kommunen/{kommune}/history")).GetProperty("items").EnumerateArray();
        var types = history.ToDictionary(e => e.GetProperty("version").GetInt64(), e => e.GetProperty("type").GetString()!);
        Assert.Equal(4, types.Count);
        return (kommune, types);
    }

    private static async Task<JsonElement> AssertBreak(string kommune, long version, string type, string kind)
    {
        var result = await (await TestHost.ClientAs(Roles.Audit)).GetJson($"/api/kommunen/{kommune}/verify");
        Assert.False(result.GetProperty("verified").GetBoolean(), result.ToString());
        var broken = result.GetProperty("firstBreak");
        Assert.Equal(version, broken.GetProperty("version").GetInt64());
        Assert.Equal(type, broken.GetProperty("type").GetString());
        Assert.Equal(kind, broken.GetProperty("kind").GetString());
        return broken;
    }

    /// <summary>Runs STATEMENTS as the server's administrator on one connection ($1: the Kommune); the last must change rows.</summary>
    private static async Task Admin(string kommune, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(TestHost.AdminConnectionString);
        await connection.OpenAsync();
        var changed = 0;
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            if (sql.Contains("$1")) command.Parameters.AddWithValue(kommune);
            changed = await command.ExecuteNonQueryAsync();
        }

        Assert.True(changed >= 1, statements[^1]);
    }
}
