namespace OrleansSms.Domain.Contacts;

/// <summary>The type of a contact's custom field (usable as an SMS variable).</summary>
public enum FieldType
{
    String = 0,
    Number = 1,
    Boolean = 2,
    Date = 3,
}

/// <summary>
/// A custom field value in its canonical invariant text form: numbers as round-trip invariant
/// text, booleans as <c>true</c>/<c>false</c>, dates as ISO 8601 (<c>yyyy-MM-dd</c>, or a full
/// timestamp in UTC when a time was given). One text form keeps storage, rendering and wire
/// types simple.
/// </summary>
public sealed record CustomField(FieldType Type, string Value);
