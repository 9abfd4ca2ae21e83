using OrleansSms.Abstractions.Messaging;

namespace OrleansSms.Grains.Messaging;

/// <summary>
/// One store's send rate for the whole cluster, as reservations on a timeline (GCRA): a batch
/// of n permits starts when the previous one's share of time has passed, so in any second at
/// most the rate plus one batch goes out. Leasing from one grain (rather than each silo taking
/// rate / silos) keeps the rate exact however unevenly the traffic lands on the silos, and costs
/// one call per batch, not per message. It holds no durable state: a restart only forgets the
/// backlog, and the rate then restarts from now. It paces real HTTP traffic: system clock.
/// </summary>
internal sealed class StoreRateLimiterGrain : Grain, IStoreRateLimiterGrain
{
    private static readonly TimeProvider Clock = TimeProvider.System;
    private DateTimeOffset _nextFree = DateTimeOffset.MinValue;

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
}
