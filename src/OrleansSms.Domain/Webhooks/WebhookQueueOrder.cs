namespace OrleansSms.Domain.Webhooks;

/// <summary>One event waiting in a webhook's queue, as the order of delivery sees it.</summary>
public interface IQueuedWebhookEvent
{
    /// <summary>The contact the event is about: its events go one at a time, in order.</summary>
    string ContactId { get; }

    /// <summary>Not to be attempted before this (its first attempt: when it was queued).</summary>
    DateTimeOffset NextAttemptAt { get; }
}

/// <summary>
/// Which of a webhook's queued events to attempt now. Per contact, in order: an event waits
/// while an earlier one of the same contact is queued (in flight, or waiting for its retry), so a
/// later event never goes before an earlier one is delivered or given up. Events of different
/// contacts go side by side, so one contact's failing event does not hold back the others.
/// </summary>
public static class WebhookQueueOrder
{
    /// <summary>The chosen events' positions (oldest first), and when the first one held only by its retry time comes due.</summary>
    public readonly record struct Selection(List<int> Due, DateTimeOffset? NextDueAt);

    /// <param name="queue">Oldest first.</param>
    /// <param name="inFlight">Whether an event is being attempted now.</param>
    /// <param name="now">The dispatcher's clock.</param>
    /// <param name="slots">How many more attempts may start (the webhook's concurrency less those in flight).</param>
    public static Selection Select<T>(IReadOnlyList<T> queue, Func<T, bool> inFlight, DateTimeOffset now, int slots)
        where T : IQueuedWebhookEvent
    {
        var due = new List<int>();
        DateTimeOffset? next = null;
        var heads = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < queue.Count; i++)
        {
            var entry = queue[i];
            if (!heads.Add(entry.ContactId) || inFlight(entry))
            {
                // An earlier event of this contact is still queued, or this one is on its way.
                continue;
            }

            if (entry.NextAttemptAt > now)
            {
                next = next is { } earlier && earlier <= entry.NextAttemptAt ? earlier : entry.NextAttemptAt;
            }
            else if (due.Count < slots)
            {
                due.Add(i);
            }
        }

        return new Selection(due, next);
    }
}
