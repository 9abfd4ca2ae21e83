using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Alerts;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Contents;
using OrleansSms.Abstractions.Messaging;
using OrleansSms.Domain.Messages;
using OrleansSms.Domain.Phones;
using OrleansSms.Domain.Sending;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Messaging;

/// <summary>SMS contents, text analysis, sending one SMS, alerts and SMS history.</summary>
public static class SmsApi
{
    /// <summary>Ten UCS-2 segments or more: anything longer is not an SMS any provider takes.</summary>
    public const int MaxTextLength = 1600;

    public static RouteGroupBuilder MapSmsApi(this RouteGroupBuilder stores, IEndpointRouteBuilder api)
    {
        var contents = stores.MapGroup("/{storeId}/sms").WithTags("SMS contents");
        contents.MapPut("/{smsId}", PutContentAsync);
        contents.MapGet("/{smsId}", GetContentAsync);

        var contacts = stores.MapGroup("/{storeId}/contacts/{contactId}/sms").WithTags("Sending");
        contacts.MapGet("/", GetHistoryAsync);
        contacts.MapPost("/", SendToContactAsync);

        var alerts = stores.MapGroup("/{storeId}/alerts").WithTags("Sending");
        alerts.MapPost("/", SendAlertAsync);
        alerts.MapGet("/", GetAlertsAsync);

        api.MapPost("/sms/analyze", AnalyzeAsync).WithTags("SMS contents");
        return stores;
    }

    public static async Task<Results<Ok<SmsContentResponse>, ValidationProblem>> PutContentAsync(
        string storeId, string smsId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        Routes.CheckStoreId(storeId, errors);
        Routes.CheckId("smsId", smsId, errors);
        var (document, bodyErrors) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (document is null || errors.Any)
        {
            document?.Dispose();
            return TypedResults.ValidationProblem((bodyErrors ?? errors).ToDictionary());
        }

        using (document)
        {
            var body = document.RootElement;
            var name = RequiredString(body, "name", 200, errors);
            var text = RequiredString(body, "text", MaxTextLength, errors);
            foreach (var property in body.EnumerateObject().Where(p => p.Name is not ("name" or "text" or "smsId" or "analysis")))
            {
                errors.Add(property.Name, "is not a property of an SMS content: use name and text.");
            }

            if (errors.Any)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }

            var saved = await grains.GetSmsContent(storeId, smsId).SaveAsync(name!, text!);
            return TypedResults.Ok(SmsContentResponse.From(saved));
        }
    }

    public static async Task<Results<Ok<SmsContentResponse>, ProblemHttpResult, ValidationProblem>> GetContentAsync(
        string storeId, string smsId, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        Routes.CheckStoreId(storeId, errors);
        Routes.CheckId("smsId", smsId, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var content = await grains.GetSmsContent(storeId, smsId).GetAsync();
        return content is null
            ? TypedResults.Problem(statusCode: 404, title: "SMS content not found", detail: $"Store '{storeId}' has no SMS content '{smsId}'.")
            : TypedResults.Ok(SmsContentResponse.From(content));
    }

    public static async Task<Results<Ok<SmsAnalysis>, ValidationProblem>> AnalyzeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (document, bodyErrors) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (document is null)
        {
            return TypedResults.ValidationProblem(bodyErrors!.ToDictionary());
        }

        using (document)
        {
            var errors = new ValidationErrors();
            var text = document.RootElement.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (text is null)
            {
                errors.AddValue("text", t, "is required: the SMS text to analyse.");
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }

            return TypedResults.Ok(SmsAnalyzer.Analyze(text));
        }
    }

    public static async Task<Results<Ok<SmsHistoryEntry[]>, ValidationProblem>> GetHistoryAsync(
        string storeId, string contactId, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        Routes.CheckStoreId(storeId, errors);
        Routes.CheckContactId(contactId, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return TypedResults.Ok(await grains.GetContact(storeId, contactId).GetSmsHistoryAsync());
    }

    /// <summary>
    /// Sends one SMS to a contact now (an addition to API.md: what a workflow's Send SMS node
    /// does, by hand). <c>idempotencyKey</c> makes a retried request send once.
    /// </summary>
    public static async Task<Results<Ok<SendSmsResult>, ValidationProblem, ProblemHttpResult>> SendToContactAsync(
        string storeId, string contactId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        Routes.CheckStoreId(storeId, errors);
        Routes.CheckContactId(contactId, errors);
        var (document, bodyErrors) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (document is null || errors.Any)
        {
            document?.Dispose();
            return TypedResults.ValidationProblem((bodyErrors ?? errors).ToDictionary());
        }

        using (document)
        {
            var body = document.RootElement;
            var message = await ReadMessageAsync(storeId, body, grains, errors, "kind", "to");
            var kind = SmsKind.Transactional;
            if (body.TryGetProperty("kind", out var k))
            {
                if (k.ValueKind == JsonValueKind.String && k.GetString() is "transactional" or "newsletter")
                {
                    kind = k.GetString() == "newsletter" ? SmsKind.Newsletter : SmsKind.Transactional;
                }
                else
                {
                    errors.AddValue("kind", k, "is not one of transactional, newsletter.");
                }
            }

            if (message is null || errors.Any)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }

            var result = await grains.GetContact(storeId, contactId).SendSmsAsync(new SendSmsCommand
            {
                IdempotencyKey = message.IdempotencyKey,
                Kind = kind,
                SmsId = message.SmsId,
                Text = message.Text,
                Variables = message.Variables,
                SenderName = message.SenderName,
            });
            return TypedResults.Ok(result);
        }
    }

    /// <summary>Sends an alert to a fixed E.164 number (an addition to API.md, as the alert recipient of a Send SMS node).</summary>
    public static async Task<Results<Ok<SendSmsResult>, ValidationProblem, ProblemHttpResult>> SendAlertAsync(
        string storeId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        Routes.CheckStoreId(storeId, errors);
        var (document, bodyErrors) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (document is null || errors.Any)
        {
            document?.Dispose();
            return TypedResults.ValidationProblem((bodyErrors ?? errors).ToDictionary());
        }

        using (document)
        {
            var body = document.RootElement;
            var message = await ReadMessageAsync(storeId, body, grains, errors, "to", "kind");
            string? to = null;
            if (body.TryGetProperty("to", out var toElement) && toElement.ValueKind == JsonValueKind.String &&
                toElement.GetString()!.StartsWith('+') && PhoneNumbers.Normalize(toElement.GetString(), null) is { IsValid: true } phone &&
                phone.E164 == toElement.GetString())
            {
                to = phone.E164;
            }
            else
            {
                errors.AddValue("to", toElement, "is not a phone number in E.164 (e.g. +34600999000).");
            }

            if (message is null || errors.Any)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }

            var result = await grains.GetGrain<IStoreAlertsGrain>(storeId).SendAlertAsync(new SendAlertCommand
            {
                IdempotencyKey = message.IdempotencyKey,
                To = to!,
                Text = message.Text,
                Variables = message.Variables,
                SenderName = message.SenderName,
                SmsId = message.SmsId,
            });
            return TypedResults.Ok(result);
        }
    }

    public static async Task<Results<Ok<SmsHistoryEntry[]>, ValidationProblem>> GetAlertsAsync(string storeId, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        Routes.CheckStoreId(storeId, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return TypedResults.Ok(await grains.GetGrain<IStoreAlertsGrain>(storeId).GetHistoryAsync());
    }

    private sealed record MessageRequest(string IdempotencyKey, string? SmsId, string Text, string SenderName, Dictionary<string, string> Variables);

    /// <summary>The parts a contact SMS and an alert share: smsId or text, senderName, variables, idempotencyKey.</summary>
    private static async Task<MessageRequest?> ReadMessageAsync(
        string storeId, JsonElement body, IGrainFactory grains, ValidationErrors errors, params string[] alsoAllowed)
    {
        string? smsId = null, text = null, sender = null, key = null;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "smsId":
                    smsId = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    Routes.CheckId("smsId", smsId ?? "", errors);
                    break;
                case "text":
                    text = RequiredString(body, "text", MaxTextLength, errors);
                    break;
                case "senderName":
                    sender = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    if (SenderNames.Validate(sender) is { } senderError)
                    {
                        errors.AddValue("senderName", value, senderError);
                    }

                    break;
                case "idempotencyKey":
                    key = value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 200 } k ? k : null;
                    if (key is null)
                    {
                        errors.AddValue("idempotencyKey", value, "must be a string of 1-200 characters.");
                    }

                    break;
                case "variables":
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        errors.AddValue("variables", value, "must be an object of variable values.");
                        break;
                    }

                    foreach (var variable in value.EnumerateObject())
                    {
                        if (variable.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                        {
                            variables[variable.Name] = variable.Value.ValueKind == JsonValueKind.String ? variable.Value.GetString()! : variable.Value.GetRawText();
                        }
                        else
                        {
                            errors.AddValue($"variables.{variable.Name}", variable.Value, "must be a string, number or boolean.");
                        }
                    }

                    break;
                default:
                    if (!alsoAllowed.Contains(property.Name))
                    {
                        errors.Add(property.Name, "is not a property of this request.");
                    }

                    break;
            }
        }

        if (sender is null && !body.TryGetProperty("senderName", out _))
        {
            errors.Add("senderName", "is required: 1-11 letters, digits or spaces, or an E.164 number.");
        }

        if ((smsId is null) == (text is null) && !errors.Any)
        {
            errors.Add("smsId", "give either smsId (a saved SMS content) or text.");
        }

        if (errors.Any)
        {
            return null;
        }

        if (smsId is not null)
        {
            var content = await grains.GetSmsContent(storeId, smsId).GetAsync();
            if (content is null)
            {
                errors.AddValue("smsId", smsId, "is not an SMS content of this store.");
                return null;
            }

            text = content.Text;
        }

        return new MessageRequest(key ?? Guid.NewGuid().ToString("N"), smsId, text!, sender!, variables);
    }

    private static string? RequiredString(JsonElement body, string name, int maxLength, ValidationErrors errors)
    {
        if (body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String &&
            value.GetString() is { Length: > 0 } text && text.Length <= maxLength && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        errors.AddValue(name, value, $"is required: a non-blank string of at most {maxLength} characters.");
        return null;
    }
}

/// <summary>An SMS content with what its text costs.</summary>
public sealed record SmsContentResponse(string SmsId, string Name, string Text, SmsAnalysis Analysis, DateTimeOffset UpdatedAt)
{
    public static SmsContentResponse From(SmsContent content) =>
        new(content.SmsId, content.Name, content.Text, SmsAnalyzer.Analyze(content.Text), content.UpdatedAt);
}
