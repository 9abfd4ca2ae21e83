using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Sending;

/// <summary>
/// The store's send rate, shared by the whole cluster (key: storeId). A connector reserves a
/// batch's place on the store's timeline, waits for it, starts the call when
/// <see cref="StartAsync"/> lets it and reports its end, so that Instasent never sees more than
/// 1.1 × the rate in any second, however late timers fire or calls travel.
/// </summary>
public interface IStoreRateLimiterGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reserves <paramref name="permits"/> at <paramref name="perSecond"/> and answers when they
    /// may be used (an instant, so the time the answer takes to travel is not added to every
    /// batch), or null (nothing reserved) when that is more than <paramref name="maxWait"/>
    /// away: the backlog is then the caller's to keep.
    /// </summary>
    Task<DateTimeOffset?> ReserveAsync(int permits, int perSecond, TimeSpan maxWait);

    /// <summary>
    /// At the reserved instant, just before the call to Instasent: a lease when the batch may go
    /// now, else the instant to ask again. Pair every lease with <see cref="EndAsync"/>.
    /// </summary>
    Task<SendTurn> StartAsync(int permits, int perSecond);

    /// <summary>The call of <paramref name="lease"/> ended (answered, refused or failed) at <paramref name="endedAt"/>.</summary>
    [OneWay]
    Task EndAsync(long lease, DateTimeOffset endedAt);
}
