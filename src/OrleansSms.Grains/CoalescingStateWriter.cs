namespace OrleansSms.Grains;

/// <summary>
/// Serialises the writes of a grain whose calls interleave: one write in flight at a time, and
/// every caller returns only after a write that started after its change has landed. Concurrent
/// callers share the next write instead of racing ETags.
/// </summary>
internal sealed class CoalescingStateWriter<TState>(IPersistentState<TState> state)
{
    private long _requested;
    private long _written;
    private Task? _writing;

    public async Task WriteAsync()
    {
        var mine = ++_requested;
        while (_written < mine)
        {
            if (_writing is not null)
            {
                await _writing;
                continue;
            }

            var covers = _requested;
            _writing = state.WriteStateAsync();
            try
            {
                await _writing;
                _written = covers;
            }
            finally
            {
                _writing = null;
            }
        }
    }
}
