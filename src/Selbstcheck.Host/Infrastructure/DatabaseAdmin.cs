using Npgsql;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>For tests and benchmarks: a fresh database next to the one a connection string names.</summary>
public static class DatabaseAdmin
{
    /// <summary>Drops and creates "&lt;database&gt;_&lt;suffix&gt;" on the same server; returns its connection string.</summary>
    public static async Task<string> RecreateSiblingAsync(string connectionString, string suffix)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = $"{builder.Database ?? "selbstcheck"}_{suffix}";
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        builder.Database = name;
        return builder.ConnectionString;
    }
}
