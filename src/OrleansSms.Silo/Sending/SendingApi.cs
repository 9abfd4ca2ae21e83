using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Sending;

/// <summary>Sending one SMS to a contact, and the contact's SMS history.</summary>
public static class SendingApi
{
    public static RouteGroupBuilder MapSendingApi(this RouteGroupBuilder stores)
    {
        var contacts = stores.MapGroup("/{storeId}/contacts/{contactId}/sms").WithTags("Sending");
        contacts.MapGet("/", GetHistoryAsync).WithSummary("The contact's SMS history, newest first");
        contacts.MapPost("/", SendToContactAsync)
            .WithSummary("Sends one SMS to a contact now")
            .WithDescription("What a workflow's Send SMS node does, by hand: the send rule decides; idempotencyKey makes a retried request send once.");
        return stores;
    }

    public static async Task<Ok<SmsHistoryEntry[]>> GetHistoryAsync(string storeId, string contactId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetContact(storeId, contactId).GetSmsHistoryAsync());

    public static async Task<Ok<SendSmsResult>> SendToContactAsync(
        string storeId, string contactId, Json<SendSmsRequest> body, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetContact(storeId, contactId).SendSmsAsync(body.Value.Command));
}
