using OrleansSms.Abstractions.Callbacks;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Contents;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Sending;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Workflows;

/// <summary>
/// The "SMS Received" node on a test cluster with a fake clock: messages are delivered (or not)
/// by reports carrying chosen times, then a manual run evaluates the condition.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SmsReceivedTests(ClusterFixture cluster)
{
    private static DateTimeOffset Now => ClusterFixture.Time.GetUtcNow();

    private async Task<(string Store, string Contact)> ContactWithMessagesAsync(params (string SmsId, SmsKind Kind, string Report, DateTimeOffset At)[] messages)
    {
        var (store, contact) = (Ids.Store(), Ids.Contact());
        await cluster.Grains.GetGrain<IStoreChannelGrain>(store).ConfigureAsync(new StoreChannelSettings { ApiToken = "token-" + store });
        var grain = cluster.Grains.GetContact(store, contact);
        await grain.UpdateAsync(new ContactUpdate { SetsMobilePhone = true, MobilePhone = TestPhones.Next(), SmsSubscriptionStatus = Domain.Contacts.SubscriptionStatus.Subscribed });
        for (var i = 0; i < messages.Length; i++)
        {
            var (smsId, kind, report, at) = messages[i];
            var sent = await grain.SendSmsAsync(new SendSmsCommand { IdempotencyKey = $"k{i}", Kind = kind, SmsId = smsId, Text = "Hi", SenderName = "MyShop" });
            Assert.Equal(SendStatus.Sent, sent.Status);
            Assert.Equal(ReportOutcome.Applied, await grain.ApplyDeliveryReportAsync(i + 1, new DeliveryReport(sent.ProviderId!, sent.ClientId!, report, 0, at)));
        }

        return (store, contact);
    }

    /// <summary>Saves a manual workflow of one smsReceived node and runs it for the contact; answers yes or no.</summary>
    private async Task<string> EvaluateAsync(string store, string contact, string condition)
    {
        var workflowId = "w" + Guid.NewGuid().ToString("N")[..8];
        var json = $$"""{"name":"check","trigger":{"type":"manual"},"start":"check","nodes":[{"id":"check","type":"smsReceived",{{condition}},"yes":null,"no":null}]}""";
        // The workflow grain validates what it saves: the content the condition names must exist.
        foreach (var smsId in System.Text.RegularExpressions.Regex.Matches(condition, "\"smsId\":\"([^\"]+)\"").Select(m => m.Groups[1].Value))
        {
            await cluster.Grains.GetSmsContent(store, smsId).SaveAsync(smsId, "Hi");
        }

        var saved = await cluster.Grains.GetWorkflow(store, workflowId).SaveAsync(json);
        var workflow = saved.Saved ?? throw new InvalidOperationException(string.Join("; ", saved.Problems.Select(p => $"{p.Path}: {p.Message}")));
        var run = cluster.Grains.GetWorkflowRun(store, workflowId, "r1");
        await run.StartAsync(new RunStart { WorkflowId = workflowId, Version = workflow.Version, ContactId = contact });
        var view = await SendingSiloFixture.EventuallyAsync(run.GetAsync, v => v?.Status == RunStatus.Completed, "the run to complete");
        return Assert.Single(view!.Path).Outcome switch
        {
            StepOutcome.Yes => "yes",
            StepOutcome.No => "no",
            var other => other.ToString(),
        };
    }

    [Fact]
    public async Task Delivered_counts_and_undelivered_does_not()
    {
        var (store, contact) = await ContactWithMessagesAsync(("promo", SmsKind.Newsletter, "failed", Now.AddHours(-1)));
        Assert.Equal("no", await EvaluateAsync(store, contact, """ "smsId":"promo","kind":"any","count":{"op":">=","value":1},"window":{"last":"P1D"} """));

        var (store2, contact2) = await ContactWithMessagesAsync(("promo", SmsKind.Newsletter, "delivered", Now.AddHours(-1)));
        Assert.Equal("yes", await EvaluateAsync(store2, contact2, """ "smsId":"promo","kind":"any","count":{"op":">=","value":1},"window":{"last":"P1D"} """));
    }

    [Theory]
    [InlineData(">=", 2, "yes")]
    [InlineData(">=", 3, "no")]
    [InlineData("=", 2, "yes")]
    [InlineData("=", 1, "no")]
    [InlineData("<=", 2, "yes")]
    [InlineData("<=", 1, "no")]
    [InlineData("<=", 0, "no")]
    public async Task Each_count_operator(string op, int value, string expected)
    {
        var (store, contact) = await ContactWithMessagesAsync(
            ("promo", SmsKind.Newsletter, "delivered", Now.AddMinutes(-30)),
            ("promo", SmsKind.Newsletter, "delivered", Now.AddMinutes(-20)),
            ("promo", SmsKind.Newsletter, "failed", Now.AddMinutes(-10)));
        Assert.Equal(expected, await EvaluateAsync(store, contact, $$""" "smsId":"promo","kind":"any","count":{"op":"{{op}}","value":{{value}}},"window":{"last":"P1D"} """));
    }

    [Theory]
    [InlineData("last", "PT1H", "yes")]        // delivered 40 minutes ago
    [InlineData("last", "PT30M", "no")]
    [InlineData("since", "-50", "yes")]        // minutes from now
    [InlineData("since", "-30", "no")]
    [InlineData("on", "0", "yes")]             // days from the delivery's date
    [InlineData("on", "-1", "no")]
    public async Task Each_window_kind(string kind, string value, string expected)
    {
        var now = ClusterFixture.Time.GetUtcNow();
        var deliveredAt = now.AddMinutes(-40);
        var (store, contact) = await ContactWithMessagesAsync(("promo", SmsKind.Newsletter, "delivered", deliveredAt));
        var window = kind switch
        {
            "last" => $$"""{"last":"{{value}}"}""",
            "since" => $$"""{"since":"{{now.AddMinutes(int.Parse(value)):yyyy-MM-ddTHH:mm:ssZ}}"}""",
            _ => $$"""{"on":"{{deliveredAt.UtcDateTime.AddDays(int.Parse(value)):yyyy-MM-dd}}"}""",
        };
        var condition = $$""" "smsId":"promo","kind":"any","count":{"op":">=","value":1},"window":{{window}} """;
        Assert.Equal(expected, await EvaluateAsync(store, contact, condition));
    }

    [Fact]
    public async Task The_last_window_follows_the_clock()
    {
        var (store, contact) = await ContactWithMessagesAsync(("promo", SmsKind.Transactional, "delivered", ClusterFixture.Time.GetUtcNow().AddMinutes(-5)));
        const string condition = """ "smsId":null,"kind":"any","count":{"op":">=","value":1},"window":{"last":"PT1H"} """;
        Assert.Equal("yes", await EvaluateAsync(store, contact, condition));

        ClusterFixture.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal("no", await EvaluateAsync(store, contact, condition));
    }

    [Theory]
    [InlineData("newsletter", "promo", "yes")]
    [InlineData("transactional", "promo", "no")]
    [InlineData("any", "other", "no")]
    public async Task Kind_and_content_filter_what_counts(string kind, string smsId, string expected)
    {
        var (store, contact) = await ContactWithMessagesAsync(("promo", SmsKind.Newsletter, "delivered", Now.AddMinutes(-5)));
        Assert.Equal(expected, await EvaluateAsync(store, contact, $$""" "smsId":"{{smsId}}","kind":"{{kind}}","count":{"op":">=","value":1},"window":{"since":"2026-01-01"} """));
    }
}
