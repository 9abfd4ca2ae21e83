using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Grains.Webhooks;

/// <summary>How webhooks are delivered (section <c>Webhooks</c>). Validated at start.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// How long one attempt may take, from the request's start to the answer's headers, 100 ms to
    /// 1 minute: an endpoint that hangs is cut here and the attempt counts as failed (retried).
    /// Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:01:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait after an event's first failed attempt, doubled after each further one (with ±20 % jitter), 100 ms to 1 hour. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts of an event (before jitter), 1 s to 1 day. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after its first attempt an event is still retried, 1 minute to 7 days; then it is given up. Default 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Events one webhook may have waiting, 4 to 1,000,000, shared evenly by the store's
    /// <see cref="Abstractions.Webhooks.WebhookKeys.Partitions"/> dispatchers (each holds a quarter).
    /// A full queue takes no more events: they are counted as dropped until it has room again.
    /// Default 10,000.
    /// </summary>
    [Range(4, 1_000_000)]
    public int QueueLimit { get; set; } = 10_000;

    /// <summary>Attempts one dispatcher keeps in flight to one webhook at once, 1 to 64 (events of one contact never go side by side). Default 4.</summary>
    [Range(1, 64)]
    public int MaxConcurrentAttempts { get; set; } = 4;

    /// <summary>
    /// How long a silo trusts what it read of which events a store's webhooks take, 1 s to 10
    /// minutes: on the other silos, a new webhook starts receiving events within this much.
    /// Default 10 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SubscriptionLifetime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The retry policy these options describe.</summary>
    public WebhookRetryPolicy RetryPolicy => new(RetryBaseDelay, MaxRetryDelay, RetryFor);

    /// <summary>Events one dispatcher may hold for one webhook: its share of <see cref="QueueLimit"/>.</summary>
    public int PartitionQueueLimit => Math.Max(1, QueueLimit / Abstractions.Webhooks.WebhookKeys.Partitions);
}

/// <summary>The source-generated DataAnnotations validator of <see cref="WebhookOptions"/>.</summary>
[OptionsValidator]
public sealed partial class WebhookOptionsValidator : IValidateOptions<WebhookOptions>;
