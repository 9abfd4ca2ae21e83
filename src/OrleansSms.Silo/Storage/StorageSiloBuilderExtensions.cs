using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansSms.Grains;

namespace OrleansSms.Silo.Storage;

public static class StorageSiloBuilderExtensions
{
    /// <summary>
    /// Configures clustering, grain storage (as the default provider and as <see cref="StorageNames.Sms"/>) and reminders
    /// for the chosen <see cref="StorageSettings.Mode"/>:
    /// <list type="bullet">
    /// <item>Memory: localhost clustering, in-memory grain storage and reminders.</item>
    /// <item>Sqlite: localhost clustering, ADO.NET grain storage and reminders on the SQLite file.</item>
    /// <item>Postgres: ADO.NET clustering (endpoints from <paramref name="cluster"/>), grain storage and reminders.</item>
    /// </list>
    /// For Sqlite and Postgres the schema is applied at the first silo lifecycle stage.
    /// </summary>
    public static ISiloBuilder UseOrleansSmsStorage(this ISiloBuilder silo, StorageSettings storage, ClusterSettings cluster)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(cluster);

        switch (storage.Mode)
        {
            case StorageMode.Memory:
                UseLocalhost(silo, cluster);
                silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, CreateMemoryStorage);
                silo.Services.AddGrainStorage(StorageNames.Sms, CreateMemoryStorage);
                silo.UseInMemoryReminderService();
                return silo;

            case StorageMode.Sqlite:
            {
                UseLocalhost(silo, cluster);
                var dataSource = new SqliteConnectionDataSource(storage.SqliteConnectionString);
                silo.Services.AddSingleton(dataSource);
                AddAdoNetStorage(silo, storage, StorageSettings.SqliteInvariant, connectionString: null, dataSource);
                return silo;
            }

            case StorageMode.Postgres:
            {
                var connectionString = storage.PostgresProviderConnectionString
                    ?? throw new InvalidOperationException("PostgreSQL storage needs a connection string.");
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
                if (cluster.AdvertisedAddress is { } advertised)
                {
                    silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                }

                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = StorageSettings.PostgresInvariant;
                    o.ConnectionString = connectionString;
                });
                AddAdoNetStorage(silo, storage, StorageSettings.PostgresInvariant, connectionString, dataSource: null);
                return silo;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(storage), storage.Mode, "Unknown storage mode.");
        }
    }

    /// <summary>
    /// The memory provider stores every state serialised, like a database would, with Orleans' binary
    /// serializer as for the ADO.NET providers: the same version tolerance as production storage, and
    /// several times cheaper per write than the Newtonsoft JSON one Orleans would pick by default.
    /// </summary>
    private static InMemoryGrainStorage CreateMemoryStorage(IServiceProvider services, string name) =>
        new(new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));

    private static void UseLocalhost(ISiloBuilder silo, ClusterSettings cluster) =>
        silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, primarySiloEndpoint: null,
            serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);

    private static void AddAdoNetStorage(
        ISiloBuilder silo, StorageSettings storage, string invariant, string? connectionString, SqliteConnectionDataSource? dataSource)
    {
        silo.Services.AddSingleton(storage);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StorageSchemaInitializer>();

        silo.AddAdoNetGrainStorageAsDefault(ConfigureGrainStorage);
        silo.AddAdoNetGrainStorage(StorageNames.Sms, ConfigureGrainStorage);

        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
            o.DataSource = dataSource;
        });

        void ConfigureGrainStorage(OptionsBuilder<AdoNetGrainStorageOptions> options) =>
            options.Configure<Serializer>((o, serializer) =>
            {
                o.Invariant = invariant;
                o.ConnectionString = connectionString;
                o.DataSource = dataSource;
                // Orleans' own binary serializer, on purpose: it is version tolerant (fields by [Id],
                // types by [Alias]), so renaming or moving a state type or adding fields keeps stored
                // state readable. The JSON serializer that Orleans would pick by default writes CLR
                // type names into the payload, and a rename would break every stored grain.
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);

                // Left off on purpose: a cleared record stays as a row without payload, which is
                // how a contact's grain knows it was erased (see ContactGrain.Erased).
                o.DeleteStateOnClear = false;
            });
    }
}
