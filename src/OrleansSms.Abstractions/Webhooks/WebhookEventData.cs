using OrleansSms.Domain.Sending;

namespace OrleansSms.Abstractions.Webhooks;

/// <summary>What an event says besides its type and contact; what does not apply to its type is null (and left out of the delivery).</summary>
[GenerateSerializer, Immutable, Alias("sms.WebhookEventData")]
public sealed record WebhookEventData
{
    /// <summary>The message's clientId (for a reply: the message it answers, as Instasent gave it).</summary>
    [Id(0)] public string? ClientId { get; init; }

    /// <summary>Instasent's id of the message, or of the reply.</summary>
    [Id(1)] public string? ProviderId { get; init; }
    [Id(2)] public string? SmsId { get; init; }
    [Id(3)] public string? WorkflowId { get; init; }
    [Id(4)] public SmsKind? Kind { get; init; }

    /// <summary>The number the message went to; for a contact event, the contact's.</summary>
    [Id(5)] public string? Phone { get; init; }
    [Id(6)] public int? Segments { get; init; }

    /// <summary>Instasent's status word from the report (<c>delivered</c>, <c>failed</c>, <c>stop</c>, …).</summary>
    [Id(7)] public string? ProviderStatus { get; init; }

    /// <summary>Why a send was skipped.</summary>
    [Id(8)] public SkipReason? SkipReason { get; init; }

    /// <summary>Why a message ended undelivered or a phone bounced, as the history words it; for a skip, the detail (<c>tooLong</c>).</summary>
    [Id(9)] public string? Reason { get; init; }

    /// <summary>A reply's text.</summary>
    [Id(10)] public string? Text { get; init; }

    /// <summary>The store's keyword a reply matched.</summary>
    [Id(11)] public string? Keyword { get; init; }
    [Id(12)] public KeywordAction? Action { get; init; }

    /// <summary>Soft bounces in a row, when a phone bounced.</summary>
    [Id(13)] public int? SoftBounces { get; init; }
}
