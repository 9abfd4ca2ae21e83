using System.Text;
using OrleansSms.Abstractions.Contacts;

namespace OrleansSms.Grains.Contacts;

/// <inheritdoc cref="IContactIndexGrain"/>
/// <remarks>
/// Adds interleave and share writes (<see cref="CoalescingStateWriter{TState}"/>): an import that
/// creates thousands of contacts a second costs this grain a handful of writes, not one each.
/// The ids live in a set while active; new ones are appended to a packed buffer as they come, and
/// each write copies that buffer into the state (re-encoding the whole set per write was the
/// import's largest cost once contacts were created without activations).
/// </remarks>
internal sealed class ContactIndexGrain : Grain, IContactIndexGrain
{
    private const byte Separator = (byte)'\n';

    private readonly IPersistentState<ContactIndexState> _state;
    private readonly CoalescingStateWriter<ContactIndexState> _writer;
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private string[]? _sorted;

    /// <summary>The packed ids (see <see cref="ContactIndexState"/>) in <c>[0, _packedLength)</c>, with room to grow.</summary>
    private byte[] _packed = [];
    private int _packedLength;

    /// <summary>A removal rebuilt <see cref="_packed"/>: the next write copies it whatever its length.</summary>
    private bool _repacked;

    public ContactIndexGrain([PersistentState("contactIndex", StorageNames.Sms)] IPersistentState<ContactIndexState> state)
    {
        _state = state;
        _writer = new CoalescingStateWriter<ContactIndexState>(state, Pack);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var id in Unpack(_state.State.PackedIds))
        {
            _ids.Add(id);
        }

        _packed = _state.State.PackedIds;
        _packedLength = _packed.Length;

        return Task.CompletedTask;
    }

    public async Task AddAsync(string contactId) => await AddManyAsync([contactId]);

    public async Task<bool[]> AddManyAsync(string[] contactIds)
    {
        var added = new bool[contactIds.Length];
        if (Array.TrueForAll(contactIds, _ids.Contains))
        {
            // Known already (the importer indexes a batch up front, then a new contact adds
            // itself): durable once the write that took it in has landed, so no new write.
            await _writer.WhenIdleAsync();
            return added;
        }

        try
        {
            await _writer.WriteAsync(() =>
            {
                // Applied just before a write starts, never while one is being serialised; an id
                // two calls carry is added by the first one applied.
                for (var i = 0; i < contactIds.Length; i++)
                {
                    added[i] = _ids.Add(contactIds[i]);
                    if (added[i])
                    {
                        Append(contactIds[i]);
                    }
                }

                _sorted = null;
            });
            return added;
        }
        catch
        {
            // The set now holds ids that may not be stored: start again from storage, or a later
            // add of the same id would take them for durable.
            DeactivateOnIdle();
            throw;
        }
    }

    public async Task RemoveAsync(string contactId)
    {
        if (!_ids.Contains(contactId))
        {
            // Not listed (or removed by a write in flight): durable once that write has landed.
            await _writer.WhenIdleAsync();
            return;
        }

        try
        {
            await _writer.WriteAsync(() =>
            {
                // Applied just before a write starts; rare (an erasure), so the buffer is rebuilt whole.
                if (_ids.Remove(contactId))
                {
                    _packed = new byte[_packedLength];
                    _packedLength = 0;
                    foreach (var id in _ids)
                    {
                        Append(id);
                    }

                    _repacked = true;
                    _sorted = null;
                }
            });
        }
        catch
        {
            // The set no longer matches storage: start again from it.
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<string[]> GetContactIdsAsync()
    {
        if (_sorted is null)
        {
            _sorted = [.. _ids];
            Array.Sort(_sorted, StringComparer.Ordinal);
        }

        return Task.FromResult(_sorted);
    }

    private void Append(string id)
    {
        var needed = _packedLength + id.Length + 1;
        if (needed > _packed.Length)
        {
            Array.Resize(ref _packed, Math.Max(needed, _packed.Length * 2));
        }

        _packedLength += Encoding.ASCII.GetBytes(id, _packed.AsSpan(_packedLength));
        _packed[_packedLength++] = Separator;
    }

    /// <summary>Before each write: the state gets its own copy (the buffer keeps growing after the write started).</summary>
    private void Pack()
    {
        if (_repacked || _state.State.PackedIds.Length != _packedLength)
        {
            _state.State.PackedIds = _packed.AsSpan(0, _packedLength).ToArray();
            _repacked = false;
        }
    }

    private static IEnumerable<string> Unpack(byte[] packed)
    {
        var start = 0;
        for (var i = 0; i < packed.Length; i++)
        {
            if (packed[i] == Separator)
            {
                yield return Encoding.ASCII.GetString(packed, start, i - start);
                start = i + 1;
            }
        }
    }
}
