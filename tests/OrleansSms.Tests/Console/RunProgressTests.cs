using OrleansSms.Abstractions.Newsletters;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Silo.Console;
using OrleansSms.Silo.Workflows;

namespace OrleansSms.Tests.Console;

/// <summary>What the run page shows of a newsletter's answer, and when it stops reading it.</summary>
public sealed class RunProgressTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static NewsletterRunResponse Run(
        NewsletterStatus status = NewsletterStatus.Running, long contacts = 40, long sent = 25, long delivered = 20, long undelivered = 2,
        long queued = 0, DateTimeOffset? completedAt = null, DateTimeOffset? cancelledAt = null) =>
        NewsletterRunResponse.From(new NewsletterView
        {
            RunId = "r1",
            WorkflowId = "weekly",
            Version = 3,
            Status = status,
            Counters = new NewsletterCounters
            {
                Contacts = contacts, Sent = sent, Failed = 1, Bounced = 4, Paused = 3, NotSubscribed = 5, NoPhone = 2, Queued = queued, TooLong = 0,
            },
            Shards = 64,
            ShardsDone = 10,
            StartedAt = Now.AddMinutes(-5),
            CompletedAt = completedAt,
            CancelledAt = cancelledAt,
            Delivered = delivered,
            Undelivered = undelivered,
        });

    [Fact]
    public void Every_counter_of_the_answer_shows_with_its_value_and_words_and_nothing_else()
    {
        var counters = RunProgress.CountersOf(Run());

        Assert.Equal(["contacts", "sent", "delivered", "undelivered", "failed", "queued", "waiting"], counters.Select(c => c.Name));
        Assert.Equal(new RunCounter("contacts", "Contacts", 40), counters[0]);
        Assert.Equal(new RunCounter("delivered", "Delivered", 20), counters[2]);
        Assert.Equal(1, counters.Single(c => c.Name == "failed").Value);
    }

    [Fact]
    public void Skips_show_one_per_reason_the_API_names()
    {
        var skipped = RunProgress.SkippedOf(Run());

        Assert.Equal(["bounced", "paused", "notSubscribed", "noPhone", "filteredOut", "tooLong", "deleted"], skipped.Select(c => c.Name));
        Assert.Equal(new RunCounter("notSubscribed", "Not subscribed", 5), skipped[2]);
        Assert.Equal("No phone", skipped[3].Label);
    }

    [Theory]
    [InlineData("frequencyCapped", "Frequency capped")]
    [InlineData("held", "Held")]
    [InlineData("contactErased", "Contact erased")]
    public void A_name_reads_as_words(string name, string words) => Assert.Equal(words, RunProgress.Words(name));

    [Fact]
    public void Progress_is_the_contacts_done_of_the_audience_and_full_once_completed()
    {
        Assert.Equal(40, RunProgress.PercentOf(Run(contacts: 40), audience: 100));
        Assert.Equal(33.3, RunProgress.PercentOf(Run(contacts: 1), audience: 3));
        // More walked than counted when the page opened (contacts imported since): never past 100.
        Assert.Equal(100, RunProgress.PercentOf(Run(contacts: 120), audience: 100));
        Assert.Null(RunProgress.PercentOf(Run(contacts: 0), audience: 0));
        Assert.Equal(100, RunProgress.PercentOf(Run(NewsletterStatus.Completed, contacts: 90, completedAt: Now), audience: 100));
        Assert.Equal(0, RunProgress.PercentOf(Run(NewsletterStatus.Scheduled, contacts: 0), audience: 100));
    }

    [Fact]
    public void A_running_or_scheduled_newsletter_is_live()
    {
        Assert.True(RunProgress.IsLive(Run(NewsletterStatus.Running), Now));
        Assert.True(RunProgress.IsLive(Run(NewsletterStatus.Scheduled, contacts: 0, sent: 0, delivered: 0, undelivered: 0), Now));
    }

    [Fact]
    public void An_ended_newsletter_stays_live_until_every_message_has_its_report_or_the_window_is_over()
    {
        // Completed a minute ago, 3 of its 25 messages not reported yet.
        Assert.True(RunProgress.IsLive(Run(NewsletterStatus.Completed, completedAt: Now.AddMinutes(-1)), Now));
        // All reported: over.
        Assert.False(RunProgress.IsLive(Run(NewsletterStatus.Completed, delivered: 23, undelivered: 2, completedAt: Now.AddMinutes(-1)), Now));
        // Queued messages are resent later and reported too.
        Assert.True(RunProgress.IsLive(Run(NewsletterStatus.Completed, delivered: 23, undelivered: 2, queued: 4, completedAt: Now.AddMinutes(-1)), Now));
        // Reports that never come stop holding the page past the window.
        Assert.False(RunProgress.IsLive(Run(NewsletterStatus.Completed, completedAt: Now - RunProgress.ReportsWindow), Now));
        Assert.True(RunProgress.IsLive(Run(NewsletterStatus.Cancelled, cancelledAt: Now.AddSeconds(-5)), Now));
    }

    [Theory]
    [InlineData(RunStatus.Running, true)]
    [InlineData(RunStatus.Waiting, true)]
    [InlineData(RunStatus.Completed, false)]
    [InlineData(RunStatus.Failed, false)]
    [InlineData(RunStatus.Cancelled, false)]
    public void A_one_contact_run_is_live_until_it_is_over(RunStatus status, bool live) =>
        Assert.Equal(live, RunProgress.IsLive(new RunView { RunId = "e1", WorkflowId = "w", ContactId = "c", Status = status }));
}
