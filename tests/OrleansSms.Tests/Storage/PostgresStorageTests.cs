using Npgsql;
using OrleansSms.Silo.Storage;
using OrleansSms.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansSms.Tests.Storage;

[Trait("Category", "Postgres")]
public sealed class PostgresStorageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Silo_on_empty_database_applies_schema_joins_membership_and_state_and_reminders_survive_a_restart()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        Assert.Equal(0L, await ScalarAsync<long>(database,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));

        var storage = StorageSettings.Postgres(database.ConnectionString);
        var key = $"pg-{Guid.NewGuid():N}";
        const string serviceId = "orleans-sms-test";
        var clusterId = $"pg-cluster-{Guid.NewGuid():N}";

        await using (var silo = await StorageTestSilo.StartAsync(storage, StorageTestSilo.NewCluster(clusterId, serviceId), output))
        {
            // ADO.NET clustering: the silo wrote itself into the membership table as Active (3).
            var active = await ScalarAsync<long>(database,
                $"SELECT count(*) FROM OrleansMembershipTable WHERE deploymentid = '{clusterId}' AND status = 3 AND port = {silo.Cluster.SiloPort}");
            Assert.Equal(1L, active);
            Assert.True(await ScalarAsync<int>(database,
                $"SELECT version FROM OrleansMembershipVersionTable WHERE deploymentid = '{clusterId}'") > 0);

            var grain = silo.Grains.GetGrain<IStorageProbeGrain>(key);
            await grain.SetAsync("first");
            await grain.SetAsync("second");
            await grain.RegisterReminderAsync("wake-up");
            Assert.True(await grain.HasReminderAsync("wake-up"));
        }

        Assert.Equal(2L, await ScalarAsync<long>(database,
            $"SELECT count(*) FROM orleansstorage WHERE serviceid = '{serviceId}' AND grainidextensionstring = '{key}'"));
        Assert.Equal(1L, await ScalarAsync<long>(database,
            $"SELECT count(*) FROM orleansreminderstable WHERE serviceid = '{serviceId}' AND remindername = 'wake-up' AND grainid LIKE '%{key}'"));

        // A new cluster (new ports, same database and ServiceId) reads everything back.
        await using (var silo = await StorageTestSilo.StartAsync(storage, StorageTestSilo.NewCluster(clusterId, serviceId), output))
        {
            var grain = silo.Grains.GetGrain<IStorageProbeGrain>(key);
            var (sms, fallback, writes) = await grain.ReadFromStorageAsync();
            Assert.Equal("second", sms);
            Assert.Equal("second", fallback);
            Assert.Equal(2, writes);
            Assert.True(await grain.HasReminderAsync("wake-up"));

            var prefix = Guid.NewGuid().ToString("N");
            await StorageContract.VerifyGrainStorageAsync(silo.Services, prefix);
            await StorageContract.VerifyReminderTableAsync(silo.Services, prefix);
        }
    }

    [Fact]
    public async Task Schema_applied_concurrently_and_repeatedly_gives_one_copy_of_each_query()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            DatabaseSchema.EnsurePostgresAsync(database.ConnectionString, CancellationToken.None)));
        var queries = await ScalarAsync<long>(database, "SELECT count(*) FROM orleansquery");
        Assert.True(queries >= 20, $"expected clustering, persistence and reminder queries, found {queries}");

        await ExecuteAsync(database, "UPDATE orleansquery SET querytext = 'stale' WHERE querykey = 'MembershipReadAllKey'");
        await DatabaseSchema.EnsurePostgresAsync(database.ConnectionString, CancellationToken.None);

        Assert.Equal(queries, await ScalarAsync<long>(database, "SELECT count(*) FROM orleansquery"));
        Assert.NotEqual("stale", await ScalarAsync<string>(database,
            "SELECT querytext FROM orleansquery WHERE querykey = 'MembershipReadAllKey'"));
    }

    private static async Task<T> ScalarAsync<T>(PostgresTestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(PostgresTestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
