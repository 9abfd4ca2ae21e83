namespace OrleansSms.Abstractions.Newsletters;

/// <summary>Counters of a newsletter run (or one shard of it).</summary>
[GenerateSerializer, Alias("sms.NewsletterCounters")]
public sealed record NewsletterCounters
{
    [Id(0)] public long Contacts { get; init; }
    [Id(1)] public long Sent { get; init; }
    [Id(2)] public long Failed { get; init; }
    [Id(3)] public long Bounced { get; init; }
    [Id(4)] public long Paused { get; init; }
    [Id(5)] public long NotSubscribed { get; init; }
    [Id(6)] public long NoPhone { get; init; }
    [Id(7)] public long FilteredOut { get; init; }

    /// <summary>Contacts handed to a one-contact run at a Wait node.</summary>
    [Id(8)] public long Waiting { get; init; }

    /// <summary>Recorded and queued: Instasent could not take them yet (outage, rate backlog); resent by the contact.</summary>
    [Id(9)] public long Queued { get; init; }

    /// <summary>Skipped: the rendered text took more segments than the channel's <c>maxSegments</c>.</summary>
    [Id(10)] public long TooLong { get; init; }

    /// <summary>Skipped: the walk reached a contact that had been erased since the shard read its partition.</summary>
    [Id(11)] public long Deleted { get; init; }

    public static NewsletterCounters Zero { get; } = new();

    public NewsletterCounters Add(NewsletterCounters other) => new()
    {
        Contacts = Contacts + other.Contacts,
        Sent = Sent + other.Sent,
        Failed = Failed + other.Failed,
        Bounced = Bounced + other.Bounced,
        Paused = Paused + other.Paused,
        NotSubscribed = NotSubscribed + other.NotSubscribed,
        NoPhone = NoPhone + other.NoPhone,
        FilteredOut = FilteredOut + other.FilteredOut,
        Waiting = Waiting + other.Waiting,
        Queued = Queued + other.Queued,
        TooLong = TooLong + other.TooLong,
        Deleted = Deleted + other.Deleted,
    };
}
