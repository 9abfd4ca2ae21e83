using System.Text.Json;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Phones;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Contacts;

/// <summary>
/// Turns contact JSON into a validated <see cref="ContactPatch"/>, listing every problem with
/// the field and the value. Absent properties stay unset; explicit nulls clear.
/// </summary>
internal static class ContactJson
{
    public const string MobilePhone = "_mobilePhone";
    public const string MobilePhoneStatus = "_mobilePhoneStatus";
    public const string SmsSubscriptionStatus = "_smsSubscriptionStatus";

    /// <summary>Custom fields one request may set: a contact is a profile, not a document store.</summary>
    public const int MaxFieldsPerRequest = 200;

    /// <summary>The body of <c>PUT …/contacts/{id}</c>: system fields and a <c>fields</c> object.</summary>
    public static ContactPatch? ParseContactBody(JsonElement body, string? defaultCountry, ValidationErrors errors)
    {
        var patch = new ContactPatch();
        var fields = new Dictionary<string, CustomField?>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name == "fields")
            {
                if (property.Value.ValueKind == JsonValueKind.Object && property.Value.GetPropertyCount() > MaxFieldsPerRequest)
                {
                    errors.Add("fields", $"has {property.Value.GetPropertyCount()} fields: at most {MaxFieldsPerRequest} in one request.");
                }
                else if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in property.Value.EnumerateObject())
                    {
                        AddCustomField($"fields.{field.Name}", field.Name, field.Value, fields, errors);
                    }
                }
                else if (property.Value.ValueKind != JsonValueKind.Null)
                {
                    errors.AddValue("fields", property.Value, "must be an object of custom fields.");
                }
            }
            else if (property.Name is "contactId" or "createdAt" or "updatedAt")
            {
                // Read-only parts of the answer, tolerated so a GET answer can be sent back as is.
            }
            else if (!TryApplySystemField(ref patch, property.Name, property.Value, defaultCountry, errors))
            {
                errors.Add(property.Name, "is not a contact property: use _mobilePhone, _mobilePhoneStatus, _smsSubscriptionStatus or fields.");
            }
        }

        return errors.Any ? null : patch with { Fields = fields };
    }

    /// <summary>
    /// The properties of a storefront <c>contactInfo</c> event: flat, system fields by their
    /// <c>_</c> names, everything else a custom field.
    /// </summary>
    public static ContactPatch? ParseFlatProperties(JsonElement properties, string? defaultCountry, ValidationErrors errors, params string[] ignore)
    {
        var patch = new ContactPatch();
        var fields = new Dictionary<string, CustomField?>(StringComparer.Ordinal);
        if (properties.GetPropertyCount() > MaxFieldsPerRequest + ignore.Length + 3)
        {
            errors.Add("properties", $"has {properties.GetPropertyCount()} properties: at most {MaxFieldsPerRequest} fields in one event.");
            return null;
        }

        foreach (var property in properties.EnumerateObject())
        {
            if (ignore.Contains(property.Name, StringComparer.Ordinal))
            {
                continue;
            }

            if (property.Name.StartsWith('_'))
            {
                if (!TryApplySystemField(ref patch, property.Name, property.Value, defaultCountry, errors))
                {
                    errors.Add($"properties.{property.Name}", "is not a system field: names starting with '_' are reserved.");
                }
            }
            else
            {
                AddCustomField($"properties.{property.Name}", property.Name, property.Value, fields, errors);
            }
        }

        return errors.Any ? null : patch with { Fields = fields };
    }

    private static bool TryApplySystemField(
        ref ContactPatch patch, string name, JsonElement value, string? defaultCountry, ValidationErrors errors)
    {
        switch (name)
        {
            case MobilePhone:
                if (value.ValueKind == JsonValueKind.Null)
                {
                    patch = patch with { SetsMobilePhone = true, MobilePhone = null };
                }
                else if (value.ValueKind != JsonValueKind.String)
                {
                    errors.AddValue(name, value, "must be a phone number as a string, or null to clear it.");
                }
                else
                {
                    var normalized = PhoneNumbers.Normalize(value.GetString(), defaultCountry);
                    if (normalized.IsValid)
                    {
                        patch = patch with { SetsMobilePhone = true, MobilePhone = normalized.E164 };
                    }
                    else
                    {
                        errors.AddValue(name, value, $"is not a valid phone number: {normalized.Error}");
                    }
                }

                return true;
            case MobilePhoneStatus:
                if (value.ValueKind == JsonValueKind.String && ContactValues.TryParsePhoneStatus(value.GetString(), out var phoneStatus))
                {
                    patch = patch with { MobilePhoneStatus = phoneStatus };
                }
                else
                {
                    errors.AddValue(name, value, "is not one of active, bounced, paused.");
                }

                return true;
            case SmsSubscriptionStatus:
                if (value.ValueKind == JsonValueKind.String && ContactValues.TryParseSubscriptionStatus(value.GetString(), out var subscription))
                {
                    patch = patch with { SmsSubscriptionStatus = subscription };
                }
                else
                {
                    errors.AddValue(name, value, "is not one of subscribed, notSubscribed, none.");
                }

                return true;
            default:
                return false;
        }
    }

    private static void AddCustomField(
        string path, string name, JsonElement value, Dictionary<string, CustomField?> fields, ValidationErrors errors)
    {
        if (!ContactValues.IsValidFieldName(name))
        {
            errors.AddValue(path, name, "is not a field name: 1-64 letters, digits or '_', not starting with '_'.");
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                fields[name] = null;
                break;
            case JsonValueKind.True or JsonValueKind.False:
                fields[name] = new CustomField(FieldType.Boolean, value.GetBoolean() ? "true" : "false");
                break;
            case JsonValueKind.Number:
                if (ContactValues.TryParseValue(FieldType.Number, value.GetRawText(), out var number, out var numberError))
                {
                    fields[name] = new CustomField(FieldType.Number, number);
                }
                else
                {
                    errors.AddValue(path, value, numberError);
                }

                break;
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (ContactValues.LooksLikeIsoDate(text) &&
                    ContactValues.TryParseValue(FieldType.Date, text, out var date, out _))
                {
                    fields[name] = new CustomField(FieldType.Date, date);
                }
                else if (ContactValues.TryParseValue(FieldType.String, text, out var canonical, out var stringError))
                {
                    fields[name] = new CustomField(FieldType.String, canonical);
                }
                else
                {
                    errors.AddValue(path, value, stringError);
                }

                break;
            default:
                errors.AddValue(path, value, "must be a string, number, boolean, ISO 8601 date or null.");
                break;
        }
    }
}
