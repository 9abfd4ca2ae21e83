namespace OrleansSms.Abstractions.Sending;

/// <summary>
/// The way out to Instasent for one store (key: storeId). Stateless, one activation per silo:
/// throttles to the store's rate across the cluster and batches concurrent sends into bulk calls.
/// </summary>
public interface IInstasentConnectorGrain : IGrainWithStringKey
{
    /// <summary>Sends one SMS (batched with whatever else is in flight) and answers its own outcome.</summary>
    Task<ProviderSendOutcome> SendAsync(OutboundSms sms);
}
