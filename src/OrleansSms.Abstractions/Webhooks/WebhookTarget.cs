using System.Text;

namespace OrleansSms.Abstractions.Webhooks;

/// <summary>A webhook as its dispatchers need it: where, with which secret, which events. <see cref="ToString"/> never shows the secret.</summary>
[GenerateSerializer, Immutable, Alias("sms.WebhookTarget")]
public sealed record WebhookTarget
{
    [Id(0)] public required string WebhookId { get; init; }
    [Id(1)] public required string Url { get; init; }
    [Id(2)] public required string Secret { get; init; }

    /// <summary>The events it takes, as a mask of <see cref="Domain.Webhooks.WebhookEventTypes.Bit"/>.</summary>
    [Id(3)] public int EventsMask { get; init; }

    /// <summary>A disabled webhook takes no new events; what it holds waits, undelivered, until it is enabled again.</summary>
    [Id(4)] public bool Enabled { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"WebhookId = {WebhookId}, EventsMask = {EventsMask}, Enabled = {Enabled}");
        return true;
    }
}
