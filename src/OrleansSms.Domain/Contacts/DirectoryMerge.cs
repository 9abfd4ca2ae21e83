namespace OrleansSms.Domain.Contacts;

/// <summary>
/// The page of a store's contact list from its partitions' pages. Each partition answers up to
/// <c>limit</c> ids after the cursor, in order; an id is in one partition only. The page is the
/// first <c>limit</c> of all of them, merged; the next cursor is its last id, or none when no
/// partition has more and nothing was left over.
/// </summary>
public static class DirectoryMerge
{
    public static (string[] ContactIds, string? Next) Page(IReadOnlyList<DirectoryPage> pages, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var heads = new PriorityQueue<int, string>(pages.Count, StringComparer.Ordinal);
        var positions = new int[pages.Count];
        var more = false;
        for (var p = 0; p < pages.Count; p++)
        {
            more |= pages[p].More;
            if (pages[p].ContactIds.Length > 0)
            {
                heads.Enqueue(p, pages[p].ContactIds[0]);
            }
        }

        var page = new List<string>(limit);
        while (page.Count < limit && heads.TryDequeue(out var p, out var id))
        {
            page.Add(id);
            var ids = pages[p].ContactIds;
            if (++positions[p] < ids.Length)
            {
                heads.Enqueue(p, ids[positions[p]]);
            }
        }

        // Left over (more than a page between them), or a partition that filled its page may have more.
        var next = page.Count > 0 && (heads.Count > 0 || more) ? page[^1] : null;
        return ([.. page], next);
    }
}
