using OrleansSms.Domain.Sending;

namespace OrleansSms.Domain.Tests.Sending;

public class NewsletterDeliveryMarksTests
{
    [Fact]
    public void A_position_marked_many_times_counts_once()
    {
        byte[]? marks = null;
        foreach (var position in new[] { 0, 7, 8, 7, 0, 1_000, 1_000, 65_535 })
        {
            marks = NewsletterDeliveryMarks.Mark(marks, position);
        }

        Assert.Equal(5, NewsletterDeliveryMarks.Count(marks));
        Assert.True(NewsletterDeliveryMarks.IsMarked(marks, 1_000));
        Assert.False(NewsletterDeliveryMarks.IsMarked(marks, 999));
        Assert.False(NewsletterDeliveryMarks.IsMarked(marks, 10_000_000));
        Assert.Equal(0, NewsletterDeliveryMarks.Count(null));
        Assert.False(NewsletterDeliveryMarks.IsMarked(null, 0));
    }

    [Fact]
    public void Every_position_of_a_walk_marked_in_any_order_counts_the_walk()
    {
        var positions = Enumerable.Range(0, 5_000).ToArray();
        new Random(42).Shuffle(positions);
        byte[]? marks = null;
        foreach (var position in positions)
        {
            marks = NewsletterDeliveryMarks.Mark(marks, position);
        }

        Assert.Equal(5_000, NewsletterDeliveryMarks.Count(marks));
        Assert.InRange(marks!.Length, 625, 1_000);
    }

    [Fact]
    public void A_negative_position_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NewsletterDeliveryMarks.Mark(null, -1));
}
