using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OrleansSms.Abstractions.Reports;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Reports;

/// <summary>The store's SMS report: counts by UTC day or hour, kept as messages move.</summary>
public static class SmsReportsApi
{
    public static RouteGroupBuilder MapSmsReportsApi(this RouteGroupBuilder stores)
    {
        stores.MapGet("/{storeId}/reports/sms", GetAsync)
            .WithTags("Reports")
            .WithSummary("The store's SMS counts by UTC day or hour")
            .WithDescription(
                "Sent, delivered, undelivered, refused, skipped by reason, segments, opt-outs and replies per bucket, empty buckets included, and their totals. " +
                "from and to are ISO 8601 instants (default: the 30 days before now; to is exclusive), widened to whole UTC buckets; " +
                "granularity day (at most 400 days) or hour (at most 31 days); workflowId and kind (transactional, newsletter) narrow it. " +
                "A message's counts fall in the hour it was sent, a skip in the hour of its attempt, a reply in the hour it was received.");
        stores.MapGet("/{storeId}/reports/backlog", GetBacklogAsync)
            .WithTags("Reports")
            .WithSummary("The store's messages waiting for Instasent now")
            .WithDescription(
                "Messages recorded as pending that Instasent has not taken yet (queued for the store's rate, or waiting for a resend " +
                "during an outage), summed over the silos that hold them, as each told within the last few seconds (Reports:BacklogInterval).");
        return stores;
    }

    /// <remarks>The parameters are read from the query as a whole (unknown or repeated ones are refused); those named here describe it.</remarks>
    public static async Task<Results<Ok<SmsReportAnswer>, ValidationProblem>> GetAsync(
        string storeId, HttpRequest request, IGrainFactory grains, TimeProvider time,
        [FromQuery] string? from = null, [FromQuery] string? to = null, [FromQuery] string? granularity = null,
        [FromQuery] string? workflowId = null, [FromQuery] string? kind = null)
    {
        var errors = new ValidationErrors();
        if (SmsReportRequest.Read(request.Query, time.GetUtcNow(), errors) is not { } query)
        {
            return RequestProblems.Invalid(errors);
        }

        var report = await grains.GetStoreSmsReport(storeId).GetAsync(query);
        return TypedResults.Ok(SmsReportAnswer.Of(report));
    }

    public static async Task<Ok<StoreBacklog>> GetBacklogAsync(string storeId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetStoreBacklog(storeId).GetAsync());
}
