using Orleans.Concurrency;
using OrleansSms.Abstractions.Audit;
using OrleansSms.Domain.Audit;

namespace OrleansSms.Grains.Audit;

/// <inheritdoc cref="IStoreAuditGrain"/>
/// <remarks>
/// Every append is durable before it answers, so the action it records is answered only once
/// its entry is stored; appends that come together share a write
/// (<see cref="CoalescingStateWriter{TState}"/>). Reentrant: reads never wait for a write. Old
/// entries go as new ones come (<see cref="AuditOptions"/>), and reads skip those past the
/// retention that no append has dropped yet.
/// </remarks>
[Reentrant]
internal sealed class StoreAuditGrain : Grain, IStoreAuditGrain
{
    private readonly IPersistentState<StoreAuditState> _state;
    private readonly CoalescingStateWriter<StoreAuditState> _writer;
    private readonly TimeProvider _time;
    private readonly AuditOptions _options;

    public StoreAuditGrain(
        [PersistentState("storeAudit", StorageNames.Sms)] IPersistentState<StoreAuditState> state,
        TimeProvider time,
        Microsoft.Extensions.Options.IOptions<AuditOptions> options)
    {
        _state = state;
        _time = time;
        _options = options.Value;
        _writer = new CoalescingStateWriter<StoreAuditState>(state, Trim);
    }

    public async Task RecordAsync(AuditRecord record)
    {
        // Read before any await: the name belongs to this call's request context.
        var key = record.Key ?? AuditActor.Current ?? AuditActor.System;
        try
        {
            await _writer.WriteAsync(() =>
            {
                // Applied just before the write starts: sequence and time in the order stored.
                var s = _state.State;
                s.Entries.Add(new AuditEntry
                {
                    Sequence = ++s.LastSequence,
                    At = _time.GetUtcNow(),
                    Key = key,
                    Action = record.Action,
                    Target = record.Target,
                    Changed = record.Changed,
                    Version = record.Version,
                    Counts = record.Counts,
                });
            });
        }
        catch
        {
            // Memory may hold entries storage does not: the next call reads the stored trail.
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<AuditPage> ListAsync(long? before, int limit)
    {
        var entries = _state.State.Entries;
        var oldestKept = _time.GetUtcNow() - _options.Retention;
        var items = new List<AuditEntry>(Math.Min(limit, entries.Count));
        for (var i = LastBefore(entries, before); i >= 0 && entries[i].At >= oldestKept; i--)
        {
            if (items.Count == limit)
            {
                return Task.FromResult(new AuditPage([.. items], items[^1].Sequence));
            }

            items.Add(entries[i]);
        }

        return Task.FromResult(new AuditPage([.. items], null));
    }

    /// <summary>The index of the newest entry below <paramref name="before"/> (entries are in sequence order); -1 when none.</summary>
    private static int LastBefore(List<AuditEntry> entries, long? before)
    {
        if (before is not { } limit)
        {
            return entries.Count - 1;
        }

        int low = 0, high = entries.Count - 1, found = -1;
        while (low <= high)
        {
            var mid = low + ((high - low) >> 1);
            if (entries[mid].Sequence < limit)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found;
    }

    private void Trim()
    {
        var entries = _state.State.Entries;
        var drop = AuditRetention.ToDrop(entries, e => e.At, _options.MaxEntries, _options.Retention, _time.GetUtcNow());
        if (drop > 0)
        {
            entries.RemoveRange(0, drop);
        }
    }
}
