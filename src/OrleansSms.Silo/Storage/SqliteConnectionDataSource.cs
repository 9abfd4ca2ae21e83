using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OrleansSms.Silo.Storage;

/// <summary>
/// The <see cref="DbDataSource"/> handed to the Orleans ADO.NET providers for SQLite (their options
/// accept one instead of a connection string). It exists to run per-connection pragmas on open:
/// <c>busy_timeout</c> makes a writer that meets the WAL write lock wait inside SQLite (short, growing
/// sleeps) instead of failing with "database is locked" or falling back to the driver's coarse retry.
/// Connections are Microsoft.Data.Sqlite ones, as the "System.Data.SQLite" invariant expects.
/// </summary>
public sealed class SqliteConnectionDataSource : DbDataSource
{
    /// <summary>How long one statement waits for the write lock before SQLITE_BUSY.</summary>
    public const int BusyTimeoutMilliseconds = 30_000;

    private readonly string _connectionString;

    public SqliteConnectionDataSource(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
    }

    public override string ConnectionString => _connectionString;

    protected override DbConnection CreateDbConnection() => new SqliteConnection(_connectionString);

    protected override DbConnection OpenDbConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = ConnectionPragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ConfigureConnectionAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal static async Task ConfigureConnectionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = ConnectionPragmas;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // busy_timeout is per connection and not persisted, hence on every open (pooled connections too).
    private static string ConnectionPragmas => $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
}
