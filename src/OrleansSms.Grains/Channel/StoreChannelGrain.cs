using System.Security.Cryptography;
using OrleansSms.Abstractions.Audit;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Channel;

/// <inheritdoc cref="IStoreChannelGrain"/>
/// <remarks>
/// Each save and rotation is recorded in the store's audit trail once it is stored, before it is
/// answered: the settings whose value changed, by name (never a value, never the secret).
/// </remarks>
internal sealed class StoreChannelGrain(
    [PersistentState("channel", StorageNames.Sms)] IPersistentState<StoreChannelState> state,
    TimeProvider time) : Grain, IStoreChannelGrain
{
    /// <summary>256 random bits: far past the 128 that make a URL unguessable.</summary>
    private const int SecretBytes = 32;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Configured)
        {
            // Idempotent; also lists a channel saved before the directory existed.
            await GrainFactory.GetStoreDirectory().AddAsync(StoreChannelKeys.Parse(this.GetPrimaryKeyString()));
        }
    }

    public Task<StoreChannel?> GetAsync() => Task.FromResult(state.State.Configured ? Snapshot() : null);

    public async Task<StoreChannel> ConfigureAsync(StoreChannelSettings settings)
    {
        var token = settings.ApiToken ?? (state.State.Configured ? state.State.ApiToken : null)
            ?? throw new InvalidOperationException("An API token is required to configure the channel.");

        var s = state.State;
        var before = s.Configured ? Snapshot() : null;
        if (!s.Configured)
        {
            s.CallbackSecret = NewSecret();
            s.Configured = true;
        }

        if (settings.ApiToken is not null && (settings.ApiToken != s.ApiToken || settings.TokenCheck is not null))
        {
            // A balance and a check belong to their token: a new token keeps only what its own check found.
            s.Balance = settings.Balance;
            s.TokenCheck = settings.TokenCheck;
        }

        // A merge: what the settings do not carry keeps its value (a new channel's are the defaults).
        s.ApiToken = token;
        if (settings.Sets(ChannelSetting.Provider) || s.Provider == "")
        {
            s.Provider = settings.Provider;
        }

        if (settings.Sets(ChannelSetting.DefaultSubscriptionStatus))
        {
            s.DefaultSubscriptionStatus = settings.DefaultSubscriptionStatus;
        }

        if (settings.Sets(ChannelSetting.ThrottlePerSecond))
        {
            s.ThrottlePerSecond = settings.ThrottlePerSecond;
        }

        if (settings.Sets(ChannelSetting.DefaultCountry))
        {
            s.DefaultCountry = settings.DefaultCountry;
        }

        if (settings.Sets(ChannelSetting.SoftBounceLimit))
        {
            s.SoftBounceLimit = settings.SoftBounceLimit;
        }

        if (settings.Sets(ChannelSetting.OptOutKeywords))
        {
            s.OptOutKeywords = settings.OptOutKeywords ?? s.OptOutKeywords;
        }

        if (settings.Sets(ChannelSetting.OptInKeywords))
        {
            s.OptInKeywords = settings.OptInKeywords ?? s.OptInKeywords;
        }

        if (settings.Sets(ChannelSetting.MaxSegments))
        {
            s.MaxSegments = settings.MaxSegments;
        }

        s.UpdatedAt = time.GetUtcNow();
        await WriteOrUndoAsync();

        // Listed before the answer: the store's callbacks are taken from then on, on every silo.
        var storeId = StoreChannelKeys.Parse(this.GetPrimaryKeyString());
        await GrainFactory.GetStoreDirectory().AddAsync(storeId);
        var saved = Snapshot();
        await GrainFactory.GetStoreAudit(storeId).RecordAsync(new AuditRecord
        {
            Action = before is null ? AuditAction.ChannelConnected : AuditAction.ChannelChanged,
            Target = AuditTargets.Channel,
            Changed = StoreChannel.ChangedSettings(before, saved),
        });
        return saved;
    }

    public async Task<StoreChannel?> RotateCallbackSecretAsync()
    {
        if (!state.State.Configured)
        {
            return null;
        }

        state.State.CallbackSecret = NewSecret();
        state.State.UpdatedAt = time.GetUtcNow();
        await WriteOrUndoAsync();
        await GrainFactory.GetStoreAudit(StoreChannelKeys.Parse(this.GetPrimaryKeyString()))
            .RecordAsync(new AuditRecord { Action = AuditAction.CallbackSecretRotated, Target = AuditTargets.Channel });
        return Snapshot();
    }

    /// <summary>A write that did not land must not leave the activation serving its changes.</summary>
    private async Task WriteOrUndoAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }

    private static string NewSecret() => Base64UrlEncode(RandomNumberGenerator.GetBytes(SecretBytes));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private StoreChannel Snapshot()
    {
        var s = state.State;
        return new StoreChannel
        {
            StoreId = StoreChannelKeys.Parse(this.GetPrimaryKeyString()),
            Provider = s.Provider,
            ApiToken = s.ApiToken,
            DefaultSubscriptionStatus = s.DefaultSubscriptionStatus,
            ThrottlePerSecond = s.ThrottlePerSecond,
            DefaultCountry = s.DefaultCountry,
            CallbackSecret = s.CallbackSecret,
            UpdatedAt = s.UpdatedAt,
            SoftBounceLimit = s.SoftBounceLimit ?? PhoneBounces.DefaultSoftBounceLimit,
            Balance = s.Balance,
            TokenCheck = s.TokenCheck,
            OptOutKeywords = s.OptOutKeywords ?? [.. SubscriptionKeywords.DefaultOptOut],
            OptInKeywords = s.OptInKeywords ?? [.. SubscriptionKeywords.DefaultOptIn],
            MaxSegments = s.MaxSegments ?? MessageLength.DefaultMaxSegments,
        };
    }
}
