using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;

namespace OrleansSms.Silo.Contacts;

/// <summary>A contact as the API shows it; system fields keep their platform names.</summary>
public sealed record ContactResponse
{
    [JsonPropertyName("contactId")] public required string ContactId { get; init; }
    [JsonPropertyName("_mobilePhone")] public string? MobilePhone { get; init; }
    [JsonPropertyName("_mobilePhoneStatus")] public PhoneStatus MobilePhoneStatus { get; init; }
    [JsonPropertyName("_smsSubscriptionStatus")] public SubscriptionStatus SmsSubscriptionStatus { get; init; }

    /// <summary>Custom fields with their JSON types: numbers, booleans, strings; dates as ISO 8601 strings.</summary>
    [JsonPropertyName("fields")] public required JsonObject Fields { get; init; }
    [JsonPropertyName("createdAt")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("updatedAt")] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Soft bounces in a row since the last delivery; the channel's <c>softBounceLimit</c> of them bounce the phone.</summary>
    [JsonPropertyName("softBounces")] public int SoftBounces { get; init; }

    public static ContactResponse From(ContactSnapshot contact)
    {
        var fields = new JsonObject();
        foreach (var (name, field) in contact.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            fields[name] = field.Type switch
            {
                FieldType.Number => JsonValue.Create(double.Parse(field.Value, CultureInfo.InvariantCulture)),
                FieldType.Boolean => JsonValue.Create(field.Value == "true"),
                _ => JsonValue.Create(field.Value),
            };
        }

        return new ContactResponse
        {
            ContactId = contact.ContactId,
            MobilePhone = contact.MobilePhone,
            MobilePhoneStatus = contact.MobilePhoneStatus,
            SmsSubscriptionStatus = contact.SmsSubscriptionStatus,
            Fields = fields,
            CreatedAt = contact.CreatedAt,
            UpdatedAt = contact.UpdatedAt,
            SoftBounces = contact.SoftBounces,
        };
    }
}
