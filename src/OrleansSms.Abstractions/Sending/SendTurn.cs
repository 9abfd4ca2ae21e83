namespace OrleansSms.Abstractions.Sending;

/// <summary><see cref="IStoreRateLimiterGrain.StartAsync"/>'s answer: go with <see cref="Lease"/> (non-zero), or ask again at <see cref="RetryAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("sms.SendTurn")]
public sealed record SendTurn([property: Id(0)] long Lease, [property: Id(1)] DateTimeOffset RetryAt)
{
    public bool Granted => Lease != 0;
}
