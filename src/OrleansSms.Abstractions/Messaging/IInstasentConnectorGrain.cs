namespace OrleansSms.Abstractions.Messaging;

/// <summary>
/// The way out to Instasent for one store (key: storeId). Stateless, one activation per silo:
/// throttles to the store's rate across the cluster and batches concurrent sends into bulk calls.
/// </summary>
public interface IInstasentConnectorGrain : IGrainWithStringKey
{
    /// <summary>Sends one SMS (batched with whatever else is in flight) and answers its own outcome.</summary>
    Task<ProviderSendOutcome> SendAsync(OutboundSms sms);
}

/// <summary>
/// The store's send rate, shared by the whole cluster (key: storeId). Connectors reserve
/// permits for a batch and wait the answered delay before sending.
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
}
