using OrleansSms.Domain.Lists;

namespace OrleansSms.Grains;

/// <summary>
/// A store's registry of ids (its contents, its workflows) behind a directory grain: sorted in
/// memory, read a page at a time, written whole when an id comes or goes (which is rare: a
/// content saved again or a workflow's next version changes nothing here). Adds and removals
/// that come together share one write (<see cref="CoalescingStateWriter{TState}"/>).
/// </summary>
internal sealed class IdDirectory
{
    private readonly IPersistentState<IdDirectoryState> _state;
    private readonly CoalescingStateWriter<IdDirectoryState> _writer;
    private SortedIds? _ids;

    public IdDirectory(IPersistentState<IdDirectoryState> state)
    {
        _state = state;
        _writer = new CoalescingStateWriter<IdDirectoryState>(state, () => _state.State.Ids = [.. Ids.Ids]);
    }

    private SortedIds Ids => _ids ??= new SortedIds(_state.State.Ids);

    /// <summary>Durable once answered; an id known already costs no write.</summary>
    public async Task AddAsync(string id)
    {
        if (Ids.Contains(id))
        {
            await _writer.WhenIdleAsync();
            return;
        }

        await WriteAsync(() => Ids.Add(id));
    }

    public async Task RemoveAsync(string id)
    {
        if (!Ids.Contains(id))
        {
            await _writer.WhenIdleAsync();
            return;
        }

        await WriteAsync(() => Ids.Remove(id));
    }

    /// <inheritdoc cref="SortedIds.After"/>
    public (string[] Ids, bool More) After(string? after, int limit) => Ids.After(after, limit);

    private async Task WriteAsync(Action change)
    {
        try
        {
            await _writer.WriteAsync(() => change());
        }
        catch
        {
            // Memory may now be ahead of storage: read the stored ids again next time.
            _ids = null;
            await _state.ReadStateAsync();
            throw;
        }
    }
}

/// <summary>Persisted state of an <see cref="IdDirectory"/>: the ids, in ordinal order.</summary>
[GenerateSerializer, Alias("sms.IdDirectoryState")]
public sealed class IdDirectoryState
{
    [Id(0)] public List<string> Ids { get; set; } = [];
}
