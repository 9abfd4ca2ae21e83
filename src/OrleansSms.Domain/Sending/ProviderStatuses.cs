namespace OrleansSms.Domain.Sending;

/// <summary>What a provider's status word means for the message and its recipient.</summary>
public enum ProviderStatusClass
{
    /// <summary>On its way (sent, accepted, buffered), or a word the provider may add later.</summary>
    Progress = 0,

    /// <summary>Delivered to the handset.</summary>
    Delivered = 1,

    /// <summary>Undelivered for good (failed, rejected): the number is bounced at once.</summary>
    HardBounce = 2,

    /// <summary>Undelivered for a reason that may pass (error, expired, canceled, unknown): counted.</summary>
    SoftBounce = 3,

    /// <summary>The recipient opted out (an inbound STOP); says nothing of delivery.</summary>
    Stop = 4,
}

/// <summary>Instasent's delivery report statuses (docs/api.md, "Delivery reports").</summary>
public static class ProviderStatuses
{
    /// <summary>Every status Instasent reports.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["sent", "accepted", "buffered", "delivered", "error", "failed", "expired", "canceled", "rejected", "unknown", "stop"];

    /// <param name="status">The status word, lower case.</param>
    public static ProviderStatusClass Classify(string status) => status switch
    {
        "delivered" => ProviderStatusClass.Delivered,
        "failed" or "rejected" => ProviderStatusClass.HardBounce,
        "error" or "expired" or "canceled" or "unknown" => ProviderStatusClass.SoftBounce,
        "stop" => ProviderStatusClass.Stop,
        _ => ProviderStatusClass.Progress,
    };
}
