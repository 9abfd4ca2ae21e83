using System.Diagnostics.Metrics;
using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Grains.Telemetry;

/// <summary>
/// The webhooks' instruments, on the product's Meter (<see cref="SmsInstruments.MeterName"/>, which
/// OpenTelemetry already takes). Tags are bounded: the event type and the attempt's outcome, never
/// a store, webhook or URL.
/// </summary>
public static class WebhookInstruments
{
    public const string EventTypeTag = "webhook.event_type";
    public const string OutcomeTag = "webhook.outcome";

    private static readonly Meter Meter = new(SmsInstruments.MeterName, "1.0.0");

    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>(
        "orleanssms.webhooks.attempts", "{attempt}",
        "Webhook delivery attempts, by outcome: delivered (2xx), failed (retried later) or gaveUp (the retry window is over).");

    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>(
        "orleanssms.webhooks.dropped", "{event}", "Events a webhook's full queue could not take, by event type.");

    public static void Attempt(WebhookEventType type, string outcome) =>
        Attempts.Add(1, new(EventTypeTag, WebhookEventTypes.ToWire(type)), new(OutcomeTag, outcome));

    public static void DroppedEvent(WebhookEventType type) =>
        Dropped.Add(1, new KeyValuePair<string, object?>(EventTypeTag, WebhookEventTypes.ToWire(type)));
}
