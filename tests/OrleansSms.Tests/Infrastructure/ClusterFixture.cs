using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OrleansSms.Grains;
using OrleansSms.Grains.Contacts;
using OrleansSms.Grains.Sending;
using Microsoft.AspNetCore.Builder;
using OrleansSms.Instasent;
using OrleansSms.InstasentSimulator;

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

    /// <summary>
    /// Instasent for the cluster: it takes every token and reports nothing by itself (tests apply
    /// the delivery reports themselves, naming the ids it gave, at the times they choose).
    /// </summary>
    private static WebApplication? _simulator;

    private static string SimulatorUrl => _simulator?.Urls.First() ?? throw new InvalidOperationException("The cluster's simulator is not started.");

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        _simulator = InstasentSimulatorHost.Build(new SimulatorOptions
        {
            Url = "http://127.0.0.1:0",
            AcceptUnregisteredTokens = true,
            DeliveryDelay = TimeSpan.FromDays(1),
            DuplicateReportRate = 0,
        });
        await _simulator.StartAsync();

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

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(StorageNames.Sms);
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.Services.AddSingleton<TimeProvider>(Time);

            siloBuilder.Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Instasent:BaseUrl"] = SimulatorUrl,
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
