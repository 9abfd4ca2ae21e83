namespace OrleansSms.Abstractions.Callbacks;

/// <summary>
/// A report Instasent posted to the callback, as the endpoint parsed it: a delivery report of
/// one of our messages, or an inbound message (a reply, with <see cref="Message"/>, or a
/// <c>stop</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.DeliveryReport")]
public sealed record DeliveryReport(
    [property: Id(0)] string ProviderId,
    [property: Id(1)] string? ClientId,
    [property: Id(2)] string? Status,
    [property: Id(3)] int? Code,
    [property: Id(4)] DateTimeOffset? EventAt)
{
    /// <summary>The text of an inbound message; null for a delivery report.</summary>
    [Id(5)] public string? Message { get; init; }

    /// <summary>A reply from the recipient's phone rather than news of our message: it has a text, or it is a <c>stop</c>.</summary>
    public bool IsInbound => Message is not null || Status == "stop";
}
