using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using OrleansSms.Abstractions.Channel;

namespace OrleansSms.Silo.Callbacks;

/// <summary>
/// Checks a callback URL's secret against the store's, in constant time. Each silo keeps the
/// secrets it has read for <see cref="CacheTime"/>, so Instasent's report rate does not all land on
/// the store's one channel grain; a rotation therefore takes at most that long to reach every
/// silo (the silo that rotated forgets at once).
/// </summary>
public sealed class CallbackSecrets(IGrainFactory grains, TimeProvider time)
{
    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Entry> _secrets = new(StringComparer.Ordinal);

    public async ValueTask<bool> IsValidAsync(string storeId, string secret)
    {
        var now = time.GetUtcNow();
        if (!_secrets.TryGetValue(storeId, out var entry) || now - entry.ReadAt > CacheTime)
        {
            var channel = await grains.GetGrain<IStoreChannelGrain>(storeId).GetAsync();
            entry = new Entry(channel is null ? null : Encoding.UTF8.GetBytes(channel.CallbackSecret), now);
            _secrets[storeId] = entry;
        }

        return entry.Secret is not null && CryptographicOperations.FixedTimeEquals(entry.Secret, Encoding.UTF8.GetBytes(secret));
    }

    public void Forget(string storeId) => _secrets.TryRemove(storeId, out _);

    private sealed record Entry(byte[]? Secret, DateTimeOffset ReadAt);
}
