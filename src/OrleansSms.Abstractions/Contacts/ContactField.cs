using OrleansSms.Domain.Contacts;

namespace OrleansSms.Abstractions.Contacts;

/// <summary>A custom field value in canonical invariant text (see <see cref="CustomField"/>).</summary>
[GenerateSerializer, Immutable, Alias("sms.ContactField")]
public sealed record ContactField([property: Id(0)] FieldType Type, [property: Id(1)] string Value)
{
    public static ContactField From(CustomField field) => new(field.Type, field.Value);
}
