using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Callbacks;

namespace OrleansSms.Silo.Callbacks;

/// <summary>The reports Instasent posted that could not be routed to a contact, for a person to look into.</summary>
public static class UnmatchedReportsApi
{
    public static RouteGroupBuilder MapUnmatchedReportsApi(this RouteGroupBuilder stores)
    {
        stores.MapGet("/{storeId}/reports/unmatched", GetAsync)
            .WithTags("Callbacks")
            .WithSummary("Well-formed callbacks that could not be routed, newest first")
            .WithDescription($"No clientId, a clientId the product did not give, a contact the store does not have, or a reply to an alert; the newest {IUnmatchedReportsGrain.Capacity} per store, each as Instasent posted it.");
        return stores;
    }

    public static async Task<Ok<UnmatchedReportsAnswer>> GetAsync(string storeId, IGrainFactory grains)
    {
        var reports = await grains.GetGrain<IUnmatchedReportsGrain>(storeId).GetAsync();
        return TypedResults.Ok(new UnmatchedReportsAnswer([.. reports.Select(UnmatchedReportAnswer.From)]));
    }
}

public sealed record UnmatchedReportsAnswer(UnmatchedReportAnswer[] Items);

/// <summary>One unmatched report: when, why, and the report as posted.</summary>
public sealed record UnmatchedReportAnswer(DateTimeOffset ReceivedAt, UnmatchedReason Reason, JsonElement Report)
{
    public static UnmatchedReportAnswer From(UnmatchedReport report)
    {
        // Kept as the callback's reader accepted it: valid JSON.
        using var document = JsonDocument.Parse(report.Report);
        return new(report.ReceivedAt, report.Reason, document.RootElement.Clone());
    }
}
