using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace OrleansSms.Instasent;

/// <summary>What Instasent's <c>X-RateLimit-*</c> headers said on its latest answer to one token on one endpoint.</summary>
/// <param name="Limit">Requests allowed per window (<c>X-RateLimit-Limit</c>).</param>
/// <param name="Remaining">Requests left in the window (<c>X-RateLimit-Remaining</c>).</param>
/// <param name="Reset">When the window ends (<c>X-RateLimit-Reset</c>, Unix seconds).</param>
/// <param name="SeenAt">When the answer came, on the client's clock.</param>
public sealed record InstasentRateLimit(int Limit, int Remaining, DateTimeOffset Reset, DateTimeOffset SeenAt)
{
    /// <summary>The headers of <paramref name="response"/>, or null when it has none (or not all three).</summary>
    public static InstasentRateLimit? From(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Number(response.Headers, "X-RateLimit-Limit") is { } limit
               && Number(response.Headers, "X-RateLimit-Remaining") is { } remaining
               && Number(response.Headers, "X-RateLimit-Reset") is { } reset
               && reset is > 0 and < 253_402_300_799
            ? new InstasentRateLimit((int)Math.Clamp(limit, 0, int.MaxValue), (int)Math.Clamp(remaining, 0, int.MaxValue),
                DateTimeOffset.FromUnixTimeSeconds(reset), now)
            : null;
    }

    private static long? Number(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}

/// <summary>
/// The latest <see cref="InstasentRateLimit"/> per token and endpoint (Instasent counts requests
/// per organization and endpoint), read from every answer of every attempt by
/// <see cref="RateLimitHandler"/>, and the count of 429s. A singleton: the connector asks it before
/// a send whether the store's window is nearly used up. Tokens are only keys in memory here: never
/// logged, never a metric tag.
/// </summary>
public sealed class InstasentRateLimits
{
    private static readonly Meter Meter = new("OrleansSms", "1.0.0");

    private static readonly Counter<long> RateLimitedCounter = Meter.CreateCounter<long>(
        "orleanssms.instasent.rate_limited", "{request}", "Requests Instasent answered 429 (each attempt counts).");

    private readonly ConcurrentDictionary<(string Token, string Endpoint), InstasentRateLimit> _latest = new();
    private long _rateLimited;

    /// <summary>429 answers seen by this process since start (each attempt counts).</summary>
    public long RateLimitedCount => Interlocked.Read(ref _rateLimited);

    /// <summary>The latest headers seen for <paramref name="token"/> on <paramref name="endpoint"/> (a request path), if any.</summary>
    public InstasentRateLimit? Latest(string token, string endpoint) =>
        _latest.TryGetValue((token, Normalize(endpoint)), out var limit) ? limit : null;

    /// <summary>Records one answer.</summary>
    public void Record(string token, string endpoint, HttpStatusCode status, InstasentRateLimit? limit)
    {
        if (status == HttpStatusCode.TooManyRequests)
        {
            Interlocked.Increment(ref _rateLimited);
            RateLimitedCounter.Add(1);
        }

        if (limit is null)
        {
            return;
        }

        // Concurrent answers may come back out of order: a later window, or fewer remaining in the same one, wins.
        _latest.AddOrUpdate((token, Normalize(endpoint)), limit, (_, old) =>
            limit.Reset > old.Reset || (limit.Reset == old.Reset && limit.Remaining <= old.Remaining) ? limit : old);
    }

    private static string Normalize(string endpoint) => "/" + endpoint.Trim('/');
}

/// <summary>
/// Sits inside the resilience pipeline, so it sees every attempt's answer: records its
/// <c>X-RateLimit-*</c> headers in <see cref="InstasentRateLimits"/>.
/// </summary>
internal sealed class RateLimitHandler(InstasentRateLimits limits, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Headers.Authorization?.Parameter is { } token && request.RequestUri is { } uri)
        {
            var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
            limits.Record(token, path, response.StatusCode, InstasentRateLimit.From(response, time.GetUtcNow()));
        }

        return response;
    }
}
