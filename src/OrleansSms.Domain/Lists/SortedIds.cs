namespace OrleansSms.Domain.Lists;

/// <summary>
/// A set of ids kept in ordinal order, read a page at a time after a cursor: what a store's
/// registries of contents and workflows hold.
/// </summary>
public sealed class SortedIds
{
    private readonly List<string> _ids;

    /// <param name="ids">Ids in any order; repeats are dropped.</param>
    public SortedIds(IEnumerable<string> ids)
    {
        _ids = [.. ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public int Count => _ids.Count;

    /// <summary>The ids in order.</summary>
    public IReadOnlyList<string> Ids => _ids;

    public bool Contains(string id) => _ids.BinarySearch(id, StringComparer.Ordinal) >= 0;

    /// <summary>False when it was there already.</summary>
    public bool Add(string id)
    {
        var at = _ids.BinarySearch(id, StringComparer.Ordinal);
        if (at >= 0)
        {
            return false;
        }

        _ids.Insert(~at, id);
        return true;
    }

    /// <summary>False when it was not there.</summary>
    public bool Remove(string id)
    {
        var at = _ids.BinarySearch(id, StringComparer.Ordinal);
        if (at < 0)
        {
            return false;
        }

        _ids.RemoveAt(at);
        return true;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> ids after <paramref name="after"/> (from the first when null;
    /// <paramref name="after"/> need not be in the set), and whether more follow them.
    /// </summary>
    public (string[] Ids, bool More) After(string? after, int limit)
    {
        var start = 0;
        if (after is not null)
        {
            var at = _ids.BinarySearch(after, StringComparer.Ordinal);
            start = at >= 0 ? at + 1 : ~at;
        }

        var count = Math.Min(limit, _ids.Count - start);
        return (_ids.GetRange(start, count).ToArray(), start + count < _ids.Count);
    }
}
