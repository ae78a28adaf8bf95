using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Selbstcheck.Host.Reminders;

/// <summary>
/// One row per reminder delivery, claimed in the database before a message is sent, so a job that
/// runs twice (or on two nodes at once) sends once. A claim is a lease on database time: a node
/// that dies while holding it loses it after <c>ClaimLeaseSeconds</c>, and the next run takes it over.
/// The row is marked delivered in the same transaction that records ReminderSent.
/// </summary>
public static class DeliveryClaims
{
    public const string TableName = "reminder_deliveries";

    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("id").AsPrimaryKey();
        table.AddColumn<string>("claimed_by").NotNull();
        table.AddColumn("lease_until", "timestamptz").NotNull();
        table.AddColumn<int>("claims").NotNull();
        table.AddColumn("delivered_at", "timestamptz");
        return table;
    }

    public static string Id(string kommuneId, Guid milestoneId, string key) => $"{kommuneId}/{milestoneId}/{key}";

    /// <summary>Claims the delivery for this node; false when it is delivered or another node's lease still holds.</summary>
    public static async Task<bool> TryClaimAsync(IDocumentStore store, string id, string node, TimeSpan lease, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        // Marten runs raw SQL as given only when it starts with "select" or "with".
        var sql = $"""
            with claimed as (
            insert into {store.Options.DatabaseSchemaName}.{TableName} as d (id, claimed_by, lease_until, claims)
            values (?, ?, now() + ?::interval, 1)
            on conflict (id) do update set claimed_by = excluded.claimed_by, lease_until = excluded.lease_until, claims = d.claims + 1
              where d.delivered_at is null and d.lease_until < now()
            returning d.claims)
            select claims from claimed
            """;
        var rows = await session.QueryAsync<int>(sql, ct, id, node, $"{(int)lease.TotalMilliseconds} milliseconds");
        return rows.Count == 1;
    }

    /// <summary>Gives the claim up at once (after a failed attempt), so the retry need not wait for the lease.</summary>
    public static async Task ReleaseAsync(IDocumentStore store, string id, string node, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.QueueSqlCommand($"update {store.Options.DatabaseSchemaName}.{TableName} set lease_until = now() where id = ? and claimed_by = ? and delivered_at is null", id, node);
        await session.SaveChangesAsync(ct);
    }

    /// <summary>Queued into the session that records ReminderSent: both commit together.</summary>
    public static void MarkDelivered(IDocumentSession session, string id) =>
        session.QueueSqlCommand($"update {session.DocumentStore.Options.DatabaseSchemaName}.{TableName} set delivered_at = now() where id = ?", id);
}
