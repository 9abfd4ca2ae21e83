using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrleansSms.Silo.Storage;

/// <summary>
/// Applies the project's own schema (deploy/postgres/*.sql, deploy/sqlite/*.sql, embedded in this
/// assembly as <c>schema.postgres.&lt;file&gt;.sql</c> / <c>schema.sqlite.&lt;file&gt;.sql</c>): the tables
/// and the OrleansQuery rows the Orleans ADO.NET providers read at start-up. Every script is idempotent
/// (CREATE ... IF NOT EXISTS, OrleansQuery rows upserted), so applying it on every silo start is the
/// migration: a changed query text replaces the stored one.
/// </summary>
public static class DatabaseSchema
{
    private const string PostgresPrefix = "schema.postgres.";
    private const string SqlitePrefix = "schema.sqlite.";

    /// <summary>Arbitrary constant key of the transaction-scoped advisory lock that serialises schema updates.</summary>
    private const long PostgresSchemaLockKey = 0x4F524C534D53; // "ORLSMS"

    /// <summary>Names of the embedded scripts for PostgreSQL, in the order they are applied.</summary>
    public static IReadOnlyList<string> PostgresScripts => ScriptNames(PostgresPrefix);

    /// <summary>Names of the embedded scripts for SQLite, in the order they are applied.</summary>
    public static IReadOnlyList<string> SqliteScripts => ScriptNames(SqlitePrefix);

    /// <summary>
    /// Creates or updates the clustering, persistence and reminder schema in the PostgreSQL database the
    /// connection string names (the database itself must exist). Several silos may call this at once:
    /// all scripts run in one transaction that first takes <c>pg_advisory_xact_lock</c>.
    /// </summary>
    public static async Task EnsurePostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var scripts = PostgresScripts;
        if (scripts.Count == 0)
        {
            throw new InvalidOperationException("No embedded PostgreSQL schema scripts found.");
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", PostgresSchemaLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var script in scripts)
        {
            await using var command = new NpgsqlCommand(ReadScript(script), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the SQLite file (and its directory) when missing, switches it to WAL (a persistent
    /// property of the file) and creates or updates the persistence and reminder schema.
    /// </summary>
    public static async Task EnsureSqliteAsync(string filePath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        var fullPath = Path.GetFullPath(filePath);
        var directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var scripts = SqliteScripts;
        if (scripts.Count == 0)
        {
            throw new InvalidOperationException("No embedded SQLite schema scripts found.");
        }

        await using var connection = new SqliteConnection(StorageSettings.BuildSqliteConnectionString(fullPath));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await SqliteConnectionDataSource.ConfigureConnectionAsync(connection, cancellationToken).ConfigureAwait(false);

        // journal_mode cannot change inside a transaction; WAL lets readers run beside the one writer.
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Could not switch SQLite file '{fullPath}' to WAL (journal_mode is '{mode}').");
            }
        }

        // deferred: false is BEGIN IMMEDIATE: takes the write lock up front (busy_timeout waits for it).
        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var script in scripts)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = ReadScript(script);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IReadOnlyList<string> ScriptNames(string prefix) => typeof(DatabaseSchema).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static string ReadScript(string resourceName)
    {
        using var stream = typeof(DatabaseSchema).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded schema script '{resourceName}' not found.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
