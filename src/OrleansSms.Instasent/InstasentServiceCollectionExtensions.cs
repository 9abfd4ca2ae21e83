using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace OrleansSms.Instasent;

public static class InstasentServiceCollectionExtensions
{
    /// <summary>
    /// The key of the <see cref="TimeProvider"/> the client's pipeline waits on (keyed, so a host
    /// that replaces its own clock in tests does not freeze Instasent's retries; a client test
    /// registers a fake one under this key). Default <see cref="TimeProvider.System"/>.
    /// </summary>
    public const string TimeProviderKey = "Instasent";

    /// <summary>
    /// The typed <see cref="InstasentClient"/> behind a Polly v8 pipeline, outermost first:
    /// a total timeout; retries (see <see cref="RetryDelayAsync"/>) of 408, 429, 5xx and network
    /// errors (never of 400, 401 or 402: the default transient predicate leaves them alone); a
    /// circuit breaker so an Instasent outage fails fast, which a 429 never trips (a full window
    /// is not an outage); an attempt timeout; then <see cref="RateLimitHandler"/>, which reads the
    /// <c>X-RateLimit-*</c> headers of every attempt into <see cref="InstasentRateLimits"/>.
    /// </summary>
    public static IServiceCollection AddInstasentClient(this IServiceCollection services)
    {
        services.AddValidatedOptions<InstasentOptions, InstasentOptionsValidator>(InstasentOptions.Section);
        services.AddSingleton<InstasentEndpoint>();
        services.TryAddSingleton<InstasentRateLimits>();
        services.TryAddSingleton<InstasentCircuit>();
        services.TryAddKeyedSingleton(TimeProviderKey, TimeProvider.System);
        var http = services.AddHttpClient<InstasentClient>((sp, client) =>
            {
                client.BaseAddress = sp.GetRequiredService<InstasentEndpoint>().BaseAddress;
                client.Timeout = Timeout.InfiniteTimeSpan; // the pipeline owns timeouts
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = 64,
            });
        http.AddResilienceHandler("instasent", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<InstasentOptions>>().Value;
                var time = context.ServiceProvider.GetRequiredKeyedService<TimeProvider>(TimeProviderKey);
                var circuit = context.ServiceProvider.GetRequiredService<InstasentCircuit>();
                pipeline.TimeProvider = time;
                pipeline
                    .AddTimeout(o.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = Math.Max(o.MaxRetries, 1),
                        ShouldHandle = o.MaxRetries == 0 ? _ => PredicateResult.False() : args => ShouldRetry(args.Outcome, o, time),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = o.RetryBaseDelay,
                        MaxDelay = o.MaxRetryDelay,
                        ShouldRetryAfterHeader = false, // RetryDelayAsync reads Retry-After after X-RateLimit-Reset
                        DelayGenerator = args => RetryDelayAsync(args.Outcome, o, time),
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = 0.5,
                        MinimumThroughput = 20,
                        SamplingDuration = TimeSpan.FromSeconds(30),
                        BreakDuration = TimeSpan.FromSeconds(5),
                        ShouldHandle = args => ValueTask.FromResult(
                            args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                        OnOpened = _ =>
                        {
                            circuit.Opened();
                            return ValueTask.CompletedTask;
                        },
                    })
                    .AddTimeout(o.AttemptTimeout);
            });
        http.AddHttpMessageHandler(sp => new RateLimitHandler(
                sp.GetRequiredService<InstasentRateLimits>(), sp.GetRequiredKeyedService<TimeProvider>(TimeProviderKey)));
        return services;
    }

    /// <summary>
    /// Transient answers are retried, except a 429 whose window ends further off than
    /// <see cref="InstasentOptions.RateLimitMaxWait"/>: its messages come back "try later" at once
    /// instead of holding the call (and its caller) until the total timeout.
    /// </summary>
    private static ValueTask<bool> ShouldRetry(Outcome<HttpResponseMessage> outcome, InstasentOptions o, TimeProvider time)
    {
        if (!HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return ValueTask.FromResult(false);
        }

        return ValueTask.FromResult(
            outcome.Result is not { StatusCode: HttpStatusCode.TooManyRequests } response
            || InstasentRateLimit.From(response, time.GetUtcNow()) is not { } limit
            || limit.Reset - limit.SeenAt <= o.RateLimitMaxWait);
    }

    /// <summary>
    /// The wait before a retry. A 429: until its <c>X-RateLimit-Reset</c> (Instasent's 429 has no
    /// body and no Retry-After), plus up to <see cref="InstasentOptions.RateLimitJitter"/>, at most
    /// <see cref="InstasentOptions.RateLimitMaxWait"/> plus the jitter. Without that header (or for
    /// a 5xx): <c>Retry-After</c>, at most <see cref="InstasentOptions.MaxRetryDelay"/>. Without
    /// either: null, the jittered exponential backoff from <see cref="InstasentOptions.RetryBaseDelay"/>.
    /// </summary>
    internal static ValueTask<TimeSpan?> RetryDelayAsync(Outcome<HttpResponseMessage> outcome, InstasentOptions o, TimeProvider time)
    {
        if (outcome.Result is not { } response)
        {
            return ValueTask.FromResult<TimeSpan?>(null);
        }

        var now = time.GetUtcNow();
        if (response.StatusCode == HttpStatusCode.TooManyRequests && InstasentRateLimit.From(response, now) is { } limit)
        {
            var untilReset = limit.Reset - now;
            var wait = untilReset < TimeSpan.Zero ? TimeSpan.Zero : untilReset > o.RateLimitMaxWait ? o.RateLimitMaxWait : untilReset;
            return ValueTask.FromResult<TimeSpan?>(wait + o.RateLimitJitter * Random.Shared.NextDouble());
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : TimeSpan.Zero);
            return ValueTask.FromResult<TimeSpan?>(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > o.MaxRetryDelay ? o.MaxRetryDelay : wait);
        }

        return ValueTask.FromResult<TimeSpan?>(null);
    }
}
