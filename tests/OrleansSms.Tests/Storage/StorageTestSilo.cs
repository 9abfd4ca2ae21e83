using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using OrleansSms.Silo.Storage;
using Xunit.Abstractions;

namespace OrleansSms.Tests.Storage;

/// <summary>
/// A real silo host configured only by <see cref="StorageSiloBuilderExtensions.UseOrleansSmsStorage"/>
/// (so its clustering, storage and reminders are the production ones), on ports from the TestingHost
/// allocator. Start one, stop it, start another on the same storage: that is a cluster restart.
/// </summary>
internal sealed class StorageTestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private StorageTestSilo(IHost host, ClusterSettings cluster)
    {
        _host = host;
        Cluster = cluster;
    }

    public ClusterSettings Cluster { get; }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Cluster settings with fresh ports and the given ids (same ServiceId = same stored state).</summary>
    public static ClusterSettings NewCluster(string clusterId, string serviceId)
    {
        var (siloPort, gatewayPort) = new TestClusterPortAllocator().AllocateConsecutivePortPairs(1);
        return new ClusterSettings
        {
            SiloPort = siloPort,
            GatewayPort = gatewayPort,
            ClusterId = clusterId,
            ServiceId = serviceId,
            AdvertisedAddress = IPAddress.Loopback,
        };
    }

    public static async Task<StorageTestSilo> StartAsync(StorageSettings storage, ClusterSettings cluster, ITestOutputHelper? output = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Development,
            ApplicationName = "OrleansSms.Tests.StorageSilo",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (output is not null)
        {
            builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
        }

        builder.UseOrleans(silo => silo.UseOrleansSmsStorage(storage, cluster));
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await host.StartAsync(timeout.Token);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new StorageTestSilo(host, cluster);
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ITestOutputHelper output, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel))
                {
                    return;
                }

                try
                {
                    output.WriteLine($"[{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
                }
                catch (InvalidOperationException)
                {
                    // The test has finished; late silo logs have nowhere to go.
                }
            }
        }
    }
}
