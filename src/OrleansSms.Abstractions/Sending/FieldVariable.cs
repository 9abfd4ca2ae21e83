namespace OrleansSms.Abstractions.Sending;

/// <summary>
/// A variable that takes the value of the contact's field <see cref="Field"/>, or
/// <see cref="Fallback"/> (empty when null) when the contact has no such field or it is empty.
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.FieldVariable")]
public sealed record FieldVariable([property: Id(0)] string Field, [property: Id(1)] string? Fallback);
