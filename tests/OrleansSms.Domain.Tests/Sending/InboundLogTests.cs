using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Domain.Tests.Sending;

public class InboundLogTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static InboundRecord Read(string? text, bool stop = false, DateTimeOffset? eventAt = null) =>
        InboundLog.Read(new InboundReport("in-1", "c:a:1", text, stop, eventAt), SubscriptionKeywords.Default, Now);

    // A reply, what it asks for and where the subscription ends from each starting point.
    [Theory]
    [InlineData("STOP", false, KeywordAction.OptOut, SubscriptionStatus.Subscribed, SubscriptionStatus.NotSubscribed)]
    [InlineData("baja", false, KeywordAction.OptOut, SubscriptionStatus.None, SubscriptionStatus.NotSubscribed)]
    [InlineData("Stop.", false, KeywordAction.OptOut, SubscriptionStatus.NotSubscribed, SubscriptionStatus.NotSubscribed)]
    [InlineData("stop please", false, KeywordAction.OptOut, SubscriptionStatus.Subscribed, SubscriptionStatus.NotSubscribed)]
    [InlineData("START", false, KeywordAction.OptIn, SubscriptionStatus.NotSubscribed, SubscriptionStatus.Subscribed)]
    [InlineData("alta", false, KeywordAction.OptIn, SubscriptionStatus.None, SubscriptionStatus.Subscribed)]
    [InlineData("Gracias!", false, KeywordAction.None, SubscriptionStatus.Subscribed, SubscriptionStatus.Subscribed)]
    [InlineData("Gracias!", false, KeywordAction.None, SubscriptionStatus.None, SubscriptionStatus.None)]
    [InlineData(null, true, KeywordAction.OptOut, SubscriptionStatus.Subscribed, SubscriptionStatus.NotSubscribed)]
    [InlineData("Gracias!", true, KeywordAction.OptOut, SubscriptionStatus.Subscribed, SubscriptionStatus.NotSubscribed)]
    [InlineData("START", true, KeywordAction.OptOut, SubscriptionStatus.Subscribed, SubscriptionStatus.NotSubscribed)]
    public void A_reply_and_the_subscription_after_it(string? text, bool stop, KeywordAction action, SubscriptionStatus before, SubscriptionStatus after)
    {
        var record = Read(text, stop);

        Assert.Equal(action, record.Action);
        Assert.Equal(after, InboundLog.SubscriptionAfter(before, record.Action));
        Assert.Equal(stop, record.Stop);
        Assert.Equal(text, record.Text);
    }

    [Fact]
    public void A_reply_keeps_its_keyword_and_the_provider_s_time()
    {
        var at = Now.AddMinutes(-3);

        var record = Read("¡Baja!", eventAt: at);

        Assert.Equal("BAJA", record.Keyword);
        Assert.Equal(at, record.ReceivedAt);
        Assert.Equal("in-1", record.ProviderId);
        Assert.Equal("c:a:1", record.ClientId);
        Assert.False(record.Published);
        Assert.Equal(Now, Read("hola").ReceivedAt);
    }

    [Fact]
    public void A_long_reply_is_cut_to_ten_segments()
    {
        var record = Read("STOP " + new string('x', 5_000));

        Assert.Equal(InboundLog.MaxTextLength, record.Text!.Length);
        Assert.Equal(KeywordAction.OptOut, record.Action);
    }

    [Fact]
    public void The_log_finds_a_repeated_report_and_keeps_the_newest_replies()
    {
        var log = new InboundLog();
        for (var i = 0; i < InboundLog.Capacity + 5; i++)
        {
            log.Add(new InboundRecord { ProviderId = $"in-{i}", ReceivedAt = Now.AddMinutes(i) });
        }

        Assert.Equal(InboundLog.Capacity, log.Records.Count);
        Assert.Null(log.Find("in-4"));
        Assert.NotNull(log.Find("in-5"));
        Assert.Equal($"in-{InboundLog.Capacity + 4}", log.Records[^1].ProviderId);
    }
}
