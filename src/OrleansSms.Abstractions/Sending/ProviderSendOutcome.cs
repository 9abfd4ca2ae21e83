namespace OrleansSms.Abstractions.Sending;

/// <summary>The provider's answer to one message, as the connector hands it back to the message's owner.</summary>
[GenerateSerializer, Immutable, Alias("sms.ProviderSendOutcome")]
public sealed record ProviderSendOutcome(
    [property: Id(0)] ProviderOutcomeKind Kind,
    [property: Id(1)] string? ProviderId,
    [property: Id(2)] string? Error)
{
    public static ProviderSendOutcome Accepted(string? providerId) => new(ProviderOutcomeKind.Accepted, providerId, null);

    public static ProviderSendOutcome Refused(string error) => new(ProviderOutcomeKind.Refused, null, error);

    public static ProviderSendOutcome Transient(string error) => new(ProviderOutcomeKind.Transient, null, error);

    public static ProviderSendOutcome Unaccounted(string error) => new(ProviderOutcomeKind.Unaccounted, null, error);
}
