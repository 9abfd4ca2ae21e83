using System.Net;
using Microsoft.Data.Sqlite;

namespace OrleansSms.Silo.Storage;

/// <summary>Where grain state, reminders and (for PostgreSQL) cluster membership live.</summary>
public enum StorageMode
{
    /// <summary>Throwaway in-memory grain state and reminders, localhost clustering (tests).</summary>
    Memory,

    /// <summary>One silo, localhost clustering, state and reminders in an embedded SQLite file.</summary>
    Sqlite,

    /// <summary>PostgreSQL for clustering, grain state and reminders (several silos).</summary>
    Postgres,
}

/// <summary>
/// The storage choice, resolved from configuration by <see cref="FromConfiguration"/>:
/// <c>Storage:Provider</c> = <c>memory</c> → <see cref="StorageMode.Memory"/>; otherwise a non-empty
/// <c>ConnectionStrings:OrleansSms</c> → <see cref="StorageMode.Postgres"/>; otherwise SQLite at
/// <c>Storage:SqlitePath</c> (default <c>./data/orleans-sms.db</c>).
/// </summary>
public sealed record StorageSettings
{
    public const string ProviderKey = "Storage:Provider";
    public const string SqlitePathKey = "Storage:SqlitePath";
    public const string PostgresPoolSizeKey = "Storage:PostgresPoolSize";

    /// <summary>
    /// Connections one silo may hold to PostgreSQL, shared by grain state, reminders and
    /// membership (they use one connection string, so one Npgsql pool). Sixteen keep a 2–4 core
    /// silo's storage busy; five silos then fit a stock PostgreSQL (<c>max_connections</c> 100)
    /// with room for the administrators and tools: silos × pool ≤ max_connections − headroom.
    /// </summary>
    public const int DefaultPostgresPoolSize = 16;
    public const string ConnectionStringName = "OrleansSms";
    public const string DefaultSqlitePath = "./data/orleans-sms.db";

    /// <summary>ADO.NET invariant the Orleans providers need for PostgreSQL (maps to Npgsql.NpgsqlFactory).</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// ADO.NET invariant the Orleans providers need for SQLite. Orleans 10's DbConnectionFactory maps
    /// "System.Data.SQLite" to the assembly "Microsoft.Data.Sqlite", type Microsoft.Data.Sqlite.SqliteFactory;
    /// "Microsoft.Data.Sqlite" is not a known invariant and fails at silo start.
    /// </summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    public StorageMode Mode { get; init; }

    /// <summary>PostgreSQL connection string (Npgsql format) when <see cref="Mode"/> is Postgres.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>The silo's PostgreSQL connection budget (see <see cref="DefaultPostgresPoolSize"/>); a <c>Maximum Pool Size</c> in the connection string wins.</summary>
    public int PostgresPoolSize { get; init; } = DefaultPostgresPoolSize;

    /// <summary>
    /// <see cref="PostgresConnectionString"/> as the Orleans providers get it: at most
    /// <see cref="PostgresPoolSize"/> connections, named <c>orleans-sms</c> in
    /// <c>pg_stat_activity</c>, statements prepared once per connection (<c>Max Auto Prepare</c>
    /// 64, after 2 uses) and kept across uses from the pool (<c>No Reset On Close</c>), unless the
    /// connection string says otherwise. The providers
    /// run the same dozen statements all day; parsing and planning each one every time took most
    /// of PostgreSQL's CPU under load, and the reset on return to the pool dropped what was prepared.
    /// </summary>
    public string? PostgresProviderConnectionString =>
        PostgresConnectionString is { } connectionString ? TuneForProviders(connectionString, PostgresPoolSize) : null;

    /// <summary>How the silo's connections are named in <c>pg_stat_activity</c> (unless the connection string names them).</summary>
    public const string ApplicationName = "orleans-sms";

    internal static string TuneForProviders(string connectionString, int poolSize)
    {
        // The generic builder keeps the keys as written, so "given" means given in any spelling.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Given(params string[] keys) => keys.Any(given.ContainsKey);
        var tuned = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Given("Max Auto Prepare", "MaxAutoPrepare"))
        {
            tuned.MaxAutoPrepare = 64;
            if (!Given("Auto Prepare Min Usages", "AutoPrepareMinUsages"))
            {
                tuned.AutoPrepareMinUsages = 2;
            }
        }

        if (!Given("No Reset On Close", "NoResetOnClose"))
        {
            tuned.NoResetOnClose = true;
        }

        if (!Given("Maximum Pool Size", "MaxPoolSize"))
        {
            tuned.MaxPoolSize = poolSize;
        }

        if (!Given("Application Name", "ApplicationName"))
        {
            tuned.ApplicationName = ApplicationName;
        }

        return tuned.ConnectionString;
    }

    /// <summary>Absolute path of the SQLite file when <see cref="Mode"/> is Sqlite.</summary>
    public string? SqlitePath { get; init; }

    public static StorageSettings Memory() => new() { Mode = StorageMode.Memory };

    public static StorageSettings Sqlite(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new() { Mode = StorageMode.Sqlite, SqlitePath = Path.GetFullPath(path) };
    }

    public static StorageSettings Postgres(string connectionString, int poolSize = DefaultPostgresPoolSize)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new() { Mode = StorageMode.Postgres, PostgresConnectionString = connectionString, PostgresPoolSize = poolSize };
    }

    /// <summary><see cref="PostgresPoolSizeKey"/>, checked at start: a budget too small stalls the silo, one too large is what exhausts a database.</summary>
    private static int PoolSizeFrom(IConfiguration configuration)
    {
        var given = configuration[PostgresPoolSizeKey];
        if (string.IsNullOrWhiteSpace(given))
        {
            return DefaultPostgresPoolSize;
        }

        return int.TryParse(given, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) && size is >= 4 and <= 1_000
            ? size
            : throw new InvalidOperationException($"{PostgresPoolSizeKey} is '{given}': give the connections one silo may hold to PostgreSQL, from 4 to 1000 (default {DefaultPostgresPoolSize}).");
    }

    public static StorageSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = configuration[ProviderKey]?.Trim();
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        var sqlitePath = configuration[SqlitePathKey];
        if (string.IsNullOrWhiteSpace(sqlitePath))
        {
            sqlitePath = DefaultSqlitePath;
        }

        switch (provider?.ToLowerInvariant())
        {
            case null or "":
                return string.IsNullOrWhiteSpace(connectionString) ? Sqlite(sqlitePath) : Postgres(connectionString, PoolSizeFrom(configuration));
            case "memory":
                return Memory();
            case "sqlite":
                return Sqlite(sqlitePath);
            case "postgres" or "postgresql":
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        $"{ProviderKey} is '{provider}' but ConnectionStrings:{ConnectionStringName} is not set.");
                }

                return Postgres(connectionString, PoolSizeFrom(configuration));
            default:
                throw new InvalidOperationException(
                    $"Unknown {ProviderKey} '{provider}': use 'memory', or leave it unset (PostgreSQL when ConnectionStrings:{ConnectionStringName} is set, else SQLite).");
        }
    }

    /// <summary>
    /// The Microsoft.Data.Sqlite connection string for <see cref="SqlitePath"/>. The pool keeps
    /// connections open; busy waits are handled per connection (see <see cref="SqliteConnectionDataSource"/>)
    /// and by the driver's own retry until <c>Default Timeout</c>.
    /// </summary>
    public string SqliteConnectionString => BuildSqliteConnectionString(
        SqlitePath ?? throw new InvalidOperationException("Not a SQLite storage configuration."));

    internal static string BuildSqliteConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();
}

/// <summary>
/// Cluster identity and endpoints. The host binds <c>Orleans:SiloPort</c>, <c>Orleans:GatewayPort</c>,
/// <c>Orleans:ClusterId</c> (see <see cref="FromConfiguration"/>).
/// </summary>
public sealed record ClusterSettings
{
    public int SiloPort { get; init; } = 11111;
    public int GatewayPort { get; init; } = 30000;
    public string ClusterId { get; init; } = "orleans-sms";

    /// <summary>Keys grain state and reminders in storage: keep it stable across deployments.</summary>
    public string ServiceId { get; init; } = "orleans-sms";

    /// <summary>
    /// The address other silos reach this one at (PostgreSQL clustering only). Null: the first
    /// non-loopback address of the host. Localhost clustering always uses 127.0.0.1.
    /// </summary>
    public IPAddress? AdvertisedAddress { get; init; }

    public static ClusterSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new ClusterSettings();
        var advertised = configuration["Orleans:AdvertisedAddress"];
        return new ClusterSettings
        {
            SiloPort = configuration.GetValue("Orleans:SiloPort", defaults.SiloPort),
            GatewayPort = configuration.GetValue("Orleans:GatewayPort", defaults.GatewayPort),
            ClusterId = NonEmpty(configuration["Orleans:ClusterId"]) ?? defaults.ClusterId,
            ServiceId = NonEmpty(configuration["Orleans:ServiceId"]) ?? defaults.ServiceId,
            AdvertisedAddress = string.IsNullOrWhiteSpace(advertised) ? null : IPAddress.Parse(advertised),
        };

        static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
