namespace OrleansSms.Domain.Lists;

/// <summary>
/// The newest <see cref="Capacity"/> items of something that keeps coming (a workflow's runs),
/// newest first by when each began and then by id (both descending), read a page at a time after
/// a <see cref="TimeCursor"/>. An item keeps the time it was first added under, so its place never
/// moves and a walk meets each item once; past the capacity the oldest go.
/// </summary>
public sealed class NewestFirst<T> where T : class
{
    private readonly List<Slot> _sorted = [];
    private readonly Dictionary<string, DateTimeOffset> _times = new(StringComparer.Ordinal);

    public NewestFirst(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count => _sorted.Count;

    /// <summary>Newest first.</summary>
    public IEnumerable<T> Items => _sorted.Select(s => s.Item);

    public T? Find(string id) => _times.TryGetValue(id, out var at) ? _sorted[IndexOf(at, id)].Item : null;

    /// <summary>
    /// Adds <paramref name="item"/>, or replaces the item of that id (which keeps its first
    /// time and so its place). False when it is not kept: new, and older than all of a full list.
    /// </summary>
    public bool Upsert(string id, DateTimeOffset at, T item)
    {
        if (_times.TryGetValue(id, out var known))
        {
            _sorted[IndexOf(known, id)] = new Slot(known, id, item);
            return true;
        }

        var index = ~IndexOf(at, id);
        if (index >= Capacity)
        {
            return false;
        }

        _sorted.Insert(index, new Slot(at, id, item));
        _times[id] = at;
        while (_sorted.Count > Capacity)
        {
            _times.Remove(_sorted[^1].Id);
            _sorted.RemoveAt(_sorted.Count - 1);
        }

        return true;
    }

    public bool Remove(string id)
    {
        if (!_times.Remove(id, out var at))
        {
            return false;
        }

        _sorted.RemoveAt(IndexOf(at, id));
        return true;
    }

    public void Clear()
    {
        _sorted.Clear();
        _times.Clear();
    }

    /// <summary>
    /// Up to <paramref name="limit"/> items that <paramref name="match"/>, older than
    /// <paramref name="after"/> (from the newest when null), and the cursor of the next page: null
    /// when no further item matches.
    /// </summary>
    public (List<T> Items, TimeCursor? Next) Page(TimeCursor? after, int limit, Func<T, bool> match)
    {
        var start = 0;
        if (after is not null)
        {
            var at = IndexOf(after.At, after.Id);
            start = at >= 0 ? at + 1 : ~at;
        }

        var items = new List<T>(Math.Min(limit, _sorted.Count));
        Slot? last = null;
        for (var i = start; i < _sorted.Count; i++)
        {
            if (!match(_sorted[i].Item))
            {
                continue;
            }

            if (items.Count == limit)
            {
                // One more matches beyond the page: there is a next one.
                return (items, new TimeCursor(last!.At, last.Id));
            }

            items.Add(_sorted[i].Item);
            last = _sorted[i];
        }

        return (items, null);
    }

    /// <summary>The index of (at, id) in the newest-first order, or its complement where it would go.</summary>
    private int IndexOf(DateTimeOffset at, string id)
    {
        int low = 0, high = _sorted.Count - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) >> 1);
            var order = Compare(_sorted[mid], at, id);
            if (order == 0)
            {
                return mid;
            }

            if (order < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }

    /// <summary>Negative when <paramref name="slot"/> comes before (at, id): it is newer, or as new with a greater id.</summary>
    private static int Compare(Slot slot, DateTimeOffset at, string id)
    {
        var byTime = at.UtcTicks.CompareTo(slot.At.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(id, slot.Id);
    }

    private sealed record Slot(DateTimeOffset At, string Id, T Item);
}
