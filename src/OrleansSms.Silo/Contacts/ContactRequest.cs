using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Contacts;

/// <summary>
/// The body of <c>PUT …/contacts/{contactId}</c>: system fields by their platform names and a
/// <c>fields</c> object. Absent properties stay as they were; explicit nulls clear.
/// </summary>
public sealed record ContactRequest(
    [property: JsonPropertyName(ContactJson.MobilePhone)] string? MobilePhone,
    [property: JsonPropertyName(ContactJson.MobilePhoneStatus)] PhoneStatus? MobilePhoneStatus,
    [property: JsonPropertyName(ContactJson.SmsSubscriptionStatus)] SubscriptionStatus? SmsSubscriptionStatus,
    Dictionary<string, JsonElement>? Fields) : IJsonRequest<ContactRequest>
{
    /// <summary>The validated change, with the store's default subscription for a new contact.</summary>
    [JsonIgnore]
    public ContactUpdate Update { get; private init; } = null!;

    public static async ValueTask<ContactRequest?> BindAsync(JsonElement body, BindingContext context)
    {
        var channel = await context.ChannelAsync();
        var patch = ContactJson.ParseContactBody(body, channel?.DefaultCountry, context.Errors);
        return patch is null
            ? null
            : new ContactRequest(patch.MobilePhone, patch.MobilePhoneStatus, patch.SmsSubscriptionStatus, null)
            {
                Update = ContactUpdate.From(patch, channel?.DefaultSubscriptionStatus ?? SubscriptionStatus.None),
            };
    }
}
