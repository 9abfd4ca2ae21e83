using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Lists;
using OrleansSms.Silo.Api;
using OrleansSms.Silo.Callbacks;
using OrleansSms.Silo.Hosting;
using OrleansSms.Silo.Security;

namespace OrleansSms.Silo.Channel;

/// <summary>The store's SMS channel: settings, callback URL and its secret; and the stores that have one.</summary>
public static class StoreChannelApi
{
    public static RouteGroupBuilder MapStoreChannelApi(this RouteGroupBuilder stores)
    {
        stores.MapGet("/", ListStoresAsync).WithTags("SMS channel")
            .WithSummary("The stores that have an SMS channel, in id order")
            .WithDescription("An all-stores key sees every store with a channel; a store key sees its own store only.");
        var channel = stores.MapGroup("/{storeId}/sms-channel").WithTags("SMS channel");
        channel.MapPut("/", PutChannelAsync).WithBodyLimit(BodyLimits.Small)
            .WithSummary("Connects or changes the store's Instasent account")
            .WithDescription("Merged like a contact: an absent setting keeps its value, null restores its default; provider and apiToken are required the first time. The answer masks the token and spells out the callback URL to paste into Instasent's panel.");
        channel.MapGet("/", GetChannelAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("The store's SMS channel settings");
        channel.MapPost("/rotate-callback-secret", RotateSecretAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Replaces the secret in the callback URL")
            .WithDescription("Reports sent to the old URL are refused from now on: paste the new callbackUrl into Instasent's panel.");
        return stores;
    }

    public static async Task<Ok<ChannelResponse>> PutChannelAsync(
        string storeId, Json<ChannelSettingsRequest> body, IGrainFactory grains, PublicUrls urls, CallbackSecrets secrets)
    {
        var saved = await SaveAsync(storeId, body.Value.Settings, grains, secrets);
        return TypedResults.Ok(ChannelResponse.From(saved, urls));
    }

    public static async Task<Results<Ok<ChannelResponse>, ProblemHttpResult>> GetChannelAsync(
        string storeId, IGrainFactory grains, PublicUrls urls)
    {
        var channel = await grains.GetGrain<IStoreChannelGrain>(storeId).GetAsync();
        return channel is null ? NotConfigured(storeId) : TypedResults.Ok(ChannelResponse.From(channel, urls));
    }

    public static async Task<Results<Ok<ChannelResponse>, ProblemHttpResult>> RotateSecretAsync(
        string storeId, IGrainFactory grains, PublicUrls urls, CallbackSecrets secrets)
    {
        var channel = await RotateAsync(storeId, grains, secrets);
        return channel is null ? NotConfigured(storeId) : TypedResults.Ok(ChannelResponse.From(channel, urls));
    }

    /// <summary>Saves bound settings (the API's PUT and the console's Save): the callback route forgets the old secret.</summary>
    public static async Task<StoreChannel> SaveAsync(string storeId, StoreChannelSettings settings, IGrainFactory grains, CallbackSecrets secrets)
    {
        var saved = await grains.GetGrain<IStoreChannelGrain>(storeId).ConfigureAsync(settings);
        secrets.Forget(storeId);
        return saved;
    }

    /// <summary>Replaces the callback secret (the API's rotate and the console's); null when the store has no channel.</summary>
    public static async Task<StoreChannel?> RotateAsync(string storeId, IGrainFactory grains, CallbackSecrets secrets)
    {
        var channel = await grains.GetGrain<IStoreChannelGrain>(storeId).RotateCallbackSecretAsync();
        secrets.Forget(storeId);
        return channel;
    }

    public static async Task<Results<Ok<ListResponse<StoreResponse>>, ValidationProblem>> ListStoresAsync(
        string? limit, string? cursor, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var (size, after) = ListQuery.Read<IdCursor>(limit, cursor, errors);
        if (errors.Any)
        {
            return RequestProblems.Invalid(errors);
        }

        var page = await grains.GetStoreDirectory().ListAsync(after?.AfterId, size, ApiKeyAuthenticationHandler.LimitedTo(user));
        return TypedResults.Ok(new ListResponse<StoreResponse>(
            [.. page.Items.Select(StoreResponse.From)],
            page.NextAfter is { } next ? new IdCursor(next).ToToken() : null));
    }

    private static ProblemHttpResult NotConfigured(string storeId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "SMS channel not configured",
            detail: $"Store '{storeId}' has no SMS channel: PUT /api/stores/{storeId}/sms-channel first.");
}

/// <summary>
/// A store in the list of stores: <c>connected</c> when Instasent took its channel's token at the
/// last save that gave one (<c>tokenCheck</c> <c>verified</c>).
/// </summary>
public sealed record StoreResponse(string StoreId, string Provider, bool Connected, string? TokenCheck, string? DefaultCountry, DateTimeOffset UpdatedAt)
{
    public static StoreResponse From(StoreSummary store) => new(
        store.StoreId, store.Provider, store.TokenCheck == TokenChecks.Verified, store.TokenCheck, store.DefaultCountry, store.UpdatedAt);
}

/// <summary>The channel as the API shows it: token masked, callback URL spelled out.</summary>
public sealed record ChannelResponse(
    string StoreId,
    string Provider,
    string ApiToken,
    SubscriptionStatus DefaultSubscriptionStatus,
    int? ThrottlePerSecond,
    string? DefaultCountry,
    string CallbackUrl,
    DateTimeOffset UpdatedAt,
    int SoftBounceLimit,
    decimal? Balance,
    string? Currency,
    DateTimeOffset? BalanceAt,
    string? TokenCheck,
    string[] OptOutKeywords,
    string[] OptInKeywords,
    int MaxSegments)
{
    public static ChannelResponse From(StoreChannel channel, PublicUrls urls) => new(
        channel.StoreId,
        channel.Provider,
        StoreChannel.Mask(channel.ApiToken),
        channel.DefaultSubscriptionStatus,
        channel.ThrottlePerSecond,
        channel.DefaultCountry,
        urls.CallbackUrl(channel.StoreId, channel.CallbackSecret),
        channel.UpdatedAt,
        channel.SoftBounceLimit,
        channel.Balance?.Amount,
        channel.Balance?.Currency,
        channel.Balance?.ReadAt,
        channel.TokenCheck,
        channel.OptOutKeywords,
        channel.OptInKeywords,
        channel.MaxSegments);
}
