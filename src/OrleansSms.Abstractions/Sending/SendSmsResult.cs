using OrleansSms.Domain.Sending;

namespace OrleansSms.Abstractions.Sending;

/// <summary>The answer to a send: what happened, and the message's clientId when one was recorded.</summary>
[GenerateSerializer, Immutable, Alias("sms.SendSmsResult")]
public sealed record SendSmsResult
{
    [Id(0)] public SendStatus Status { get; init; }
    [Id(1)] public SkipReason? SkipReason { get; init; }
    [Id(2)] public string? ClientId { get; init; }
    [Id(3)] public string? ProviderId { get; init; }
    [Id(4)] public string? Error { get; init; }

    /// <summary>True when the idempotency key had been seen: nothing was sent this time.</summary>
    [Id(5)] public bool Replayed { get; init; }
}
