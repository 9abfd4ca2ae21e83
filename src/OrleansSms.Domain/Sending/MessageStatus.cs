namespace OrleansSms.Domain.Sending;

/// <summary>
/// Where a message stands. The order matters: a status only moves forward
/// (<see cref="MessageStatuses.Rank"/>), so a late or repeated report never undoes a later one.
/// </summary>
public enum MessageStatus
{
    /// <summary>Recorded before the provider call; not yet confirmed by the provider.</summary>
    Pending = 0,

    /// <summary>The provider took it (our send call answered, or a report said sent/accepted/buffered).</summary>
    Accepted = 1,

    /// <summary>The provider answered sent, buffered or another non-final status.</summary>
    Sent = 2,

    /// <summary>Delivered to the handset, per the delivery report.</summary>
    Delivered = 3,

    /// <summary>Undelivered: the provider or the network gave up (failed, rejected: a hard bounce; error, expired, canceled, unknown: a soft one).</summary>
    Failed = 4,

    /// <summary>The provider refused the send call for good (400, 401, 402 or a per-item error).</summary>
    Refused = 5,
}

/// <summary>Where a message stands for a person reading the history or a report: the history's <c>status</c>.</summary>
public enum DeliveryStatus
{
    /// <summary>Not yet with the provider.</summary>
    Pending = 0,

    /// <summary>With the provider or the network: neither delivered nor undelivered yet.</summary>
    Sent = 1,

    Delivered = 2,

    /// <summary>Ended without reaching the handset (a bounce, or refused by the provider).</summary>
    Undelivered = 3,
}

public static class MessageStatuses
{
    public static DeliveryStatus Delivery(MessageStatus status) => status switch
    {
        MessageStatus.Pending => DeliveryStatus.Pending,
        MessageStatus.Accepted or MessageStatus.Sent => DeliveryStatus.Sent,
        MessageStatus.Delivered => DeliveryStatus.Delivered,
        _ => DeliveryStatus.Undelivered,
    };

    /// <summary>0 pending, 1 with the provider, 2 final.</summary>
    public static int Rank(MessageStatus status) => status switch
    {
        MessageStatus.Pending => 0,
        MessageStatus.Accepted or MessageStatus.Sent => 1,
        _ => 2,
    };

    public static bool IsFinal(MessageStatus status) => Rank(status) == 2;
}
