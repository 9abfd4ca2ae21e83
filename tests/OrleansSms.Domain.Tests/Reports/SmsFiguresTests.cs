using OrleansSms.Domain.Reports;

namespace OrleansSms.Domain.Tests.Reports;

public class SmsFiguresTests
{
    [Fact]
    public void The_delivery_rate_is_the_delivered_share_of_the_sent_messages()
    {
        var figures = new SmsFigures(Sent: 200, Delivered: 195, Undelivered: 3, OptOuts: 1, Inbound: 4, Segments: 260);

        Assert.Equal(0.975, figures.DeliveryRate);
        Assert.Equal("97.5 %", SmsFigures.FormatRate(figures.DeliveryRate));
        Assert.Equal(2, figures.AwaitingReport);
    }

    [Fact]
    public void Nothing_sent_has_no_rate_rather_than_zero_or_a_division_by_zero()
    {
        var figures = new SmsFigures(Sent: 0, Delivered: 0, Undelivered: 0, OptOuts: 2, Inbound: 5, Segments: 0);

        Assert.Null(figures.DeliveryRate);
        Assert.Equal("—", SmsFigures.FormatRate(figures.DeliveryRate));
        Assert.Equal(0, figures.AwaitingReport);
    }

    [Fact]
    public void The_rate_is_written_with_one_decimal_whatever_the_culture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("es-ES");
        try
        {
            Assert.Equal("66.7 %", SmsFigures.FormatRate(2 / 3.0));
            Assert.Equal("100.0 %", SmsFigures.FormatRate(1));
            Assert.Equal("0.0 %", SmsFigures.FormatRate(0));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void The_sum_of_days_adds_every_figure_and_works_its_rate_out_from_the_sums()
    {
        SmsFigures[] days =
        [
            new(Sent: 10, Delivered: 10, Undelivered: 0, OptOuts: 0, Inbound: 1, Segments: 10),
            SmsFigures.Zero,
            new(Sent: 30, Delivered: 20, Undelivered: 6, OptOuts: 2, Inbound: 3, Segments: 45),
        ];

        var sum = SmsFigures.Sum(days);

        Assert.Equal(new SmsFigures(40, 30, 6, 2, 4, 55), sum);
        // Of the sums (30 / 40), not the mean of the days' rates ((100 % + 66.7 %) / 2).
        Assert.Equal(0.75, sum.DeliveryRate);
        Assert.Equal(4, sum.AwaitingReport);
        Assert.Equal(SmsFigures.Zero, SmsFigures.Sum([]));
    }
}
