using OrleansSms.Domain.Lists;

namespace OrleansSms.Domain.Tests.Lists;

public class NewestFirstTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Items_come_newest_first_and_by_id_descending_within_one_instant()
    {
        var list = new NewestFirst<string>(10);
        list.Upsert("a", T0, "a");
        list.Upsert("c", T0.AddSeconds(2), "c");
        list.Upsert("b", T0.AddSeconds(1), "b");
        list.Upsert("b2", T0.AddSeconds(1), "b2");

        Assert.Equal(["c", "b2", "b", "a"], list.Items);
    }

    [Fact]
    public void An_item_given_again_keeps_its_place_and_takes_the_new_value()
    {
        var list = new NewestFirst<string>(10);
        list.Upsert("a", T0, "a running");
        list.Upsert("b", T0.AddSeconds(1), "b");

        Assert.True(list.Upsert("a", T0.AddSeconds(5), "a completed"));

        Assert.Equal(["b", "a completed"], list.Items);
        Assert.Equal("a completed", list.Find("a"));
    }

    [Fact]
    public void Past_its_capacity_the_oldest_go_and_an_older_newcomer_is_not_kept()
    {
        var list = new NewestFirst<string>(3);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(list.Upsert($"r{i}", T0.AddSeconds(i), $"r{i}"));
        }

        Assert.Equal(["r4", "r3", "r2"], list.Items);
        Assert.False(list.Upsert("old", T0.AddSeconds(-1), "old"));
        Assert.Null(list.Find("r0"));
        Assert.Equal(3, list.Count);
    }

    [Fact]
    public void A_walk_by_pages_meets_each_matching_item_once_newest_first()
    {
        var list = new NewestFirst<string>(100);
        for (var i = 0; i < 30; i++)
        {
            // Pairs share an instant: the id orders them.
            list.Upsert($"r{i:D2}", T0.AddSeconds(i / 2), $"r{i:D2}");
        }

        var odd = Walk(list, 4, item => int.Parse(item[1..]) % 2 == 1, out var pages);

        Assert.Equal(Enumerable.Range(0, 30).Where(i => i % 2 == 1).Reverse().Select(i => $"r{i:D2}"), odd);
        Assert.Equal(4, pages);
        Assert.Equal(list.Items, Walk(list, 7, _ => true, out _));
    }

    [Fact]
    public void A_page_that_ends_the_list_has_no_next_cursor()
    {
        var list = new NewestFirst<string>(10);
        list.Upsert("a", T0, "a");
        list.Upsert("b", T0.AddSeconds(1), "b");

        var (items, next) = list.Page(null, 2, _ => true);

        Assert.Equal(["b", "a"], items);
        Assert.Null(next);
        Assert.Empty(list.Page(null, 5, _ => false).Items);
    }

    [Fact]
    public void Removed_items_are_skipped_and_a_cursor_at_a_removed_item_still_places_the_walk()
    {
        var list = new NewestFirst<string>(10);
        for (var i = 0; i < 5; i++)
        {
            list.Upsert($"r{i}", T0.AddSeconds(i), $"r{i}");
        }

        var (first, next) = list.Page(null, 2, _ => true);
        Assert.Equal(["r4", "r3"], first);
        Assert.True(list.Remove("r3"));
        Assert.False(list.Remove("r3"));

        Assert.Equal(["r2", "r1", "r0"], list.Page(next, 10, _ => true).Items);
    }

    private static List<string> Walk(NewestFirst<string> list, int limit, Func<string, bool> match, out int pages)
    {
        var seen = new List<string>();
        TimeCursor? cursor = null;
        pages = 0;
        do
        {
            var (items, next) = list.Page(cursor is null ? null : TimeCursor.TryParse(cursor.ToToken(), out var read) ? read : null, limit, match);
            seen.AddRange(items);
            pages++;
            cursor = next;
        }
        while (cursor is not null);

        return seen;
    }
}
