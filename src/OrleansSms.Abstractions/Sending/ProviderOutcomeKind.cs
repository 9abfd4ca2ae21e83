namespace OrleansSms.Abstractions.Sending;

/// <summary>How the provider answered one message.</summary>
public enum ProviderOutcomeKind
{
    /// <summary>Accepted; <see cref="ProviderSendOutcome.ProviderId"/> holds Instasent's id when known.</summary>
    Accepted = 0,

    /// <summary>Refused for good (400, 401, 402, a per-item error): sending it again cannot help.</summary>
    Refused = 1,

    /// <summary>Not sent for now (429, 5xx, network, open circuit) after the retries: try again later.</summary>
    Transient = 2,

    /// <summary>
    /// Instasent's answer did not name the message (neither accepted nor rejected): the owner
    /// sends it again with the same clientId a bounded number of times, then marks it undelivered.
    /// </summary>
    Unaccounted = 3,
}
