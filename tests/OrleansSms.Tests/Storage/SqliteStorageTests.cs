using Microsoft.Data.Sqlite;
using OrleansSms.Silo.Storage;
using Xunit.Abstractions;

namespace OrleansSms.Tests.Storage;

public sealed class SqliteStorageTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleanssms-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, "nested", "orleans-sms.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Silo_on_missing_file_creates_it_and_state_and_reminders_survive_a_restart()
    {
        Assert.False(File.Exists(DatabasePath));
        var storage = StorageSettings.Sqlite(DatabasePath);
        var key = $"sqlite-{Guid.NewGuid():N}";
        var serviceId = $"svc-{Guid.NewGuid():N}";

        await using (var silo = await StorageTestSilo.StartAsync(storage, StorageTestSilo.NewCluster("sqlite-test", serviceId), output))
        {
            Assert.True(File.Exists(DatabasePath));
            var grain = silo.Grains.GetGrain<IStorageProbeGrain>(key);
            await grain.SetAsync("first");
            await grain.SetAsync("second");
            await grain.RegisterReminderAsync("wake-up");
            Assert.True(await grain.HasReminderAsync("wake-up"));
        }

        Assert.Equal("wal", await ScalarAsync<string>("PRAGMA journal_mode;"));
        Assert.Equal(1L, await ScalarAsync<long>(
            "SELECT count(*) FROM orleansreminderstable WHERE remindername = 'wake-up' AND grainid LIKE '%" + key + "'"));

        // A whole new silo (new ports, same file and ServiceId) reads everything back.
        await using (var silo = await StorageTestSilo.StartAsync(storage, StorageTestSilo.NewCluster("sqlite-test", serviceId), output))
        {
            var grain = silo.Grains.GetGrain<IStorageProbeGrain>(key);
            var (sms, fallback, writes) = await grain.ReadFromStorageAsync();
            Assert.Equal("second", sms);
            Assert.Equal("second", fallback);
            Assert.Equal(2, writes);
            Assert.True(await grain.HasReminderAsync("wake-up"));
        }
    }

    [Fact]
    public async Task Grain_storage_and_reminder_table_honour_the_provider_contract()
    {
        await using var silo = await StorageTestSilo.StartAsync(
            StorageSettings.Sqlite(DatabasePath), StorageTestSilo.NewCluster("sqlite-contract", $"svc-{Guid.NewGuid():N}"), output);
        var prefix = Guid.NewGuid().ToString("N");
        await StorageContract.VerifyGrainStorageAsync(silo.Services, prefix);
        await StorageContract.VerifyReminderTableAsync(silo.Services, prefix);
    }

    [Fact]
    public async Task Applying_the_schema_twice_is_harmless_and_updates_query_texts()
    {
        await DatabaseSchema.EnsureSqliteAsync(DatabasePath, CancellationToken.None);
        Assert.Equal("wal", await ScalarAsync<string>("PRAGMA journal_mode;"));
        var queries = await ScalarAsync<long>("SELECT count(*) FROM orleansquery");
        Assert.True(queries >= 11, $"expected the persistence and reminder queries, found {queries}");

        await ExecuteAsync("UPDATE orleansquery SET querytext = 'stale' WHERE querykey = 'ReadFromStorageKey'");
        await DatabaseSchema.EnsureSqliteAsync(DatabasePath, CancellationToken.None);

        Assert.Equal(queries, await ScalarAsync<long>("SELECT count(*) FROM orleansquery"));
        Assert.NotEqual("stale", await ScalarAsync<string>("SELECT querytext FROM orleansquery WHERE querykey = 'ReadFromStorageKey'"));
    }

    [Fact]
    public async Task Concurrent_writes_from_many_grains_do_not_fail_with_database_locked()
    {
        await using var silo = await StorageTestSilo.StartAsync(
            StorageSettings.Sqlite(DatabasePath), StorageTestSilo.NewCluster("sqlite-concurrency", $"svc-{Guid.NewGuid():N}"), output);
        var prefix = Guid.NewGuid().ToString("N");
        await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var grain = silo.Grains.GetGrain<IStorageProbeGrain>($"{prefix}-{i}");
            for (var n = 0; n < 5; n++)
            {
                await grain.SetAsync($"v{n}");
            }
        }));

        Assert.Equal(200L, await ScalarAsync<long>($"SELECT count(*) FROM orleansstorage WHERE graintypestring = 'storage-probe' AND grainidextensionstring LIKE '{prefix}-%'"));
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection(StorageSettings.Sqlite(DatabasePath).SqliteConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(StorageSettings.Sqlite(DatabasePath).SqliteConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
