using System.Text;
using OrleansSms.Abstractions.Contacts;

namespace OrleansSms.Grains.Contacts;

/// <inheritdoc cref="IContactIndexGrain"/>
/// <remarks>
/// Adds interleave and share writes (<see cref="CoalescingStateWriter{TState}"/>): an import that
/// creates thousands of contacts a second costs this grain a handful of writes, not one each.
/// The ids live in a set while active and are packed into the state once per write.
/// </remarks>
internal sealed class ContactIndexGrain : Grain, IContactIndexGrain
{
    private const byte Separator = (byte)'\n';

    private readonly IPersistentState<ContactIndexState> _state;
    private readonly CoalescingStateWriter<ContactIndexState> _writer;
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private string[]? _sorted;

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

    public Task<string[]> GetContactIdsAsync()
    {
        if (_sorted is null)
        {
            _sorted = [.. _ids];
            Array.Sort(_sorted, StringComparer.Ordinal);
        }

        return Task.FromResult(_sorted);
    }

    private void Pack()
    {
        var packed = new byte[_ids.Sum(id => id.Length + 1)];
        var at = 0;
        foreach (var id in _ids)
        {
            at += Encoding.ASCII.GetBytes(id, packed.AsSpan(at));
            packed[at++] = Separator;
        }

        _state.State.PackedIds = packed;
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
