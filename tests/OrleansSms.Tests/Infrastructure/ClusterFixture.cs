using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OrleansSms.Grains;

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
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(StorageNames.Sms);
            siloBuilder.Services.AddSingleton<TimeProvider>(Time);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "test cluster";
}
