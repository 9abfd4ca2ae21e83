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

    /// <summary>The log's records, newest first.</summary>
    public static SmsHistoryEntry[] History(this MessageLog log)
    {
        var entries = new SmsHistoryEntry[log.Records.Count];
        var i = 0;
        foreach (var record in log.NewestFirst())
        {
            entries[i++] = record.ToHistoryEntry();
        }

        return entries;
    }

    /// <summary>
    /// Records what the send call answered (see <see cref="MessageLog.ApplyAccepted"/> and its
    /// siblings); <paramref name="unaccountedRetries"/> bounds the resends of a message the answer
    /// did not name. True when that made the message undelivered.
    /// </summary>
    public static bool ApplyOutcome(this MessageRecord record, ProviderSendOutcome outcome, int unaccountedRetries, DateTimeOffset now)
    {
        switch (outcome.Kind)
        {
            case ProviderOutcomeKind.Accepted:
                MessageLog.ApplyAccepted(record, outcome.ProviderId, now);
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
        new(report.ProviderId, report.Status, report.Code, report.EventAt);

    public static ReportOutcome ToOutcome(this ReportEffects effects) =>
        effects.Ignored ? ReportOutcome.Ignored : effects.Changed ? ReportOutcome.Applied : ReportOutcome.Unchanged;
}
