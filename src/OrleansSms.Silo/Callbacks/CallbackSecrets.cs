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
/// <remarks>
/// The callback is open to anyone, so a store id this silo has not seen is first asked of the
/// store directory (<see cref="IStoreDirectoryGrain"/>, in memory): an unknown id costs no
/// activation of that store's grains and no database read. An id the directory does not list
/// may still be a store whose channel was saved before the directory existed: one such id per
/// <see cref="UnlistedLookupInterval"/> is looked up (its channel's activation lists it). The ids
/// found unknown are remembered for <see cref="UnknownTime"/>, at most
/// <see cref="MaxUnknownRemembered"/> of them, and cost nothing more meanwhile; a channel saved on
/// this silo clears its id at once.
/// </remarks>
public sealed class CallbackSecrets(IGrainFactory grains, TimeProvider time)
{
    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan UnlistedLookupInterval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan UnknownTime = TimeSpan.FromMinutes(1);
    public const int MaxUnknownRemembered = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unknown = new(StringComparer.Ordinal);
    private long _lastUnlistedLookup;

    public async ValueTask<bool> IsValidAsync(string storeId, string secret)
    {
        var now = time.GetUtcNow();
        if (!_secrets.TryGetValue(storeId, out var entry) || now - entry.ReadAt > CacheTime)
        {
            if (entry is null && !await MayBeAStoreAsync(storeId, now))
            {
                return false;
            }

            var channel = await grains.GetGrain<IStoreChannelGrain>(storeId).GetAsync();
            if (channel is null && entry is null)
            {
                Remember(storeId, now);
                return false;
            }

            entry = new Entry(channel is null ? null : Encoding.UTF8.GetBytes(channel.CallbackSecret), now);
            _secrets[storeId] = entry;
        }

        return entry.Secret is not null && CryptographicOperations.FixedTimeEquals(entry.Secret, Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>After a channel save or a secret rotation here: the next callback reads the channel again.</summary>
    public void Forget(string storeId)
    {
        _secrets.TryRemove(storeId, out _);
        _unknown.TryRemove(storeId, out _);
    }

    /// <summary>Listed in the directory, or one of the few unlisted ids this silo looks up.</summary>
    private async ValueTask<bool> MayBeAStoreAsync(string storeId, DateTimeOffset now)
    {
        if (_unknown.TryGetValue(storeId, out var since) && now - since < UnknownTime)
        {
            return false;
        }

        if (await grains.GetStoreDirectory().ContainsAsync(storeId))
        {
            return true;
        }

        // Unlisted: perhaps a channel older than the directory; a few such lookups, never more.
        var last = Interlocked.Read(ref _lastUnlistedLookup);
        var ticks = now.UtcTicks;
        if (ticks - last >= UnlistedLookupInterval.Ticks && Interlocked.CompareExchange(ref _lastUnlistedLookup, ticks, last) == last)
        {
            return true;
        }

        Remember(storeId, now);
        return false;
    }

    private void Remember(string storeId, DateTimeOffset now)
    {
        if (_unknown.Count >= MaxUnknownRemembered)
        {
            // Bounded: a flood of made-up ids starts the memory over rather than growing it.
            _unknown.Clear();
        }

        _unknown[storeId] = now;
    }

    private sealed record Entry(byte[]? Secret, DateTimeOffset ReadAt);
}
