namespace OrleansSms.Abstractions.Sending;

/// <summary>One SMS as the connector hands it to Instasent.</summary>
[GenerateSerializer, Immutable, Alias("sms.OutboundSms")]
public sealed record OutboundSms(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string From,
    [property: Id(2)] string To,
    [property: Id(3)] string Text,
    [property: Id(4)] bool AllowUnicode);

/// <summary>How the provider answered one message.</summary>
public enum ProviderOutcomeKind
{
    /// <summary>Accepted; <see cref="ProviderSendOutcome.ProviderId"/> holds Instasent's id when known.</summary>
    Accepted = 0,

    /// <summary>Refused for good (400, 401, 402, a per-item error): sending it again cannot help.</summary>
    Refused = 1,

    /// <summary>Not sent for now (429, 5xx, network, open circuit) after the retries: try again later.</summary>
    Transient = 2,
}

[GenerateSerializer, Immutable, Alias("sms.ProviderSendOutcome")]
public sealed record ProviderSendOutcome(
    [property: Id(0)] ProviderOutcomeKind Kind,
    [property: Id(1)] string? ProviderId,
    [property: Id(2)] string? Error)
{
    public static ProviderSendOutcome Accepted(string? providerId) => new(ProviderOutcomeKind.Accepted, providerId, null);

    public static ProviderSendOutcome Refused(string error) => new(ProviderOutcomeKind.Refused, null, error);

    public static ProviderSendOutcome Transient(string error) => new(ProviderOutcomeKind.Transient, null, error);
}
