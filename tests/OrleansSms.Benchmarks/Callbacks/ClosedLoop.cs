using System.Diagnostics;
using System.Net.Http.Headers;

namespace OrleansSms.Benchmarks.Callbacks;

/// <summary>What one load phase measured.</summary>
internal sealed record PhaseResult(
    LatencyHistogram Latencies, TimeSpan Elapsed, long Non200, long Errors, long Applied, long Unchanged, long Ignored)
{
    public double RequestsPerSecond => Latencies.Count / Elapsed.TotalSeconds;
}

/// <summary>
/// Closed-loop HTTP load: C loops, each sends a report, waits for the whole answer, records the
/// latency and sends the next; one <see cref="HttpClient"/> with C pooled connections.
/// </summary>
internal static class ClosedLoop
{
    public static HttpClient Client(string baseUrl, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    {
        BaseAddress = new Uri(baseUrl),
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// Runs <paramref name="connections"/> loops until <paramref name="duration"/> has passed (or,
    /// with no duration, until <paramref name="next"/> returns null in every loop).
    /// </summary>
    public static async Task<PhaseResult> RunAsync(
        HttpClient http, string path, int connections, TimeSpan? duration, Func<Random, byte[]?> next, int seed)
    {
        var uri = new Uri(path, UriKind.Relative);
        var histograms = new LatencyHistogram[connections];
        var counters = new long[connections, 5];
        var stop = false;
        var clock = Stopwatch.StartNew();
        var loops = new Task[connections];
        for (var i = 0; i < connections; i++)
        {
            var loop = i;
            histograms[loop] = new LatencyHistogram();
            loops[loop] = Task.Run(async () =>
            {
                var random = new Random(seed * 1000 + loop);
                var histogram = histograms[loop];
                while (!Volatile.Read(ref stop))
                {
                    var body = next(random);
                    if (body is null)
                    {
                        break;
                    }

                    using var request = new HttpRequestMessage(HttpMethod.Post, uri);
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                        var answer = await response.Content.ReadAsByteArrayAsync();
                        histogram.Record(start, Stopwatch.GetTimestamp());
                        if ((int)response.StatusCode != 200)
                        {
                            counters[loop, 0]++;
                        }
                        else if (answer.AsSpan().IndexOf("\"unchanged\""u8) >= 0)
                        {
                            counters[loop, 3]++;
                        }
                        else if (answer.AsSpan().IndexOf("\"applied\""u8) >= 0)
                        {
                            counters[loop, 2]++;
                        }
                        else
                        {
                            counters[loop, 4]++;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        counters[loop, 1]++;
                    }
                }
            });
        }

        if (duration is { } d)
        {
            await Task.Delay(d);
            Volatile.Write(ref stop, true);
        }

        await Task.WhenAll(loops);
        clock.Stop();

        var all = new LatencyHistogram();
        long non200 = 0, errors = 0, applied = 0, unchanged = 0, ignored = 0;
        for (var i = 0; i < connections; i++)
        {
            all.Add(histograms[i]);
            non200 += counters[i, 0];
            errors += counters[i, 1];
            applied += counters[i, 2];
            unchanged += counters[i, 3];
            ignored += counters[i, 4];
        }

        return new PhaseResult(all, clock.Elapsed, non200, errors, applied, unchanged, ignored);
    }
}
