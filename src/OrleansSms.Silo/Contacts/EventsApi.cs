using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Stores;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Contacts;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Contacts;

/// <summary>Storefront events. <c>contactInfo</c> (the contact-information tag) writes contact fields.</summary>
public static class EventsApi
{
    public const string ContactInfoType = "contactInfo";

    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder stores)
    {
        stores.MapPost("/{storeId}/events", PostEventAsync).WithTags("Events");
        return stores;
    }

    public static async Task<Results<Accepted<EventAccepted>, ValidationProblem>> PostEventAsync(
        string storeId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        Routes.CheckStoreId(storeId, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var (document, bodyErrors) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (document is null)
        {
            return TypedResults.ValidationProblem(bodyErrors!.ToDictionary());
        }

        using (document)
        {
            var body = document.RootElement;
            var type = body.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (string.IsNullOrWhiteSpace(type) || type.Length > 64)
            {
                errors.AddValue("type", t, "is required: the event type, e.g. purchase or contactInfo (at most 64 characters).");
            }

            var properties = body.TryGetProperty("properties", out var p) ? p : default;
            if (properties.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
            {
                errors.AddValue("properties", properties, "must be an object.");
            }

            var contactId = ResolveContactId(body, properties, errors);
            if (errors.Any)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }

            if (type == ContactInfoType)
            {
                var channel = await grains.GetGrain<IStoreChannelGrain>(storeId).GetAsync();
                var patch = properties.ValueKind == JsonValueKind.Object
                    ? ContactJson.ParseFlatProperties(properties, channel?.DefaultCountry, errors, "contactId")
                    : new ContactPatch();
                if (patch is null)
                {
                    return TypedResults.ValidationProblem(errors.ToDictionary());
                }

                await grains.GetContact(storeId, contactId!)
                    .UpdateAsync(ContactUpdate.From(patch, channel?.DefaultSubscriptionStatus ?? SubscriptionStatus.None));
            }

            var runs = await StartRunsAsync(storeId, type!, contactId!, body, properties, grains, errors);
            if (runs is null)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }

            return TypedResults.Accepted((string?)null, new EventAccepted(type!, contactId!, runs));
        }
    }

    /// <summary>
    /// One run per active workflow listening to the event's type. Its id derives from the
    /// event's optional <c>eventId</c> (an addition): a storefront retrying the same event starts
    /// the same runs, which ignore the second start.
    /// </summary>
    private static async Task<EventRun[]?> StartRunsAsync(
        string storeId, string type, string contactId, JsonElement body, JsonElement properties, IGrainFactory grains, ValidationErrors errors)
    {
        string? eventId = null;
        if (body.TryGetProperty("eventId", out var idElement) && idElement.ValueKind != JsonValueKind.Null)
        {
            eventId = idElement.ValueKind == JsonValueKind.String && ContactIds.IsValidStoreId(idElement.GetString()) ? idElement.GetString() : null;
            if (eventId is null)
            {
                errors.AddValue("eventId", idElement, "is not an id: 1-64 characters of A-Z a-z 0-9 _ -.");
                return null;
            }
        }

        var listeners = await grains.GetGrain<IStoreWorkflowsGrain>(storeId).GetListenersAsync(type);
        if (listeners.Length == 0)
        {
            return [];
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        var runs = listeners.Select(l => new EventRun(l.WorkflowId, eventId is null ? Guid.NewGuid().ToString("N") : $"{eventId}-{contactId}")).ToArray();
        await Task.WhenAll(listeners.Zip(runs, (listener, run) => grains.GetWorkflowRun(storeId, listener.WorkflowId, run.RunId).StartAsync(new RunStart
        {
            WorkflowId = listener.WorkflowId,
            Version = listener.Version,
            ContactId = contactId,
            EventProperties = values,
        })));
        return runs;
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

            errors.AddValue("contactId", id, "is not a contact id: 1-32 characters of A-Z a-z 0-9 _ -.");
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

public sealed record EventAccepted(string Type, string ContactId, EventRun[] Runs);

/// <summary>A run the event started: GET …/workflows/{workflowId}/runs/{runId} follows it.</summary>
public sealed record EventRun(string WorkflowId, string RunId);
