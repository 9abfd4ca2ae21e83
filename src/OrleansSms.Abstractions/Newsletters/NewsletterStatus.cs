namespace OrleansSms.Abstractions.Newsletters;

/// <summary>Where a newsletter run stands.</summary>
public enum NewsletterStatus
{
    /// <summary>Recorded, due at its <c>at</c> time.</summary>
    Scheduled = 0,
    Running = 1,
    Completed = 2,

    /// <summary>Stopped by a cancel: its shards stop at their next batch and send nothing more.</summary>
    Cancelled = 3,
}
