using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Alerts;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Silo.Admission;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Alerts;

/// <summary>Alerts: SMS to a fixed number (the store's staff), outside any contact's rules.</summary>
public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder stores)
    {
        var alerts = stores.MapGroup("/{storeId}/alerts").WithTags("Alerts");
        alerts.MapPost("/", SendAlertAsync).WithBodyLimit(BodyLimits.Small)
            .RequireAdmission(AdmissionRoute.Alerts)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Sends an alert to a fixed E.164 number, whatever anyone's statuses");
        alerts.MapGet("/", GetAlertsAsync).WithSummary("The store's alerts, newest first");
        return stores;
    }

    public static async Task<Results<Ok<SendSmsResult>, ProblemHttpResult>> SendAlertAsync(string storeId, Json<AlertRequest> body, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IStoreAlertsGrain>(storeId).SendAlertAsync(body.Value.Command);
        return result.Status == SendStatus.KeyReused
            ? RequestProblems.IdempotencyKeyReused(body.Value.Command.IdempotencyKey, "the store's alerts")
            : TypedResults.Ok(result);
    }

    public static async Task<Ok<SmsHistoryEntry[]>> GetAlertsAsync(string storeId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IStoreAlertsGrain>(storeId).GetHistoryAsync());
}
