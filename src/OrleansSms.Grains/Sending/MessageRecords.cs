using OrleansSms.Abstractions.Callbacks;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Sending;

/// <summary>The wire forms of the message log's records and results.</summary>
internal static class MessageRecords
{
    public static OutboundSms ToOutbound(this MessageRecord record) =>
        new(record.ClientId, record.From, record.To, record.Text ?? "", record.AllowUnicode);

    public static SmsHistoryEntry ToHistoryEntry(this MessageRecord record) => new()
    {
        SmsId = record.SmsId,
        Kind = record.Kind,
        WorkflowId = record.WorkflowId,
        ClientId = record.ClientId,
        ProviderId = record.ProviderId,
        Status = MessageStatuses.Delivery(record.Status),
        State = record.Status,
        ProviderStatus = record.ProviderStatus,
        SentAt = record.SentAt,
        StatusAt = record.StatusAt,
        Error = record.Error,
        To = record.To,
        Segments = record.Segments,
    };

    public static SendSmsResult ToResult(this MessageRecord record, bool replayed) => new()
    {
        Status = record.Status switch
        {
            MessageStatus.Pending => SendStatus.Queued,
            MessageStatus.Refused => SendStatus.Failed,
            _ => SendStatus.Sent,
        },
        ClientId = record.ClientId,
        ProviderId = record.ProviderId,
        Error = record.Error,
        Replayed = replayed,
    };

    public static SmsHistoryEntry ToHistoryEntry(this InboundRecord reply) => new()
    {
        Direction = MessageDirection.Inbound,
        ClientId = reply.ClientId,
        ProviderId = reply.ProviderId,
        Status = DeliveryStatus.Delivered,
        State = MessageStatus.Delivered,
        ProviderStatus = reply.Stop ? "stop" : null,
        SentAt = reply.ReceivedAt,
        StatusAt = reply.ReceivedAt,
        Text = reply.Text,
        Keyword = reply.Keyword,
    };

    /// <summary>The log's records and the owner's replies (if any), newest first.</summary>
    public static SmsHistoryEntry[] History(this MessageLog log, InboundLog? inbound = null)
    {
        var replies = inbound?.Records ?? [];
        var entries = new SmsHistoryEntry[log.Records.Count + replies.Count];
        var i = 0;
        var r = replies.Count - 1;
        foreach (var record in log.NewestFirst())
        {
            // Both lists are newest first at their end: merged by time, a reply before a message of the same instant.
            for (; r >= 0 && replies[r].ReceivedAt >= record.SentAt; r--)
            {
                entries[i++] = replies[r].ToHistoryEntry();
            }

            entries[i++] = record.ToHistoryEntry();
        }

        for (; r >= 0; r--)
        {
            entries[i++] = replies[r].ToHistoryEntry();
        }

        return entries;
    }

    /// <summary>
    /// Records what the send call answered (see <see cref="MessageLog.ApplyAccepted"/> and its
    /// siblings); <paramref name="unaccountedRetries"/> bounds the resends of a message the answer
    /// did not name. True when that made the message undelivered. <paramref name="released"/> is a
    /// report that waited for the answer and now stands checked, for the owner to apply.
    /// </summary>
    public static bool ApplyOutcome(this MessageRecord record, ProviderSendOutcome outcome, int unaccountedRetries, DateTimeOffset now, out StatusReport? released)
    {
        released = null;
        switch (outcome.Kind)
        {
            case ProviderOutcomeKind.Accepted:
                released = MessageLog.ApplyAccepted(record, outcome.ProviderId, now);
                break;
            case ProviderOutcomeKind.Refused:
                MessageLog.ApplyRefused(record, outcome.Error, now);
                break;
            case ProviderOutcomeKind.Unaccounted:
                return MessageLog.ApplyUnaccounted(record, outcome.Error, unaccountedRetries, now);
            default:
                MessageLog.ApplyTransient(record, outcome.Error);
                break;
        }

        return false;
    }

    public static StatusReport ToStatusReport(this DeliveryReport report) =>
        new(report.ProviderId, report.Status ?? "", report.Code, report.EventAt);

    public static ReportOutcome ToOutcome(this ReportEffects effects) =>
        effects.Ignored ? ReportOutcome.Ignored : effects.Held ? ReportOutcome.Held : effects.Changed ? ReportOutcome.Applied : ReportOutcome.Unchanged;
}
