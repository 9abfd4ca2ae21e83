using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Channel;

/// <summary>A store's SMS channel settings, keyed by store id.</summary>
public interface IStoreChannelGrain : IGrainWithStringKey
{
    /// <summary>The channel, or null when the store never configured one.</summary>
    [ReadOnly]
    Task<StoreChannel?> GetAsync();

    /// <summary>
    /// Saves the settings, merged: those the settings do not carry (<see cref="StoreChannelSettings.Given"/>)
    /// keep their value. The first save creates the callback secret; later saves keep it.
    /// A null <see cref="StoreChannelSettings.ApiToken"/> keeps the configured token.
    /// </summary>
    /// <exception cref="InvalidOperationException">No token given and none configured yet.</exception>
    Task<StoreChannel> ConfigureAsync(StoreChannelSettings settings);

    /// <summary>Replaces the callback secret (the old callback URL stops working); null when not configured.</summary>
    Task<StoreChannel?> RotateCallbackSecretAsync();
}
