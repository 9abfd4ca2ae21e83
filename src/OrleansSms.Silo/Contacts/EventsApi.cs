using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Silo.Admission;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Contacts;

/// <summary>Storefront events. <c>contactInfo</c> (the contact-information tag) writes contact fields.</summary>
public static class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder stores)
    {
        stores.MapPost("/{storeId}/events", PostEventAsync).WithBodyLimit(BodyLimits.Fields)
            .RequireAdmission(AdmissionRoute.Events)
            .WithTags("Events")
            .WithSummary("Takes a storefront event")
            .WithDescription("Starts a run of every active workflow listening to the event's type, answering 202 with the runs once they are recorded. contactInfo writes the contact's fields from properties first.");
        return stores;
    }

    public static async Task<Accepted<EventAccepted>> PostEventAsync(string storeId, Json<EventRequest> body, IGrainFactory grains)
    {
        var storefrontEvent = body.Value.Event;
        var runs = await grains.GetGrain<IStoreWorkflowsGrain>(storeId).PublishEventAsync(storefrontEvent);
        return TypedResults.Accepted((string?)null, new EventAccepted(storefrontEvent.Type, storefrontEvent.ContactId, runs));
    }
}

public sealed record EventAccepted(string Type, string ContactId, EventRun[] Runs);
