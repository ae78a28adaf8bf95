using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Selbstcheck.Host.Reminders;

/// <summary>
/// The per-Kommune cap on mails per Berlin calendar day (Reminders:DailyMailCapPerKommune): one row
/// per Kommune and day, counted up atomically before a mail is handed over — on every node alike —
/// and given back when the hand-over failed. Counts no addresses, only numbers.
/// </summary>
public static class MailQuota
{
    public const string TableName = "mail_quota";

    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("kommune_id").AsPrimaryKey();
        table.AddColumn("day", "date").AsPrimaryKey();
        table.AddColumn<int>("sent").NotNull();
        return table;
    }

    /// <summary>Takes one mail of the Kommune's allowance for <paramref name="day"/>; false when the cap is reached.</summary>
    public static async Task<bool> TryTakeAsync(IDocumentStore store, string kommuneId, DateOnly day, int cap, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        // Marten runs a query only when it starts with "select" or "with".
        var sql = $"""
            with taken as (
            insert into {store.Options.DatabaseSchemaName}.{TableName} as q (kommune_id, day, sent) values (?, ?, 1)
            on conflict (kommune_id, day) do update set sent = q.sent + 1 where q.sent < ?
            returning q.sent)
            select sent from taken
            """;
        var rows = await session.QueryAsync<int>(sql, ct, kommuneId, day, cap);
        return rows.Count == 1;
    }

    /// <summary>Gives a mail back that was not handed over.</summary>
    public static async Task GiveBackAsync(IDocumentStore store, string kommuneId, DateOnly day, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.QueueSqlCommand($"update {store.Options.DatabaseSchemaName}.{TableName} set sent = sent - 1 where kommune_id = ? and day = ? and sent > 0",
            kommuneId, day);
        await session.SaveChangesAsync(ct);
    }
}
