using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Stores;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Phones;
using OrleansSms.Silo.Api;
using OrleansSms.Silo.Callbacks;
using OrleansSms.Silo.Hosting;

namespace OrleansSms.Silo.Stores;

/// <summary>The store's SMS channel: settings, callback URL and its secret.</summary>
public static class StoreChannelApi
{
    public const int MaxThrottlePerSecond = 10_000;

    public static RouteGroupBuilder MapStoreChannelApi(this RouteGroupBuilder stores)
    {
        var channel = stores.MapGroup("/{storeId}/sms-channel").WithTags("SMS channel");
        channel.MapPut("/", PutChannelAsync);
        channel.MapGet("/", GetChannelAsync);
        channel.MapPost("/rotate-callback-secret", RotateSecretAsync);
        return stores;
    }

    public static async Task<Results<Ok<ChannelResponse>, ValidationProblem>> PutChannelAsync(
        string storeId, HttpRequest request, IGrainFactory grains, PublicUrls urls, CancellationToken cancellationToken)
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
            var grain = grains.GetGrain<IStoreChannelGrain>(storeId);
            var existing = await grain.GetAsync();
            var settings = ParseSettings(document.RootElement, existing is not null, errors);
            if (settings is null)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }

            var saved = await grain.ConfigureAsync(settings);
            return TypedResults.Ok(ChannelResponse.From(saved, urls));
        }
    }

    public static async Task<Results<Ok<ChannelResponse>, ProblemHttpResult, ValidationProblem>> GetChannelAsync(
        string storeId, IGrainFactory grains, PublicUrls urls)
    {
        var errors = new ValidationErrors();
        Routes.CheckStoreId(storeId, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var channel = await grains.GetGrain<IStoreChannelGrain>(storeId).GetAsync();
        return channel is null ? NotConfigured(storeId) : TypedResults.Ok(ChannelResponse.From(channel, urls));
    }

    public static async Task<Results<Ok<ChannelResponse>, ProblemHttpResult, ValidationProblem>> RotateSecretAsync(
        string storeId, IGrainFactory grains, PublicUrls urls, CallbackSecrets secrets)
    {
        var errors = new ValidationErrors();
        Routes.CheckStoreId(storeId, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var channel = await grains.GetGrain<IStoreChannelGrain>(storeId).RotateCallbackSecretAsync();
        secrets.Forget(storeId);
        return channel is null ? NotConfigured(storeId) : TypedResults.Ok(ChannelResponse.From(channel, urls));
    }

    private static ProblemHttpResult NotConfigured(string storeId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "SMS channel not configured",
            detail: $"Store '{storeId}' has no SMS channel: PUT /api/stores/{storeId}/sms-channel first.");

    /// <summary>Validates the body; null (with every problem listed) when anything is wrong.</summary>
    internal static StoreChannelSettings? ParseSettings(JsonElement body, bool configured, ValidationErrors errors)
    {
        string? provider = null, token = null, country = null;
        var subscription = SubscriptionStatus.None;
        int? throttle = null;
        foreach (var property in body.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "provider":
                    if (value.ValueKind == JsonValueKind.String && value.GetString() == StoreChannel.InstasentProvider)
                    {
                        provider = StoreChannel.InstasentProvider;
                    }
                    else
                    {
                        errors.AddValue("provider", value, "is not a supported provider: use 'instasent'.");
                    }

                    break;
                case "apiToken":
                    // The token itself never goes into an error message.
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        break;
                    }

                    if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()) ||
                        value.GetString()!.Length > 512 || value.GetString()!.Any(char.IsWhiteSpace))
                    {
                        errors.Add("apiToken", "must be a non-empty string of at most 512 characters without spaces.");
                    }
                    else
                    {
                        token = value.GetString();
                    }

                    break;
                case "defaultSubscriptionStatus":
                    if (value.ValueKind == JsonValueKind.String && ContactValues.TryParseSubscriptionStatus(value.GetString(), out var parsed))
                    {
                        subscription = parsed;
                    }
                    else if (value.ValueKind != JsonValueKind.Null)
                    {
                        errors.AddValue("defaultSubscriptionStatus", value, "is not one of subscribed, notSubscribed, none.");
                    }

                    break;
                case "throttlePerSecond":
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var rate) && rate is >= 1 and <= MaxThrottlePerSecond)
                    {
                        throttle = rate;
                    }
                    else if (value.ValueKind != JsonValueKind.Null)
                    {
                        errors.AddValue("throttlePerSecond", value, $"must be a whole number from 1 to {MaxThrottlePerSecond}, or null for no store limit.");
                    }

                    break;
                case "defaultCountry":
                    if (value.ValueKind == JsonValueKind.String && PhoneNumbers.IsSupportedCountry(value.GetString()))
                    {
                        country = value.GetString()!.ToUpperInvariant();
                    }
                    else if (value.ValueKind != JsonValueKind.Null)
                    {
                        errors.AddValue("defaultCountry", value, "is not an ISO 3166 alpha-2 country code with phone numbers (e.g. ES).");
                    }

                    break;
                default:
                    errors.Add(property.Name, "is not a setting of the SMS channel.");
                    break;
            }
        }

        if (provider is null && !body.TryGetProperty("provider", out _))
        {
            errors.Add("provider", "is required: 'instasent'.");
        }

        if (token is null && !configured && !errors.ToDictionary().ContainsKey("apiToken"))
        {
            errors.Add("apiToken", "is required to configure the channel.");
        }

        return errors.Any
            ? null
            : new StoreChannelSettings
            {
                Provider = provider!,
                ApiToken = token,
                DefaultSubscriptionStatus = subscription,
                ThrottlePerSecond = throttle,
                DefaultCountry = country,
            };
    }
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
    DateTimeOffset UpdatedAt)
{
    public static ChannelResponse From(StoreChannel channel, PublicUrls urls) => new(
        channel.StoreId,
        channel.Provider,
        StoreChannel.Mask(channel.ApiToken),
        channel.DefaultSubscriptionStatus,
        channel.ThrottlePerSecond,
        channel.DefaultCountry,
        urls.CallbackUrl(channel.StoreId, channel.CallbackSecret),
        channel.UpdatedAt);
}
