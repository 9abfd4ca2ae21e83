using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Phones;
using OrleansSms.Domain.Sending;
using OrleansSms.Instasent;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Channel;

/// <summary>
/// The body of <c>PUT …/sms-channel</c>, merged like a contact's: an absent setting keeps its
/// value, an explicit <c>null</c> restores its default. <c>provider</c> and the token are
/// required until the channel has them; a null token keeps the configured one.
/// </summary>
public sealed record ChannelSettingsRequest(
    string? Provider,
    string? ApiToken,
    SubscriptionStatus? DefaultSubscriptionStatus,
    int? ThrottlePerSecond,
    string? DefaultCountry,
    int? SoftBounceLimit,
    string[]? OptOutKeywords,
    string[]? OptInKeywords,
    int? MaxSegments) : IJsonRequest<ChannelSettingsRequest>
{
    public const int MaxThrottlePerSecond = 10_000;

    /// <summary>The error under <c>apiToken</c> when Instasent refuses the token (it never echoes the token).</summary>
    public const string RefusedTokenMessage = "Instasent refused this token: check it in your Instasent panel.";

    [JsonIgnore]
    public StoreChannelSettings Settings { get; private init; } = null!;

    public static async ValueTask<ChannelSettingsRequest?> BindAsync(JsonElement body, BindingContext context)
    {
        var current = await context.ChannelAsync();
        var settings = Parse(body, current, context.Errors);
        if (settings is null)
        {
            return null;
        }

        // The token is checked here, while binding, rather than in the channel grain: a refusal
        // is a validation error of the body, answered as a 400 under apiToken like every other,
        // and the grain stays free of HTTP calls to Instasent (its turn is not held by one).
        if (settings.ApiToken is { } token && token != current?.ApiToken)
        {
            var client = context.Services.GetRequiredService<InstasentClient>();
            var time = context.Services.GetRequiredService<TimeProvider>();
            switch (await client.GetAccountAsync(token, context.RequestAborted))
            {
                case InstasentAccountCheck.Refused:
                    context.Errors.Add("apiToken", RefusedTokenMessage);
                    return null;
                case InstasentAccountCheck.Account account:
                    settings = settings with
                    {
                        Balance = new StoreChannelBalance { Amount = account.Balance, Currency = account.Currency, ReadAt = time.GetUtcNow() },
                        TokenCheck = TokenChecks.Verified,
                    };
                    break;
                default:
                    // Instasent's outage must not stop a store from saving its channel.
                    settings = settings with { TokenCheck = TokenChecks.Unavailable };
                    break;
            }
        }

        return new ChannelSettingsRequest(settings.Provider, settings.ApiToken, settings.DefaultSubscriptionStatus, settings.ThrottlePerSecond, settings.DefaultCountry, settings.SoftBounceLimit, settings.OptOutKeywords, settings.OptInKeywords, settings.MaxSegments)
        {
            Settings = settings,
        };
    }

    /// <summary>
    /// Validates the body against the <paramref name="current"/> channel (null when none yet);
    /// null (with every problem listed) when anything is wrong.
    /// </summary>
    private static StoreChannelSettings? Parse(JsonElement body, StoreChannel? current, ValidationErrors errors)
    {
        string? provider = null, token = null, country = null;
        var subscription = SubscriptionStatus.None;
        int? throttle = null, softBounceLimit = null, maxSegments = null;
        string[]? optOut = null, optIn = null;
        var given = ChannelSetting.None;
        foreach (var property in body.EnumerateObject())
        {
            var value = property.Value;
            given |= property.Name switch
            {
                "provider" => ChannelSetting.Provider,
                "defaultSubscriptionStatus" => ChannelSetting.DefaultSubscriptionStatus,
                "throttlePerSecond" => ChannelSetting.ThrottlePerSecond,
                "defaultCountry" => ChannelSetting.DefaultCountry,
                "softBounceLimit" => ChannelSetting.SoftBounceLimit,
                "optOutKeywords" => ChannelSetting.OptOutKeywords,
                "optInKeywords" => ChannelSetting.OptInKeywords,
                "maxSegments" => ChannelSetting.MaxSegments,
                _ => ChannelSetting.None,
            };
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
                case "softBounceLimit":
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var limit) &&
                        limit is >= PhoneBounces.MinSoftBounceLimit and <= PhoneBounces.MaxSoftBounceLimit)
                    {
                        softBounceLimit = limit;
                    }
                    else if (value.ValueKind != JsonValueKind.Null)
                    {
                        errors.AddValue("softBounceLimit", value, $"must be a whole number from {PhoneBounces.MinSoftBounceLimit} to {PhoneBounces.MaxSoftBounceLimit}, or null for the default ({PhoneBounces.DefaultSoftBounceLimit}).");
                    }

                    break;
                case "maxSegments":
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var segments) &&
                        segments is >= MessageLength.MinMaxSegments and <= MessageLength.MaxMaxSegments)
                    {
                        maxSegments = segments;
                    }
                    else if (value.ValueKind != JsonValueKind.Null)
                    {
                        errors.AddValue("maxSegments", value, $"must be a whole number from {MessageLength.MinMaxSegments} to {MessageLength.MaxMaxSegments} (segments per message), or null for the default ({MessageLength.DefaultMaxSegments}).");
                    }

                    break;
                case "optOutKeywords":
                    optOut = Keywords(value, "optOutKeywords", SubscriptionKeywords.DefaultOptOut, errors);
                    if (optOut is [])
                    {
                        errors.AddValue("optOutKeywords", value, "must hold at least one keyword: a contact must always be able to opt out by SMS (null restores the defaults).");
                    }

                    break;
                case "optInKeywords":
                    optIn = Keywords(value, "optInKeywords", SubscriptionKeywords.DefaultOptIn, errors);
                    break;
                default:
                    errors.Add(property.Name, "is not a setting of the SMS channel.");
                    break;
            }
        }

        if (provider is null && !body.TryGetProperty("provider", out _) && current is null)
        {
            errors.Add("provider", "is required to configure the channel: 'instasent'.");
        }

        if (token is null && current is null && !errors.ToDictionary().ContainsKey("apiToken"))
        {
            errors.Add("apiToken", "is required to configure the channel.");
        }

        // A keyword cannot be in both lists the channel will have (an absent list keeps the configured one).
        if (optOut is not null || optIn is not null)
        {
            var optOutAfter = optOut ?? current?.OptOutKeywords ?? [.. SubscriptionKeywords.DefaultOptOut];
            var optInAfter = optIn ?? current?.OptInKeywords ?? [.. SubscriptionKeywords.DefaultOptIn];
            for (var i = 0; i < optInAfter.Length; i++)
            {
                var inOptOut = Array.IndexOf(optOutAfter, optInAfter[i]);
                if (inOptOut < 0)
                {
                    continue;
                }

                // Named in the list this request gives: the opt-in one when both are given.
                if (optIn is not null)
                {
                    errors.Add($"optInKeywords[{i}]", $"'{optInAfter[i]}' is also an opt-out keyword.");
                }
                else
                {
                    errors.Add($"optOutKeywords[{inOptOut}]", $"'{optInAfter[i]}' is also an opt-in keyword.");
                }
            }
        }

        return errors.Any
            ? null
            : new StoreChannelSettings
            {
                Given = given,
                Provider = provider ?? current?.Provider ?? StoreChannel.InstasentProvider,
                ApiToken = token,
                DefaultSubscriptionStatus = subscription,
                ThrottlePerSecond = throttle,
                DefaultCountry = country,
                SoftBounceLimit = softBounceLimit,
                OptOutKeywords = optOut,
                OptInKeywords = optIn,
                MaxSegments = maxSegments,
            };
    }

    /// <summary>A list of keywords, normalized and without repeats; null restores <paramref name="defaults"/>.</summary>
    private static string[]? Keywords(JsonElement value, string field, IReadOnlyList<string> defaults, ValidationErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [.. defaults];
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > SubscriptionKeywords.MaxKeywords)
        {
            errors.AddValue(field, value, $"must be a list of at most {SubscriptionKeywords.MaxKeywords} keywords, or null for the defaults.");
            return null;
        }

        var keywords = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.AddValue($"{field}[{i}]", item, "must be a keyword (a string).");
            }
            else if (!SubscriptionKeywords.TryNormalizeKeyword(item.GetString(), out var keyword, out var problem))
            {
                errors.AddValue($"{field}[{i}]", item, problem!);
            }
            else if (!keywords.Contains(keyword))
            {
                keywords.Add(keyword);
            }

            i++;
        }

        return [.. keywords];
    }
}

/// <summary>The values of the channel answer's <c>tokenCheck</c>.</summary>
public static class TokenChecks
{
    /// <summary>Instasent accepted the new token and told its balance.</summary>
    public const string Verified = "verified";

    /// <summary>Instasent could not be asked; the channel was saved unchecked.</summary>
    public const string Unavailable = "unavailable";
}
