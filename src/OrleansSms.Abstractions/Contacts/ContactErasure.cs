namespace OrleansSms.Abstractions.Contacts;

/// <summary>An erasure as <see cref="IContactErasureGrain.EraseAsync"/> carried it out.</summary>
[GenerateSerializer, Immutable, Alias("sms.ContactErasure")]
public sealed record ContactErasure
{
    [Id(0)] public required string StoreId { get; init; }
    [Id(1)] public required string ContactId { get; init; }

    /// <summary>The contact existed; false when the id named no contact (never created, or erased before): nothing changed.</summary>
    [Id(2)] public bool Existed { get; init; }

    [Id(3)] public DateTimeOffset ErasedAt { get; init; }

    /// <summary>Records of workflow runs for the contact that the erasure cleared too.</summary>
    [Id(4)] public int RunsErased { get; init; }
}
