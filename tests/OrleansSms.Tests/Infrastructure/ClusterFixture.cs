using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OrleansSms.Grains;
using OrleansSms.Grains.Contacts;
using OrleansSms.Grains.Sending;
using OrleansSms.Instasent;

namespace OrleansSms.Tests.Infrastructure;

/// <summary>An in-process test cluster with in-memory state and a fake clock for the grains.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>
    /// Shared by the silo configurator (TestingHost builds it by type). Only our grains read it;
    /// Orleans' own timers stay on the system clock.
    /// </summary>
    public static FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();

        // The reminder service finishes starting after the silo does, later on a loaded machine:
        // wait for it here, so no test's first reminder races its start.
        var probe = Cluster.GrainFactory.GetGrain<IReminderProbeGrain>("reminder-service-ready");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                await probe.RegisterAndRemoveAsync();
                break;
            }
            catch (OrleansException) when (DateTime.UtcNow < deadline)
            {
                // Still initialising: the call itself waited; ask again.
            }
        }
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(StorageNames.Sms);
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.Services.AddSingleton<TimeProvider>(Time);

            // Instasent at an address where nobody listens: sends end "queued" at once, and tests
            // apply the delivery reports themselves (with the times they choose).
            siloBuilder.Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Instasent:BaseUrl"] = "http://127.0.0.1:9",
                ["Instasent:MaxRetries"] = "0",
            }).Build());
            siloBuilder.Services.AddInstasentClient();
            siloBuilder.Services.AddOptions<ConnectorOptions>();
            siloBuilder.Services.AddSingleton<NewContactWriter>();
            siloBuilder.Services.AddSingleton<OrleansSms.Grains.Workflows.WorkflowVersionCache>();
            siloBuilder.AddIncomingGrainCallFilter<ImportRaceFilter>();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "test cluster";
}
