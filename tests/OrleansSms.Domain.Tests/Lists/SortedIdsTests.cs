using OrleansSms.Domain.Lists;

namespace OrleansSms.Domain.Tests.Lists;

public class SortedIdsTests
{
    [Fact]
    public void Ids_are_kept_once_in_ordinal_order()
    {
        var ids = new SortedIds(["b", "a", "B", "b", "a-1"]);

        Assert.Equal(["B", "a", "a-1", "b"], ids.Ids);
        Assert.False(ids.Add("a"));
        Assert.True(ids.Add("Z"));
        Assert.True(ids.Remove("a"));
        Assert.False(ids.Remove("a"));
        Assert.Equal(["B", "Z", "a-1", "b"], ids.Ids);
    }

    [Fact]
    public void A_walk_by_pages_meets_every_id_once_in_order()
    {
        var all = Enumerable.Range(0, 23).Select(i => $"id-{i:D2}").Reverse().ToArray();
        var ids = new SortedIds(all);
        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var (page, more) = ids.After(after, 5);
            seen.AddRange(page);
            pages++;
            if (!more)
            {
                break;
            }

            after = page[^1];
        }

        Assert.Equal(all.Order(StringComparer.Ordinal), seen);
        Assert.Equal(5, pages);
    }

    [Fact]
    public void A_page_starts_after_a_cursor_that_is_no_longer_in_the_set()
    {
        var ids = new SortedIds(["a", "c", "e"]);

        Assert.Equal("c e .", Show(ids.After("b", 10)));
        Assert.Equal("e .", Show(ids.After("c", 10)));
        Assert.Equal(".", Show(ids.After("z", 10)));
        Assert.Equal("a more", Show(ids.After(null, 1)));
    }

    private static string Show((string[] Ids, bool More) page) => string.Join(' ', [.. page.Ids, page.More ? "more" : "."]);
}
