using System.Text;

namespace OrleansSms.Abstractions.Webhooks;

/// <summary>Why a save changed nothing.</summary>
public enum WebhookRefusal
{
    None = 0,

    /// <summary>A new webhook without its URL or its events (named in <see cref="WebhookSaveResult.Missing"/>).</summary>
    Incomplete = 1,

    /// <summary>The store has <see cref="IStoreWebhooksGrain.MaxWebhooks"/> webhooks already.</summary>
    TooMany = 2,
}

/// <summary>
/// What a save or a rotation answers: the webhook, and its secret when it was just made (the only
/// time it is ever shown); or why nothing changed. <see cref="ToString"/> never shows the secret.
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.WebhookSaveResult")]
public sealed record WebhookSaveResult
{
    [Id(0)] public Webhook? Webhook { get; init; }

    /// <summary>Set when the webhook was created or its secret rotated; null otherwise.</summary>
    [Id(1)] public string? Secret { get; init; }

    [Id(2)] public WebhookRefusal Refusal { get; init; }

    /// <summary>The request's fields a new webhook lacks (<c>url</c>, <c>events</c>).</summary>
    [Id(3)] public string[] Missing { get; init; } = [];

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Webhook = {Webhook}, Secret = {(Secret is null ? "null" : "***")}, Refusal = {Refusal}");
        return true;
    }
}
