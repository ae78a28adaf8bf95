using System.Collections.Concurrent;
using Marten;
using Marten.Services;
using Npgsql;

namespace Selbstcheck.Host.Tests.Platform;

/// <summary>Every SQL command the store runs, with its parameters: shows where a list is paged.</summary>
public sealed class SqlLog : IMartenLogger, IMartenSessionLogger
{
    public static readonly SqlLog Instance = new();

    private readonly ConcurrentQueue<(string Sql, IReadOnlyList<object?> Parameters)> _commands = new();

    /// <summary>The commands whose parameters include <paramref name="value"/> (e.g. a test's own Kommune id).</summary>
    public IReadOnlyList<string> CommandsWith(string value) =>
        _commands.Where(c => c.Parameters.Any(p => p is string s ? s == value : p is IEnumerable<string> many && many.Contains(value))).Select(c => c.Sql).ToList();

    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql)
    {
    }

    public void LogSuccess(NpgsqlCommand command) => Record(command);

    public void LogFailure(NpgsqlCommand command, Exception ex)
    {
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
        foreach (var command in batch.BatchCommands) _commands.Enqueue((command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Value).ToList()));
    }

    public void LogFailure(NpgsqlBatch batch, Exception ex)
    {
    }

    public void LogFailure(Exception ex, string message)
    {
    }

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }

    private void Record(NpgsqlCommand command)
    {
        if (_commands.Count > 20_000) _commands.TryDequeue(out _);
        _commands.Enqueue((command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Value).ToList()));
    }
}
