using System.Data.Common;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Selbstcheck.Host.Audit;

/// <summary>
/// Tamper evidence: a per-stream hash chain over every event, written by a statement-level AFTER
/// INSERT trigger on Marten's event table in the transaction that appends (Marten's quick append
/// stays as it is). Each link is
/// <c>sha256(stream|version|type|timestamp in UTC, microseconds|data::text|previous link's hash)</c>,
/// hex; the first link of a stream hashes an empty previous hash. The trigger runs as the schema
/// owner (SECURITY DEFINER): the runtime role may read the chain but neither insert, update nor delete
/// a link. The chain holds hashes only, never a copy of the payload.
/// </summary>
public static class EventChain
{
    public const string TableName = "event_chain";
    public const string HashFunction = "event_chain_hash";
    public const string TriggerFunction = "event_chain_append";
    public const string TriggerName = "mt_events_event_chain";

    /// <summary>Marten's own streams (the tombstone stream of failed appends) are not chained.</summary>
    public const string InternalStreams = @"mt\_%";

    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("stream_id").AsPrimaryKey();
        table.AddColumn<long>("version").AsPrimaryKey();
        table.AddColumn<string>("type").NotNull();
        table.AddColumn<string>("hash").NotNull();
        table.AddColumn<string>("previous_hash").NotNull();
        table.AddColumn("chained_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    /// <summary>The canonical text of one link, hashed. An offline verifier recomputes exactly this.</summary>
    public static string HashBody => """
        select encode(sha256(convert_to(concat_ws('|', stream, version::text, type,
            to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), data::text, previous), 'UTF8')), 'hex')
        """;

    public static string TriggerBody(string schema) => $$"""
        declare
            e record;
            previous text;
        begin
            for e in select i.stream_id, i.version, i.type, i.timestamp, i.data from inserted i
                     where i.stream_id not like '{{InternalStreams}}' order by i.stream_id, i.version loop
                select c.hash into previous from {{schema}}.{{TableName}} c where c.stream_id = e.stream_id and c.version = e.version - 1;
                insert into {{schema}}.{{TableName}} (stream_id, version, type, hash, previous_hash)
                values (e.stream_id, e.version, e.type,
                        {{schema}}.{{HashFunction}}(e.stream_id, e.version, e.type, e.timestamp, e.data, coalesce(previous, '')),
                        coalesce(previous, ''));
            end loop;
            return null;
        end
        """;

    /// <summary>The hash function, the trigger function and the trigger, as one schema object (applied after Marten's event tables).</summary>
    public sealed class Trigger(string schema) : ISchemaObject
    {
        public DbObjectName Identifier { get; } = new PostgresqlObjectName(schema, TriggerFunction, SchemaUtils.IdentifierUsage.General);

        public void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            writer.WriteLine($"""
                create or replace function {schema}.{HashFunction}(stream text, version bigint, type text, ts timestamptz, data jsonb, previous text)
                returns text language sql stable as $hash${HashBody}$hash$;
                create or replace function {schema}.{TriggerFunction}() returns trigger language plpgsql
                security definer set search_path = pg_catalog, pg_temp as $chain${TriggerBody(schema)}$chain$;
                drop trigger if exists {TriggerName} on {schema}.mt_events;
                create trigger {TriggerName} after insert on {schema}.mt_events referencing new table as inserted
                for each statement execute function {schema}.{TriggerFunction}();
                """);
        }

        public void WriteDropStatement(Migrator rules, TextWriter writer)
        {
            writer.WriteLine($"drop trigger if exists {TriggerName} on {schema}.mt_events;");
            writer.WriteLine($"drop function if exists {schema}.{TriggerFunction}();");
        }

        public void ConfigureQueryCommand(DbCommandBuilder builder)
        {
            // Present only when both functions have exactly today's bodies and the trigger is enabled.
            builder.Append("select 1 from pg_proc h join pg_namespace n on h.pronamespace = n.oid where n.nspname = ");
            builder.AppendParameter(schema);
            builder.Append(" and h.proname = ");
            builder.AppendParameter(HashFunction);
            builder.Append(" and h.prosrc = ");
            builder.AppendParameter(HashBody);
            builder.Append(" and exists (select 1 from pg_proc t where t.pronamespace = n.oid and t.proname = ");
            builder.AppendParameter(TriggerFunction);
            builder.Append(" and t.prosrc = ");
            builder.AppendParameter(TriggerBody(schema));
            builder.Append(" and t.prosecdef) and exists (select 1 from pg_trigger g join pg_class c on g.tgrelid = c.oid where c.relnamespace = n.oid and c.relname = 'mt_events' and g.tgname = ");
            builder.AppendParameter(TriggerName);
            builder.Append(" and g.tgenabled = 'O');");
        }

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
        {
            var current = await reader.ReadAsync(ct);
            return new SchemaObjectDelta(this, current ? SchemaPatchDifference.None : SchemaPatchDifference.Create);
        }

        public IEnumerable<DbObjectName> AllNames()
        {
            yield return Identifier;
        }
    }

    /// <summary>
    /// Registered with <c>opts.Storage.Add</c> (not ExtendedSchemaObjects): Marten applies such features
    /// after its event tables, which the trigger needs.
    /// </summary>
    public sealed class Feature(string schema) : FeatureSchemaBase("EventChain", new PostgresqlMigrator())
    {
        protected override IEnumerable<ISchemaObject> schemaObjects()
        {
            yield return Table(schema);
            yield return new Trigger(schema);
        }
    }

    /// <summary>
    /// Chains the streams that have events but no link at all (written before the chain existed), in
    /// version order — run by db-install as the owner. A stream with some links is left alone: an
    /// unchained event there is exactly what verification must report, never something to bless.
    /// </summary>
    public static string BackfillSql(string schema) => $$"""
        lock table {{schema}}.mt_events in share row exclusive mode;
        do $backfill$
        declare
            e record;
            previous text;
            current_stream text := null;
        begin
            for e in select m.stream_id, m.version, m.type, m.timestamp, m.data from {{schema}}.mt_events m
                     where m.stream_id not like '{{InternalStreams}}'
                       and not exists (select 1 from {{schema}}.{{TableName}} c where c.stream_id = m.stream_id)
                     order by m.stream_id, m.version loop
                if current_stream is distinct from e.stream_id then
                    previous := '';
                    current_stream := e.stream_id;
                end if;
                insert into {{schema}}.{{TableName}} (stream_id, version, type, hash, previous_hash)
                values (e.stream_id, e.version, e.type, {{schema}}.{{HashFunction}}(e.stream_id, e.version, e.type, e.timestamp, e.data, previous), previous)
                returning hash into previous;
            end loop;
        end
        $backfill$;
        """;
}
