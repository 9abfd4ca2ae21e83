namespace OrleansSms.Abstractions.Sending;

/// <summary>What <see cref="IStoreBacklogGrain"/> answers.</summary>
/// <param name="Pending">Messages waiting for Instasent, summed over the silos that hold some.</param>
/// <param name="Silos">How many silos hold some of them.</param>
[GenerateSerializer, Immutable, Alias("sms.StoreBacklog")]
public sealed record StoreBacklog([property: Id(0)] long Pending, [property: Id(1)] int Silos);
