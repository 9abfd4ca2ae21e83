namespace OrleansSms.Grains;

/// <summary>
/// Serialises the writes of a grain whose calls interleave: one write in flight at a time, and
/// every caller returns only after a write that includes its change has landed. Concurrent callers
/// share the next write instead of racing ETags.
/// </summary>
/// <remarks>
/// A storage provider serialises the state some time after the write started, outside the
/// grain's turn, so the state must not change while a write is in flight. Changes therefore
/// either wait for <see cref="WhenIdleAsync"/> or are handed to <see cref="WriteAsync(Action)"/>,
/// which applies them just before the next write starts.
/// </remarks>
/// <param name="state">The grain's persistent state.</param>
/// <param name="beforeWrite">Runs after the waiting changes are applied, just before each write starts
/// (e.g. to bring a persisted form up to date once for all of them).</param>
/// <param name="afterWrite">Runs once each write has landed (e.g. to tell others what is durable now).</param>
/// <param name="minInterval">
/// The least time between the starts of two writes: a write due sooner waits for it, gathering
/// the changes that come meanwhile (the state's writes per second are bounded whatever its load;
/// a write after a quiet spell starts at once). Measured on the machine's clock, not a test's.
/// </param>
internal sealed class CoalescingStateWriter<TState>(IPersistentState<TState> state, Action? beforeWrite = null, Action? afterWrite = null, TimeSpan minInterval = default)
{
    private readonly List<Action> _changes = [];
    private long _started;
    private long _completed;
    private long _lastStart = long.MinValue;
    private Task? _writing;

    /// <summary>Persists the state as it is now (changes made while no write was in flight).</summary>
    public Task WriteAsync() => WriteAsync(null);

    /// <summary>Applies <paramref name="change"/> when no write is in flight, then persists it with whatever else is waiting.</summary>
    public async Task WriteAsync(Action? change)
    {
        if (change is not null)
        {
            _changes.Add(change);
        }

        // Covered by the next write to start (changes so far are in it, or already in the state).
        var needed = _started + 1;
        while (_completed < needed)
        {
            if (_writing is { } inFlight)
            {
                await inFlight;
                continue;
            }

            _writing = WriteNextAsync();
            try
            {
                await _writing;
            }
            finally
            {
                _writing = null;
            }
        }
    }

    private async Task WriteNextAsync()
    {
        if (minInterval > TimeSpan.Zero)
        {
            var since = _lastStart == long.MinValue ? TimeSpan.MaxValue : System.Diagnostics.Stopwatch.GetElapsedTime(_lastStart);
            if (since < minInterval)
            {
                // Counted as in flight meanwhile: callers share this write, and nobody changes the state.
                await Task.Delay(minInterval - since);
            }

            _lastStart = System.Diagnostics.Stopwatch.GetTimestamp();
        }

        foreach (var pending in _changes)
        {
            pending();
        }

        _changes.Clear();
        beforeWrite?.Invoke();
        var number = ++_started;
        await state.WriteStateAsync();
        _completed = Math.Max(_completed, number);
        afterWrite?.Invoke();
    }

    /// <summary>Completes when no write is in flight: the moment an interleaved call may change the state.</summary>
    public async Task WhenIdleAsync()
    {
        while (_writing is { } inFlight)
        {
            try
            {
                await inFlight;
            }
            catch
            {
                // The writer reports its own failure; here only the timing matters.
            }
        }
    }
}
