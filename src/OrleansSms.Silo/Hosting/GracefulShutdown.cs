using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace OrleansSms.Silo.Hosting;

/// <summary>
/// SIGTERM (or Ctrl-C) stops the host in order: Kestrel stops taking connections and lets the
/// running requests finish; then the silo leaves the cluster gracefully. It marks itself shutting
/// down (new activations go to the other silos), stops its reminder service, and deactivates every
/// grain once that grain's running calls are done — so the connector sends the batches it has
/// queued and contacts record the outcomes — rerouting the calls that waited to new activations
/// on the other silos, before it marks itself dead. All of it shares one budget,
/// <see cref="HostOptions.ShutdownTimeout"/>, set from <see cref="ShutdownOptions.Timeout"/>; past it the silo
/// stops anyway, and what was still in flight is pending in its owners' durable state, resent by
/// their reminders (or a newsletter shard's re-walk) on the other silos. Logs one line when the
/// shutdown starts and one when it is done.
/// </summary>
internal sealed partial class GracefulShutdown(IOptions<HostOptions> host, ILogger<GracefulShutdown> logger) : IHostedLifecycleService
{
    private long _stoppingAt;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stoppingAt = Stopwatch.GetTimestamp();
        LogStopping(logger, host.Value.ShutdownTimeout.TotalSeconds);
        return Task.CompletedTask;
    }

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.GetElapsedTime(_stoppingAt).TotalSeconds;
        if (cancellationToken.IsCancellationRequested)
        {
            LogOverran(logger, elapsed, host.Value.ShutdownTimeout.TotalSeconds);
        }
        else
        {
            LogStopped(logger, elapsed);
        }

        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutdown started: HTTP drains, then the silo finishes its calls and hands its grains over (at most {TimeoutSeconds} s)")]
    private static partial void LogStopping(ILogger logger, double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutdown finished gracefully in {ElapsedSeconds:F1} s")]
    private static partial void LogStopped(ILogger logger, double elapsedSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown overran its {TimeoutSeconds} s and stopped after {ElapsedSeconds:F1} s; unfinished sends stay pending and are resent by the other silos")]
    private static partial void LogOverran(ILogger logger, double elapsedSeconds, double timeoutSeconds);
}

/// <summary>The shutdown budget (section <c>Shutdown</c>). Validated at start.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>
    /// How long SIGTERM gives the silo to drain HTTP, finish its in-flight sends and hand its
    /// grains over before it stops anyway, 1 ms to 1 hour. Room for the connector's throttled
    /// batches (each waits at most <c>Connector:MaxThrottleWait</c>, 10 s) to go out; inside the
    /// deploy files' grace periods (Kubernetes 60 s, compose 45 s). Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The source-generated DataAnnotations validator of <see cref="ShutdownOptions"/>.</summary>
[OptionsValidator]
public sealed partial class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>;

public static class GracefulShutdownHosting
{
    /// <summary>The host's shutdown budget from <see cref="ShutdownOptions"/>, and the shutdown's log lines.</summary>
    public static WebApplicationBuilder AddGracefulShutdown(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ShutdownOptions, ShutdownOptionsValidator>(ShutdownOptions.Section);
        builder.Services.AddOptions<HostOptions>()
            .Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        builder.Services.AddHostedService<GracefulShutdown>();
        return builder;
    }
}
