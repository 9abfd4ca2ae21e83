using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Audit;
using OrleansSms.Domain.Lists;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Audit;

/// <summary>A store's audit trail: which key changed what, newest first.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder stores)
    {
        stores.MapGet("/{storeId}/audit", ListAsync).WithTags("Audit")
            .WithSummary("The store's audit trail, newest first")
            .WithDescription("Channel changes (which settings, never their values), callback secret rotations, content and workflow saves, activations, imports and erasures, each with the name of the API key that made it.");
        return stores;
    }

    public static async Task<Results<Ok<ListResponse<AuditEntryResponse>>, ValidationProblem>> ListAsync(
        string storeId, string? limit, string? cursor, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var (size, after) = ListQuery.Read<SequenceCursor>(limit, cursor, errors);
        if (errors.Any)
        {
            return RequestProblems.Invalid(errors);
        }

        var page = await grains.GetStoreAudit(storeId).ListAsync(after?.Before, size);
        return TypedResults.Ok(new ListResponse<AuditEntryResponse>(
            [.. page.Items.Select(AuditEntryResponse.From)],
            page.NextBefore is { } next ? new SequenceCursor(next).ToToken() : null));
    }
}

/// <summary>An audit entry as the API shows it.</summary>
public sealed record AuditEntryResponse(
    DateTimeOffset At,
    string Key,
    AuditAction Action,
    string Target,
    string[]? Changed,
    int? Version,
    AuditCounts? Counts)
{
    public static AuditEntryResponse From(AuditEntry entry) =>
        new(entry.At, entry.Key, entry.Action, entry.Target, entry.Changed, entry.Version, entry.Counts);
}

/// <summary>
/// Carries the authenticated key's name (never the key) into the grain calls of the request
/// (<see cref="AuditActor"/>), for the audit entries they record.
/// </summary>
internal static class AuditActorMiddleware
{
    public static IApplicationBuilder UseAuditActor(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.User.Identity is { IsAuthenticated: true, Name: { } name })
        {
            AuditActor.Set(name);
        }

        return next(context);
    });
}
