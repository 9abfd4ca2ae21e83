using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Silo.Admission;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Sending;

/// <summary>Sending one SMS to a contact, and the contact's SMS history.</summary>
public static class SendingApi
{
    public static RouteGroupBuilder MapSendingApi(this RouteGroupBuilder stores)
    {
        var contacts = stores.MapGroup("/{storeId}/contacts/{contactId}/sms").WithTags("Sending");
        contacts.MapGet("/", GetHistoryAsync).WithSummary("The contact's SMS history, newest first");
        contacts.MapPost("/", SendToContactAsync).WithBodyLimit(BodyLimits.Small)
            .RequireAdmission(AdmissionRoute.Sends)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Sends one SMS to a contact now")
            .WithDescription("What a workflow's Send SMS node does, by hand: the send rule decides; idempotencyKey makes a retried request send once (the same request again answers the first result; another request under the same key is a 409).");
        return stores;
    }

    public static async Task<Ok<SmsHistoryEntry[]>> GetHistoryAsync(string storeId, string contactId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetContact(storeId, contactId).GetSmsHistoryAsync());

    public static async Task<Results<Ok<SendSmsResult>, ProblemHttpResult>> SendToContactAsync(
        string storeId, string contactId, Json<SendSmsRequest> body, IGrainFactory grains)
    {
        var result = await grains.GetContact(storeId, contactId).SendSmsAsync(body.Value.Command);
        return result.Status == SendStatus.KeyReused
            ? RequestProblems.IdempotencyKeyReused(body.Value.Command.IdempotencyKey, $"contact '{contactId}'")
            : TypedResults.Ok(result);
    }
}
