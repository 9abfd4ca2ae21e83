using OrleansSms.Abstractions.Messaging;

namespace OrleansSms.Grains.Messaging;

/// <summary>Persisted part of a <see cref="MessageLog"/>.</summary>
[GenerateSerializer, Alias("sms.MessageLogState")]
public sealed class MessageLogState
{
    /// <summary>The last message number handed out; numbers are never reused.</summary>
    [Id(0)] public long LastNumber { get; set; }

    /// <summary>Oldest first, bounded (see <see cref="MessageLog"/>).</summary>
    [Id(1)] public List<MessageRecord> Records { get; set; } = [];
}

/// <summary>What applying a delivery report asks the owner to do besides recording it.</summary>
public readonly record struct ReportEffects(ReportOutcome Outcome, bool Bounce, bool Stop);

/// <summary>
/// The message records of one owner: numbering, idempotency, provider outcomes and delivery
/// reports, monotonic in status. Bounded: the oldest settled records go first, so memory and
/// state size stay flat for a contact that receives SMS for years; unsettled ones are never dropped.
/// </summary>
public sealed class MessageLog(MessageLogState state, int capacity)
{
    public MessageLogState State => state;

    public MessageRecord? FindByKey(string idempotencyKey)
    {
        // Newest first: a replay is almost always of a recent send.
        for (var i = state.Records.Count - 1; i >= 0; i--)
        {
            if (state.Records[i].IdempotencyKey == idempotencyKey)
            {
                return state.Records[i];
            }
        }

        return null;
    }

    public MessageRecord? FindByNumber(long number)
    {
        for (var i = state.Records.Count - 1; i >= 0; i--)
        {
            if (state.Records[i].Number == number)
            {
                return state.Records[i];
            }
        }

        return null;
    }

    public IEnumerable<MessageRecord> Unsettled() => state.Records.Where(r => r.Status == MessageStatus.Pending);

    public long NextNumber() => ++state.LastNumber;

    public void Add(MessageRecord record)
    {
        state.Records.Add(record);
        for (var i = 0; state.Records.Count > capacity && i < state.Records.Count;)
        {
            if (state.Records[i].Status == MessageStatus.Pending)
            {
                i++;
            }
            else
            {
                state.Records.RemoveAt(i);
            }
        }
    }

    public SmsHistoryEntry[] History()
    {
        var entries = new SmsHistoryEntry[state.Records.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = state.Records[state.Records.Count - 1 - i].ToHistoryEntry();
        }

        return entries;
    }

    /// <summary>Records what the send call answered. A report that came first is never undone.</summary>
    public static void ApplyOutcome(MessageRecord record, ProviderSendOutcome outcome, DateTimeOffset now)
    {
        record.Attempts++;
        switch (outcome.Kind)
        {
            case ProviderOutcomeKind.Accepted:
                record.ProviderId ??= outcome.ProviderId;
                record.Text = null;
                if (record.Status == MessageStatus.Pending)
                {
                    record.Error = null;
                    Advance(record, MessageStatus.Accepted, now);
                }

                break;
            case ProviderOutcomeKind.Refused when record.Status == MessageStatus.Pending:
                record.Text = null;
                record.Error = outcome.Error;
                Advance(record, MessageStatus.Refused, now);
                break;
            case ProviderOutcomeKind.Transient when record.Status == MessageStatus.Pending:
                record.Error = outcome.Error;
                break;
        }
    }

    /// <summary>
    /// Applies a report: ignored when the Instasent id contradicts the one recorded, unchanged
    /// when it says nothing new, else recorded with its effects (bounce, stop) the first time.
    /// </summary>
    public static ReportEffects ApplyReport(MessageRecord record, DeliveryReport report, DateTimeOffset now)
    {
        if (record.ProviderId is not null && !string.Equals(record.ProviderId, report.ProviderId, StringComparison.Ordinal))
        {
            return new(ReportOutcome.Ignored, false, false);
        }

        var changed = false;
        if (record.ProviderId is null)
        {
            // The report beat our send call's answer: the message is with the provider.
            record.ProviderId = report.ProviderId;
            record.Text = null;
            changed = true;
        }

        var status = report.Status.ToLowerInvariant();
        var stop = false;
        if (status == "stop")
        {
            stop = !record.StopApplied;
            record.StopApplied = true;
            changed |= stop;
        }

        var target = status switch
        {
            "delivered" => MessageStatus.Delivered,
            "failed" or "rejected" => MessageStatus.Failed,
            _ => MessageStatus.Sent,
        };

        var bounce = false;
        if (MessageStatuses.Rank(target) > MessageStatuses.Rank(record.Status) ||
            (record.Status == MessageStatus.Accepted && target == MessageStatus.Sent))
        {
            Advance(record, target, report.EventAt ?? now);
            record.ProviderStatus = status;
            record.Error = target == MessageStatus.Failed ? $"{status} (code {report.Code?.ToString() ?? "none"})" : null;
            if (target == MessageStatus.Delivered)
            {
                record.DeliveredAt = report.EventAt ?? now;
            }

            bounce = target == MessageStatus.Failed;
            changed = true;
        }
        else if (status != "stop" && !MessageStatuses.IsFinal(record.Status) && record.ProviderStatus != status)
        {
            // Other non-final statuses are recorded as the provider said them.
            record.ProviderStatus = status;
            record.StatusAt = report.EventAt ?? now;
            changed = true;
        }

        return new(changed ? ReportOutcome.Applied : ReportOutcome.Unchanged, bounce, stop);
    }

    private static void Advance(MessageRecord record, MessageStatus status, DateTimeOffset at)
    {
        record.Status = status;
        record.StatusAt = at;
    }
}
