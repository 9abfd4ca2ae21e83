using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Storage;

namespace OrleansSms.Silo.Storage;

/// <summary>
/// Grain storage for <c>Storage:Provider=memory</c>: every state kept serialised, with an ETag,
/// in a dictionary of this silo, so a write is a serialisation and a dictionary swap.
/// <para>
/// Orleans' <c>MemoryGrainStorage</c> emulates remote storage instead: each read and write is a
/// grain call to one of its storage grains (a message, a queue, a deep copy on both sides). Those
/// hops were half the CPU of a CSV import on memory storage and their garbage most of its GC.
/// This one behaves like a database where it matters to the grains: states round-trip through the
/// same binary serializer as the ADO.NET providers (a grain never shares an object with the store),
/// and a write with a stale ETag fails with <see cref="InconsistentStateException"/>. Like any
/// memory storage it is lost with the process and not shared between silos: for tests, the
/// benchmarks and a throwaway single silo.
/// </para>
/// </summary>
public sealed class InMemoryGrainStorage(IGrainStorageSerializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), Stored> _states = new();
    private long _lastETag;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _states.TryGetValue((stateName, grainId), out var stored);
        grainState.State = stored?.Data is { } data ? serializer.Deserialize<T>(data) : Activator.CreateInstance<T>();
        grainState.ETag = stored?.ETag;
        grainState.RecordExists = stored?.Data is not null;

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = serializer.Serialize(grainState.State);
        var written = new Stored(data, NextETag());
        Swap((stateName, grainId), grainState.ETag, written);
        grainState.ETag = written.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Like the ADO.NET providers, keeps a cleared record's ETag: a stale writer still conflicts,
    /// and a grain tells a cleared record from none (an erased contact).
    /// </summary>
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var cleared = new Stored(Data: null, NextETag());
        Swap((stateName, grainId), grainState.ETag, cleared);
        grainState.ETag = cleared.ETag;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>Replaces the stored state if its ETag is still <paramref name="expected"/>.</summary>
    private void Swap((string, GrainId) key, string? expected, Stored replacement)
    {
        while (true)
        {
            if (!_states.TryGetValue(key, out var current))
            {
                if (expected is not null)
                {
                    throw Conflict(key, stored: null, expected);
                }

                if (_states.TryAdd(key, replacement))
                {
                    return;
                }

                continue;
            }

            if (!string.Equals(current.ETag, expected, StringComparison.Ordinal))
            {
                throw Conflict(key, current.ETag, expected);
            }

            if (_states.TryUpdate(key, replacement, current))
            {
                return;
            }
        }
    }

    private string NextETag() => Interlocked.Increment(ref _lastETag).ToString(CultureInfo.InvariantCulture);

    private static InconsistentStateException Conflict((string StateName, GrainId GrainId) key, string? stored, string? expected) =>
        new($"State '{key.StateName}' of {key.GrainId} was written by someone else (stored ETag {stored ?? "none"}, the grain's {expected ?? "none"}).",
            stored ?? "", expected ?? "");

    /// <summary>A state as stored; no data once cleared.</summary>
    private sealed record Stored(BinaryData? Data, string ETag);
}
