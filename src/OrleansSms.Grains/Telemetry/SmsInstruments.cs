using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansSms.Abstractions.Callbacks;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Telemetry;

/// <summary>
/// The Meter <see cref="MeterName"/> and its instruments: what the SMS channel sends, skips and
/// fails, the delivery reports it receives, how the connector batches and waits, and how far
/// newsletters get. Static, like Orleans' own instruments: grains and the message dispatcher are
/// not built by DI, and a Meter is process-wide anyway (every listener, OpenTelemetry's included,
/// subscribes by name).
/// </summary>
/// <remarks>
/// Tags are bounded enumerations only (kind, reason, status, outcome): never a store, contact,
/// phone number, token or URL, so metrics can carry no secret and no personal data, and a
/// million contacts do not make a million series.
/// </remarks>
public static class SmsInstruments
{
    /// <summary>The Meter's name; OpenTelemetry subscribes to it (<c>AddMeter</c>).</summary>
    public const string MeterName = "OrleansSms";

    public const string KindTag = "sms.kind";
    public const string SkipReasonTag = "sms.skip_reason";
    public const string FailureTag = "sms.failure";
    public const string ReportStatusTag = "report.status";
    public const string ReportOutcomeTag = "report.outcome";
    public const string UnaccountedOutcomeTag = "sms.unaccounted_outcome";
    public const string ReplyActionTag = "sms.reply_action";

    private static readonly Meter Meter = new(MeterName, "1.0.0");

    private static readonly Counter<long> Sent = Meter.CreateCounter<long>(
        "orleanssms.sms.sent", "{message}", "Messages Instasent accepted, by kind.");

    private static readonly Counter<long> Skipped = Meter.CreateCounter<long>(
        "orleanssms.sms.skipped", "{message}", "Messages not sent because of the contact's phone or subscription, by kind and reason.");

    private static readonly Counter<long> Failed = Meter.CreateCounter<long>(
        "orleanssms.sms.failed", "{message}",
        "Send attempts Instasent did not take, by kind and failure: refused (for good) or transient (retried later).");

    private static readonly Counter<long> Unaccounted = Meter.CreateCounter<long>(
        "orleanssms.sms.unaccounted", "{message}",
        "Send answers that named a message neither accepted nor rejected, by kind and outcome: retried (sent again with its clientId) or undelivered (the retries ran out).");

    private static readonly Counter<long> Reports = Meter.CreateCounter<long>(
        "orleanssms.delivery_reports", "{report}",
        "Instasent delivery reports received, by status and outcome (applied, unchanged, ignored, unmatched: routed to no contact, rejected for a wrong store or secret).");

    private static readonly Counter<long> Replies = Meter.CreateCounter<long>(
        "orleanssms.sms.replies", "{message}", "Contacts' replies by SMS (inbound messages and stops) taken the first time, by the action their keyword asked for: optOut, optIn or none.");

    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "orleanssms.connector.batch_size", "{message}", "Messages per call to Instasent.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });

    private static readonly Histogram<double> ThrottleWait = Meter.CreateHistogram<double>(
        "orleanssms.throttle.wait", "ms", "How long a batch waited for its share of the store's send rate.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });

    private static readonly Histogram<double> RateLimitHold = Meter.CreateHistogram<double>(
        "orleanssms.connector.rate_limit_hold", "ms", "How long a connector held a store's sends for Instasent's request window to reset.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000] });

    private static readonly Counter<long> NewsletterContacts = Meter.CreateCounter<long>(
        "orleanssms.newsletter.contacts", "{contact}", "Contacts a newsletter run has been through (sent, skipped, filtered out or failed).");

    /// <summary>One send attempt's answer from the connector.</summary>
    public static void SendOutcome(SmsKind kind, ProviderOutcomeKind outcome)
    {
        var kindTag = new KeyValuePair<string, object?>(KindTag, Name(kind));
        switch (outcome)
        {
            case ProviderOutcomeKind.Accepted:
                Sent.Add(1, kindTag);
                break;
            case ProviderOutcomeKind.Refused:
                Failed.Add(1, kindTag, new(FailureTag, "refused"));
                break;
            case ProviderOutcomeKind.Unaccounted:
                Failed.Add(1, kindTag, new(FailureTag, "unaccounted"));
                break;
            default:
                Failed.Add(1, kindTag, new(FailureTag, "transient"));
                break;
        }
    }

    /// <summary>An answer that did not name the message: resent later, or (<paramref name="undelivered"/>) given up.</summary>
    public static void UnaccountedAnswer(SmsKind kind, bool undelivered) =>
        Unaccounted.Add(1, new(KindTag, Name(kind)), new(UnaccountedOutcomeTag, undelivered ? "undelivered" : "retried"));

    /// <summary>A message the send rule, or its length, kept back.</summary>
    public static void SendSkipped(SmsKind kind, SkipReason? reason) =>
        Skipped.Add(1, new(KindTag, Name(kind)), new(SkipReasonTag, reason switch
        {
            SkipReason.Bounced => "bounced",
            SkipReason.Paused => "paused",
            SkipReason.NotSubscribed => "notSubscribed",
            SkipReason.TooLong => "tooLong",
            SkipReason.Deleted => "deleted",
            _ => "noPhone",
        }));

    /// <summary>A delivery report and what became of it.</summary>
    public static void DeliveryReport(string? status, ReportOutcome outcome) =>
        Reports.Add(1, new(ReportStatusTag, KnownStatus(status)), new(ReportOutcomeTag, outcome switch
        {
            ReportOutcome.Applied => "applied",
            ReportOutcome.Unchanged => "unchanged",
            ReportOutcome.Unmatched => "unmatched",
            ReportOutcome.Held => "held",
            _ => "ignored",
        }));

    /// <summary>A contact's reply, recorded the first time it came.</summary>
    public static void Reply(KeywordAction action) =>
        Replies.Add(1, new KeyValuePair<string, object?>(ReplyActionTag, KeywordActions.ToWire(action)));

    /// <summary>A delivery report refused before it was read: unknown store or wrong secret.</summary>
    public static void DeliveryReportRejected() =>
        Reports.Add(1, new(ReportStatusTag, "unknown"), new(ReportOutcomeTag, "rejected"));

    /// <summary>A batch about to go to Instasent; its size also tags the current span.</summary>
    public static void ConnectorBatch(int size)
    {
        BatchSize.Record(size);
        Tag("sms.batch_size", size);
    }

    public static void ThrottleWaited(TimeSpan wait) => ThrottleWait.Record(wait.TotalMilliseconds);

    public static void RateLimitHeld(TimeSpan wait) => RateLimitHold.Record(wait.TotalMilliseconds);

    public static void NewsletterContactsProcessed(int count) => NewsletterContacts.Add(count);

    /// <summary>Sets <paramref name="name"/> on the current trace span, if one is being recorded.</summary>
    public static void Tag(string name, object? value)
    {
        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(name, value);
        }
    }

    private static string Name(SmsKind kind) => kind == SmsKind.Newsletter ? "newsletter" : "transactional";

    /// <summary>Instasent's statuses as they are; anything else (the field is the sender's) is "other".</summary>
    private static string KnownStatus(string? status) => status switch
    {
        "sent" or "accepted" or "buffered" or "delivered" or "error" or "failed" or "expired"
            or "canceled" or "rejected" or "unknown" or "stop" or "inbound" => status,
        _ => "other",
    };
}
