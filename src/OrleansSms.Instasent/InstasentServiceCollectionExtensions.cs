using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace OrleansSms.Instasent;

public static class InstasentServiceCollectionExtensions
{
    /// <summary>
    /// The typed <see cref="InstasentClient"/> behind a Polly v8 pipeline, outermost first:
    /// a total timeout; retries with jittered exponential backoff on 408, 429, 5xx and network
    /// errors, honouring Retry-After (never on 400, 401 or 402: the default transient predicate
    /// leaves them alone); a circuit breaker so an Instasent outage fails fast; an attempt timeout.
    /// </summary>
    public static IServiceCollection AddInstasentClient(this IServiceCollection services)
    {
        services.AddValidatedOptions<InstasentOptions, InstasentOptionsValidator>(InstasentOptions.Section);
        services.AddSingleton<InstasentEndpoint>();
        services.AddHttpClient<InstasentClient>((sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<InstasentEndpoint>().BaseAddress;
                http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline owns timeouts
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = 64,
            })
            .AddResilienceHandler("instasent", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<InstasentOptions>>().Value;
                pipeline
                    .AddTimeout(o.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = Math.Max(o.MaxRetries, 1),
                        ShouldHandle = o.MaxRetries == 0 ? _ => PredicateResult.False() : new HttpRetryStrategyOptions().ShouldHandle,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = o.RetryBaseDelay,
                        MaxDelay = o.MaxRetryDelay,
                        ShouldRetryAfterHeader = true,
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = 0.5,
                        MinimumThroughput = 20,
                        SamplingDuration = TimeSpan.FromSeconds(30),
                        BreakDuration = TimeSpan.FromSeconds(5),
                    })
                    .AddTimeout(o.AttemptTimeout);
            });
        return services;
    }
}
