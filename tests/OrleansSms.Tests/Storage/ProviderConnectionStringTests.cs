using Microsoft.Extensions.Configuration;
using Npgsql;
using OrleansSms.Silo.Storage;

namespace OrleansSms.Tests.Storage;

/// <summary>
/// The PostgreSQL connection string the Orleans providers get: statements auto-prepared and kept
/// across pool uses, unless the operator's connection string says otherwise (in any spelling).
/// </summary>
public sealed class ProviderConnectionStringTests
{
    private const string Given = "Host=db.example.test;Port=5433;Username=sms_user;Password=secret;Database=orleans_sms;Maximum Pool Size=40";

    private static NpgsqlConnectionStringBuilder Provider(string connectionString) =>
        new(StorageSettings.Postgres(connectionString).PostgresProviderConnectionString);

    [Fact]
    public void Unset_keys_get_auto_prepare_and_no_reset_on_close_and_everything_else_is_kept()
    {
        var tuned = Provider(Given);

        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
        Assert.True(tuned.NoResetOnClose);

        Assert.Equal("db.example.test", tuned.Host);
        Assert.Equal(5433, tuned.Port);
        Assert.Equal("sms_user", tuned.Username);
        Assert.Equal("secret", tuned.Password);
        Assert.Equal("orleans_sms", tuned.Database);
        Assert.Equal(40, tuned.MaxPoolSize);
    }

    [Fact]
    public void A_password_that_needs_quoting_survives()
    {
        var tuned = Provider("Host=db;Username=u;Password='pa;ss=word';Database=d");
        Assert.Equal("pa;ss=word", tuned.Password);
        Assert.Equal(64, tuned.MaxAutoPrepare);
    }

    [Fact]
    public void The_settings_the_connection_string_gives_are_kept()
    {
        var tuned = Provider("Host=db;Username=u;Password=p;Database=d;Max Auto Prepare=0;NoResetOnClose=false");

        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.False(tuned.NoResetOnClose);

        // Auto-preparation left off as given: its threshold is not touched either.
        Assert.Equal(new NpgsqlConnectionStringBuilder().AutoPrepareMinUsages, tuned.AutoPrepareMinUsages);
        Assert.Equal(("db", "u", "p", "d"), (tuned.Host, tuned.Username, tuned.Password, tuned.Database));
    }

    /// <summary>Npgsql's own threshold, kept when auto-preparation is configured by the connection string.</summary>
    private const int NpgsqlDefault = -1;

    [Theory]
    [InlineData("MaxAutoPrepare=10", 10, NpgsqlDefault, true)]
    [InlineData("maxautoprepare=10", 10, NpgsqlDefault, true)]
    [InlineData("Max Auto Prepare=10;Auto Prepare Min Usages=3", 10, 3, true)]
    [InlineData("AutoPrepareMinUsages=7", 64, 7, true)]
    [InlineData("Auto Prepare Min Usages=7;No Reset On Close=false", 64, 7, false)]
    [InlineData("NO RESET ON CLOSE=false", 64, 2, false)]
    [InlineData("No Reset On Close=true", 64, 2, true)]
    public void Each_spelling_of_a_given_key_counts_as_given(string given, int maxAutoPrepare, int minUsages, bool noResetOnClose)
    {
        var tuned = Provider("Host=db;Username=u;Password=p;Database=d;" + given);

        Assert.Equal(maxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.Equal(minUsages == NpgsqlDefault ? new NpgsqlConnectionStringBuilder().AutoPrepareMinUsages : minUsages, tuned.AutoPrepareMinUsages);
        Assert.Equal(noResetOnClose, tuned.NoResetOnClose);
    }

    [Fact]
    public void Only_postgres_storage_has_a_provider_connection_string()
    {
        Assert.Null(StorageSettings.Memory().PostgresProviderConnectionString);
        Assert.Null(StorageSettings.Sqlite(Path.Combine(Path.GetTempPath(), "never-created.db")).PostgresProviderConnectionString);
    }

    [Fact]
    public void A_plain_connection_string_gets_the_silo_s_connection_budget_and_a_name()
    {
        var tuned = Provider("Host=db;Username=u;Password=p;Database=d");

        Assert.Equal(StorageSettings.DefaultPostgresPoolSize, tuned.MaxPoolSize);
        Assert.Equal(StorageSettings.ApplicationName, tuned.ApplicationName);
    }

    [Theory]
    [InlineData("Maximum Pool Size=40", 40)]
    [InlineData("MaxPoolSize=12", 12)]
    [InlineData("maximum pool size=8", 8)]
    public void A_pool_size_in_the_connection_string_wins(string given, int expected) =>
        Assert.Equal(expected, Provider("Host=db;Username=u;Password=p;Database=d;" + given).MaxPoolSize);

    [Fact]
    public void The_budget_is_a_setting()
    {
        var settings = StorageSettings.FromConfiguration(Configuration(new()
        {
            ["ConnectionStrings:OrleansSms"] = "Host=db;Username=u;Password=p;Database=d",
            [StorageSettings.PostgresPoolSizeKey] = "30",
        }));

        Assert.Equal(30, new NpgsqlConnectionStringBuilder(settings.PostgresProviderConnectionString).MaxPoolSize);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3")]
    [InlineData("1001")]
    [InlineData("many")]
    [InlineData("-5")]
    public void A_budget_out_of_range_stops_the_start_naming_the_setting(string given)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => StorageSettings.FromConfiguration(Configuration(new()
        {
            ["ConnectionStrings:OrleansSms"] = "Host=db;Username=u;Password=p;Database=d",
            [StorageSettings.PostgresPoolSizeKey] = given,
        })));

        Assert.Contains(StorageSettings.PostgresPoolSizeKey, refused.Message, StringComparison.Ordinal);
        Assert.Contains($"'{given}'", refused.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
