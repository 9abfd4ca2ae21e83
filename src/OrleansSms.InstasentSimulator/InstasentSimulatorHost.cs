namespace OrleansSms.InstasentSimulator;

/// <summary>
/// Builds the simulator as a web application, for <c>dotnet run</c> and for hosting in-process
/// (a silo, a test): <c>var sim = InstasentSimulatorHost.Build(options); await sim.StartAsync();</c>.
/// </summary>
public static class InstasentSimulatorHost
{
    /// <summary>
    /// A built, not started, application listening on <see cref="SimulatorOptions.Url"/> (after
    /// start, <c>app.Urls</c> holds the bound address, useful with port 0). With <paramref name="args"/>
    /// null (in-process) the host's appsettings, environment and command line are not read, so a
    /// silo's Kestrel or logging settings do not leak in; with args (standalone) they are.
    /// </summary>
    /// <remarks>
    /// In-process the simulator does not listen to Ctrl+C or SIGTERM: stop it with
    /// <c>StopAsync</c>/<c>DisposeAsync</c> when the host stops.
    /// </remarks>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static WebApplication Build(SimulatorOptions options, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ApplicationName = typeof(InstasentSimulatorHost).Assembly.GetName().Name,
        });
        if (args is null)
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection();

            // The host process owns Ctrl+C and process exit: it stops the simulator with StopAsync.
            builder.Services.AddSingleton<IHostLifetime, InProcessLifetime>();
        }

        builder.WebHost.UseUrls(options.Url);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 8 * 1024 * 1024;
        });

        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.Logging.AddFilter("Microsoft", options.MinimumLogLevel > LogLevel.Warning ? options.MinimumLogLevel : LogLevel.Warning);

        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, SimulatorJsonContext.Default);
            json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RequestLimiter>();
        builder.Services.AddSingleton<MessageStore>();
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton<DeliveryReportDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliveryReportDispatcher>());
        builder.Services.AddSingleton<Simulator>();

        var app = builder.Build();
        app.MapInstasentApi();
        app.MapSimulatorControlApi();
        return app;
    }
}

/// <summary>A lifetime that leaves signals and process exit to the process that hosts the simulator.</summary>
internal sealed class InProcessLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
