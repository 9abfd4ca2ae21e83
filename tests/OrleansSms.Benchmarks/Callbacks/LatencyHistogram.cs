using System.Diagnostics;

namespace OrleansSms.Benchmarks.Callbacks;

/// <summary>
/// Every latency of one load loop, preallocated: 1 µs buckets up to 100 ms, exact values above
/// (rare, kept in a list). One per loop, so recording takes no lock; merged after the run.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Buckets = 100_000;
    private readonly long[] _counts = new long[Buckets];
    private readonly List<long> _overflowMicros = [];

    public long Count { get; private set; }

    public long MaxMicros { get; private set; }

    public void Record(long startTimestamp, long endTimestamp)
    {
        var micros = (long)((endTimestamp - startTimestamp) * 1_000_000.0 / Stopwatch.Frequency);
        if (micros < Buckets)
        {
            _counts[micros]++;
        }
        else
        {
            _overflowMicros.Add(micros);
        }

        Count++;
        if (micros > MaxMicros)
        {
            MaxMicros = micros;
        }
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < Buckets; i++)
        {
            _counts[i] += other._counts[i];
        }

        _overflowMicros.AddRange(other._overflowMicros);
        Count += other.Count;
        MaxMicros = Math.Max(MaxMicros, other.MaxMicros);
    }

    /// <summary>The smallest latency (µs) that at least <paramref name="fraction"/> of the requests did not exceed.</summary>
    public long Percentile(double fraction)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(fraction * Count);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return i;
            }
        }

        _overflowMicros.Sort();
        return _overflowMicros[(int)Math.Min(_overflowMicros.Count - 1, rank - seen - 1)];
    }

    public double MeanMicros()
    {
        double sum = 0;
        for (var i = 0; i < Buckets; i++)
        {
            sum += (double)_counts[i] * i;
        }

        sum += _overflowMicros.Sum();
        return Count == 0 ? 0 : sum / Count;
    }
}
