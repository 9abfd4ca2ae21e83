using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Contacts;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Contacts;

/// <summary>
/// The body of <c>POST …/events</c>: a type, the contact (by <c>contactId</c>, or by
/// <c>properties.email</c>, which gives the id an email-keyed import gives), optional
/// properties and an optional <c>eventId</c> that makes a retried event start its runs once.
/// </summary>
public sealed record EventRequest(
    string Type,
    string? ContactId,
    string? EventId,
    Dictionary<string, JsonElement>? Properties) : IJsonRequest<EventRequest>
{
    public const string ContactInfoType = "contactInfo";

    public const int MaxTypeLength = 64;

    [JsonIgnore]
    public StorefrontEvent Event { get; private init; } = null!;

    public static async ValueTask<EventRequest?> BindAsync(JsonElement body, BindingContext context)
    {
        var errors = context.Errors;
        JsonFields.RefuseUnknown(body, errors, "type", "contactId", "eventId", "properties");
        var type = body.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (string.IsNullOrWhiteSpace(type) || type.Length > MaxTypeLength || JsonRequestReader.ContainsControl(type, allowLineBreaks: false))
        {
            errors.AddValue("type", t, $"is required: the event type, e.g. purchase or contactInfo (at most {MaxTypeLength} characters on one line).");
        }

        var properties = body.TryGetProperty("properties", out var p) ? p : default;
        if (properties.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
        {
            errors.AddValue("properties", properties, "must be an object.");
        }

        var eventId = JsonFields.OptionalId(body, "eventId", ContactIds.IsValidStoreId, RouteIds.IdRule, errors);
        var contactId = ResolveContactId(body, properties, errors);
        if (errors.Any)
        {
            return null;
        }

        ContactUpdate? update = null;
        if (type == ContactInfoType)
        {
            var channel = await context.ChannelAsync();
            var patch = properties.ValueKind == JsonValueKind.Object
                ? ContactJson.ParseFlatProperties(properties, channel?.DefaultCountry, errors, "contactId")
                : new ContactPatch();
            if (patch is null)
            {
                return null;
            }

            update = ContactUpdate.From(patch, channel?.DefaultSubscriptionStatus ?? SubscriptionStatus.None);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return new EventRequest(type!, contactId, eventId, null)
        {
            Event = new StorefrontEvent { Type = type!, ContactId = contactId!, EventId = eventId, Properties = values, ContactUpdate = update },
        };
    }

    /// <summary>
    /// The storefront knows a contact by id, or only by email: the email then gives the same
    /// stable id an email-keyed import gives.
    /// </summary>
    private static string? ResolveContactId(JsonElement body, JsonElement properties, ValidationErrors errors)
    {
        if (body.TryGetProperty("contactId", out var id) && id.ValueKind != JsonValueKind.Null)
        {
            if (id.ValueKind == JsonValueKind.String && ContactIds.IsValid(id.GetString()))
            {
                return id.GetString();
            }

            errors.AddValue("contactId", id, $"is not a contact id: {RouteIds.ContactIdRule}.");
            return null;
        }

        if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("email", out var email))
        {
            if (email.ValueKind == JsonValueKind.String && ContactIds.TryNormalizeEmail(email.GetString(), out var normalized))
            {
                return ContactIds.FromEmail(normalized);
            }

            errors.AddValue("properties.email", email, "is not an email address.");
            return null;
        }

        errors.Add("contactId", "is required (or properties.email to identify the contact).");
        return null;
    }
}
