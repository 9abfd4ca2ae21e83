using System.Collections.Concurrent;
using System.Globalization;

namespace OrleansSms.InstasentSimulator;

/// <summary>The endpoints Instasent counts requests on, each with its own ceiling.</summary>
internal enum LimitedEndpoint { Send, Bulk, GetOne, List, Account }

/// <summary>What the ceiling says about one request.</summary>
/// <param name="Allowed">False: answer 429.</param>
/// <param name="Limit">The ceiling; 0 when none is in force (then no headers are written).</param>
/// <param name="Remaining">Requests left in the window after this one.</param>
/// <param name="Reset">Unix seconds of the window's end.</param>
internal readonly record struct LimitDecision(bool Allowed, int Limit, int Remaining, long Reset)
{
    public static LimitDecision Unlimited => new(true, 0, 0, 0);

    /// <summary>Writes <c>X-RateLimit-*</c> when a ceiling is in force.</summary>
    public void WriteHeaders(HttpResponse response)
    {
        if (Limit <= 0)
        {
            return;
        }

        response.Headers["X-RateLimit-Limit"] = Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset"] = Reset.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Fixed windows per token and endpoint (see <see cref="SimulatorLimits"/>), on
/// <see cref="SimulatorOptions.TimeProvider"/> when one is given (a test moves it), else the host's
/// clock. A refused request does not count.
/// </summary>
internal sealed class RequestLimiter(SimulatorOptions options, TimeProvider time)
{
    private readonly TimeProvider _time = options.TimeProvider ?? time;
    private readonly ConcurrentDictionary<(string Token, LimitedEndpoint Endpoint), Window> _windows = new();
    private volatile SimulatorLimits _limits = options.Limits;
    private long _refused;

    /// <summary>The ceiling in force; setting it starts every window afresh.</summary>
    public SimulatorLimits Current
    {
        get => _limits;
        set
        {
            _limits = value;
            _windows.Clear();
        }
    }

    /// <summary>Requests refused since start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Counts one request of <paramref name="token"/> on <paramref name="endpoint"/>.</summary>
    public LimitDecision Take(string token, LimitedEndpoint endpoint)
    {
        var limits = _limits;
        if (limits.RequestsPerMinute <= 0)
        {
            return LimitDecision.Unlimited;
        }

        var windowMs = limits.WindowSeconds * 1000L;
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var start = nowMs - (nowMs % windowMs);
        var reset = (start + windowMs) / 1000;
        var window = _windows.GetOrAdd((token, endpoint), static _ => new Window());
        lock (window)
        {
            if (window.Start != start)
            {
                window.Start = start;
                window.Count = 0;
            }

            if (window.Count >= limits.RequestsPerMinute)
            {
                Interlocked.Increment(ref _refused);
                return new LimitDecision(false, limits.RequestsPerMinute, 0, reset);
            }

            window.Count++;
            return new LimitDecision(true, limits.RequestsPerMinute, limits.RequestsPerMinute - window.Count, reset);
        }
    }

    private sealed class Window
    {
        public long Start { get; set; } = long.MinValue;

        public int Count { get; set; }
    }
}
