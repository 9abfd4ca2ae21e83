using Microsoft.Extensions.Options;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Instasent;

namespace OrleansSms.Grains.Sending;

/// <summary>
/// One store's send rate for the whole cluster, in two parts.
/// <para>
/// Pacing, as reservations on a timeline (GCRA): a batch of n permits starts when the previous
/// one's share of time has passed, so batches are spread evenly at the rate. Leasing from one
/// grain (rather than each silo taking rate / silos) keeps the rate exact however unevenly the
/// traffic lands on the silos.
/// </para>
/// <para>
/// A ceiling of 1.1 × the rate in any second at Instasent. Pacing alone cannot promise it: a
/// timer that fires late or a call that travels slowly (a busy machine, a GC) lands a batch
/// among the next second's. So each call is counted from its start (granted here, before it
/// leaves) until one second after its end (its answer came back): the instant Instasent
/// received it lies between the two, so if the calls counted when a new one starts leave room
/// for it, no one-second window at Instasent holds more.
/// </para>
/// It holds no durable state: a restart only forgets the backlog, and the rate then restarts
/// from now. It paces real HTTP traffic: system clock.
/// </summary>
internal sealed class StoreRateLimiterGrain(IOptions<InstasentOptions> instasentOptions) : Grain, IStoreRateLimiterGrain
{
    /// <summary>The most a one-second window may hold, as a multiple of the rate.</summary>
    public const double Ceiling = 1.1;

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private static readonly TimeProvider Clock = TimeProvider.System;

    // A call whose end is never reported (its silo died) stops counting well after any call could last.
    private readonly TimeSpan _lostAfter = 2 * instasentOptions.Value.TotalTimeout;
    private readonly List<Call> _calls = [];
    private DateTimeOffset _nextFree = DateTimeOffset.MinValue;

    // Random, so an end meant for an earlier activation's lease is not taken for one of this one's.
    private long _lastLease = Random.Shared.NextInt64(long.MaxValue / 2);

    public Task<DateTimeOffset?> ReserveAsync(int permits, int perSecond, TimeSpan maxWait)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        var now = Clock.GetUtcNow();
        var start = _nextFree > now ? _nextFree : now;
        if (start - now > maxWait)
        {
            return Task.FromResult<DateTimeOffset?>(null);
        }

        _nextFree = start + TimeSpan.FromSeconds(permits / (double)perSecond);
        return Task.FromResult<DateTimeOffset?>(start);
    }

    public Task<SendTurn> StartAsync(int permits, int perSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        var now = Clock.GetUtcNow();
        _calls.RemoveAll(c => (c.End ?? c.Start + _lostAfter) <= now - Window);

        // A batch bigger than the ceiling (a tiny rate) still goes, alone.
        var ceiling = Math.Max(permits, (int)(perSecond * Ceiling));
        var counted = _calls.Sum(c => c.Permits);
        if (counted + permits <= ceiling)
        {
            _calls.Add(new Call(++_lastLease, permits, now));
            return Task.FromResult(new SendTurn(_lastLease, now));
        }

        // Room comes back as ended calls leave the window; a call still running leaves it a
        // second after its end at the earliest.
        var retryAt = now + Window;
        foreach (var ended in _calls.Where(c => c.End is not null).OrderBy(c => c.End))
        {
            counted -= ended.Permits;
            if (counted + permits <= ceiling)
            {
                retryAt = ended.End!.Value + Window;
                break;
            }
        }

        return Task.FromResult(new SendTurn(0, retryAt));
    }

    public Task EndAsync(long lease, DateTimeOffset endedAt)
    {
        if (_calls.Find(c => c.Lease == lease) is { } call)
        {
            // The connector's instant, not this message's arrival: a slow hop here must not cost
            // rate. Never later than now, never before the start, whatever a silo's clock says.
            var now = Clock.GetUtcNow();
            call.End = endedAt > now ? now : endedAt < call.Start ? call.Start : endedAt;
        }

        return Task.CompletedTask;
    }

    private sealed class Call(long lease, int permits, DateTimeOffset start)
    {
        public long Lease { get; } = lease;

        public int Permits { get; } = permits;

        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset? End { get; set; }
    }
}
