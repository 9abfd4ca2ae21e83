using Npgsql;

namespace OrleansSms.Tests.Infrastructure;

/// <summary>
/// A fresh, uniquely named, EMPTY PostgreSQL database for one test (or one test class), dropped on
/// dispose. The server comes from the environment variable <see cref="EnvironmentVariable"/> (an
/// admin-capable connection string: it must be allowed to CREATE/DROP DATABASE), else
/// <see cref="DefaultAdminConnectionString"/>. If the server cannot be reached, <see cref="CreateAsync"/>
/// throws with a message saying so: a PostgreSQL test fails, it is never skipped.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "ORLEANSSMS_TEST_POSTGRES";
    public const string DefaultAdminConnectionString = "Host=127.0.0.1;Username=orleanssms;Password=orleanssms;Database=postgres;SSL Mode=Disable";

    private readonly string _adminConnectionString;
    private int _disposed;

    private PostgresTestDatabase(string adminConnectionString, string databaseName, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        DatabaseName = databaseName;
        ConnectionString = connectionString;
    }

    /// <summary>The generated database name (lower case, <c>orleanssms_test_…</c>).</summary>
    public string DatabaseName { get; }

    /// <summary>Connection string to the new database (same server and credentials as the admin one).</summary>
    public string ConnectionString { get; }

    /// <summary>The admin connection string in use (from <see cref="EnvironmentVariable"/> or the default).</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : DefaultAdminConnectionString;

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var admin = AdminConnectionString;
        var name = $"orleanssms_test_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}"[..63];

        try
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is required by this test but could not be used at '{Describe(admin)}' ({ex.Message}). " +
                $"Start it (e.g. `pg_ctlcluster 15 main start`, role orleanssms/orleanssms with CREATEDB) or set " +
                $"{EnvironmentVariable} to an admin-capable connection string.", ex);
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new PostgresTestDatabase(admin, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Pooled idle connections to the database would block the drop; FORCE ends any left over.
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Describe(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"Host={b.Host};Port={b.Port};Username={b.Username};Database={b.Database}";
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
    }
}
