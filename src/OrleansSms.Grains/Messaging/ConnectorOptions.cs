namespace OrleansSms.Grains.Messaging;

/// <summary>Batching and throttling of the Instasent connector (section <c>Connector</c>).</summary>
public sealed class ConnectorOptions
{
    public const string Section = "Connector";

    /// <summary>
    /// Calls to Instasent a connector keeps in flight at once. A send that finds one of them free
    /// goes at once; sends that find all of them busy queue and go together, as one bulk call, when
    /// one comes back. Batches thus grow with the load instead of every send waiting for others.
    /// </summary>
    public int MaxBatchesInFlight { get; set; } = 4;

    /// <summary>
    /// The longest a batch waits for the store's rate. Past it the messages go back to their
    /// owners as "try later" (they are queued durably there), so no call waits on the
    /// connector long enough to time out.
    /// </summary>
    public TimeSpan MaxThrottleWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a connector trusts the store's token and rate before reading them again.</summary>
    public TimeSpan ChannelCacheTime { get; set; } = TimeSpan.FromSeconds(5);
}
