namespace OrleansSms.Abstractions.Sending;

/// <summary>One SMS as the connector hands it to Instasent.</summary>
[GenerateSerializer, Immutable, Alias("sms.OutboundSms")]
public sealed record OutboundSms(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string From,
    [property: Id(2)] string To,
    [property: Id(3)] string Text,
    [property: Id(4)] bool AllowUnicode);
