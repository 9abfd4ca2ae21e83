using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Contents;
using OrleansSms.Abstractions.Newsletters;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Workflows;

/// <summary>
/// Cancelling a one-contact run that waits, on the test cluster's fake clock: the clock is moved
/// past the wait and the run's reminder is delivered by hand, as Orleans would deliver it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RunCancelTests(ClusterFixture cluster)
{
    private const string Definition = """
        {"name":"Later","trigger":{"type":"manual"},"start":"pause","nodes":[
          {"id":"pause","type":"wait","duration":"PT1H","next":"send"},
          {"id":"send","type":"sendSms","smsId":"hi","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop","next":null}]}
        """;

    private IReminderTable Reminders =>
        ((InProcessSiloHandle)cluster.Cluster.Primary!).SiloHost.Services.GetRequiredService<IReminderTable>();

    private async Task<string> ContactAsync(string store)
    {
        var contact = Ids.Contact();
        await cluster.Grains.GetContact(store, contact).UpdateAsync(new ContactUpdate
        {
            SetsMobilePhone = true,
            MobilePhone = TestPhones.Next(),
            SmsSubscriptionStatus = Domain.Contacts.SubscriptionStatus.Subscribed,
        });
        return contact;
    }

    [Fact]
    public async Task A_cancelled_waiting_run_loses_its_reminder_and_sends_nothing_once_its_wait_is_over()
    {
        var store = Ids.Store();
        await cluster.Grains.GetGrain<IStoreChannelGrain>(store).ConfigureAsync(new StoreChannelSettings { ApiToken = "token-" + store });
        await cluster.Grains.GetSmsContent(store, "hi").SaveAsync("Hi", "Hola");
        var workflow = cluster.Grains.GetWorkflow(store, "later");
        var saved = await workflow.SaveAsync(Definition);
        Assert.True(saved.Saved is not null, string.Join("; ", saved.Problems.Select(p => $"{p.Path}: {p.Message}")));

        // Two runs wait: one is cancelled, the other shows what the end of the wait does.
        var (cancelledContact, keptContact) = (await ContactAsync(store), await ContactAsync(store));
        await workflow.StartRunAsync(cancelledContact, "cancelled");
        await workflow.StartRunAsync(keptContact, "kept");
        var (cancelled, kept) = (cluster.Grains.GetWorkflowRun(store, "later", "cancelled"), cluster.Grains.GetWorkflowRun(store, "later", "kept"));
        foreach (var run in new[] { cancelled, kept })
        {
            await SendingSiloFixture.EventuallyAsync(run.GetAsync, v => v?.Status == RunStatus.Waiting, "the run to wait");
            Assert.NotNull(await Reminders.ReadRow(run.GetGrainId(), "resume"));
        }

        var answer = (await workflow.CancelRunAsync("cancelled")).Run;
        Assert.NotNull(answer);
        Assert.Equal(RunStatus.Cancelled, answer.Status);
        Assert.Equal(ClusterFixture.Time.GetUtcNow(), answer.CancelledAt);
        Assert.Null(answer.WaitingUntil);
        Assert.Null(answer.CompletedAt);
        Assert.Null(await Reminders.ReadRow(cancelled.GetGrainId(), "resume"));

        // Idempotent: the same answer, nothing changed.
        var again = (await workflow.CancelRunAsync("cancelled")).Run!;
        Assert.Equal((answer.Status, answer.CancelledAt, answer.Steps), (again.Status, again.CancelledAt, again.Steps));

        // The wait ends, and each run's reminder comes (a cancelled run's may still be on its way).
        ClusterFixture.Time.Advance(TimeSpan.FromHours(2));
        await kept.AsReference<IRemindable>().ReceiveReminder("resume", default);
        await cancelled.AsReference<IRemindable>().ReceiveReminder("resume", default);
        await cancelled.ContinueAsync();

        var keptView = await SendingSiloFixture.EventuallyAsync(kept.GetAsync, v => v?.Status == RunStatus.Completed, "the kept run to complete");
        Assert.Equal([StepOutcome.Waiting, StepOutcome.Sent], keptView!.Path.Select(s => s.Outcome));
        Assert.Single(await cluster.Grains.GetContact(store, keptContact).GetSmsHistoryAsync());

        var cancelledView = await cancelled.GetAsync();
        Assert.Equal(RunStatus.Cancelled, cancelledView!.Status);
        Assert.Equal([StepOutcome.Waiting], cancelledView.Path.Select(s => s.Outcome));
        Assert.Empty(await cluster.Grains.GetContact(store, cancelledContact).GetSmsHistoryAsync());
        Assert.Null(await Reminders.ReadRow(cancelled.GetGrainId(), "resume"));

        // The run ledger holds neither.
        for (var partition = 0; partition < RunLedger.Partitions; partition++)
        {
            Assert.Equal(0, await cluster.Grains.GetRunLedger(store, partition).CountAsync());
        }
    }

    [Fact]
    public async Task The_contacts_a_newsletter_handed_to_a_Wait_send_nothing_once_the_newsletter_is_cancelled()
    {
        var store = Ids.Store();
        await cluster.Grains.GetGrain<IStoreChannelGrain>(store).ConfigureAsync(new StoreChannelSettings { ApiToken = "token-" + store });
        await cluster.Grains.GetSmsContent(store, "hi").SaveAsync("Hi", "Hola");
        var contacts = new[] { await ContactAsync(store), await ContactAsync(store) };
        var workflow = cluster.Grains.GetWorkflow(store, "drip");
        var saved = await workflow.SaveAsync(Definition.Replace("""{"type":"manual"}""", """{"type":"newsletter"}""").Replace("transactional", "newsletter"));
        Assert.True(saved.Saved is not null, string.Join("; ", saved.Problems.Select(p => $"{p.Path}: {p.Message}")));

        // The walk is over once both contacts wait in runs of their own; the newsletter can still be cancelled.
        await workflow.StartRunAsync(contactId: null, runId: "drip-1");
        var walked = await SendingSiloFixture.EventuallyAsync(() => workflow.GetRunAsync("drip-1"),
            f => f.Newsletter?.Status == NewsletterStatus.Completed, "the walk to end");
        Assert.Equal(2, walked.Newsletter!.Counters.Waiting);
        var children = contacts.Select(c => cluster.Grains.GetWorkflowRun(store, "drip", $"drip-1.{c}")).ToArray();
        foreach (var child in children)
        {
            await SendingSiloFixture.EventuallyAsync(child.GetAsync, v => v?.Status == RunStatus.Waiting, "the contact to wait");
        }

        var cancelled = (await workflow.CancelRunAsync("drip-1")).Newsletter!;
        Assert.Equal(NewsletterStatus.Cancelled, cancelled.Status);
        Assert.Equal(ClusterFixture.Time.GetUtcNow(), cancelled.CancelledAt);

        ClusterFixture.Time.Advance(TimeSpan.FromHours(2));
        for (var i = 0; i < children.Length; i++)
        {
            await children[i].AsReference<IRemindable>().ReceiveReminder("resume", default);
            var view = await children[i].GetAsync();
            Assert.Equal(RunStatus.Cancelled, view!.Status);
            Assert.Equal([StepOutcome.Waiting], view.Path.Select(s => s.Outcome));
            Assert.Empty(await cluster.Grains.GetContact(store, contacts[i]).GetSmsHistoryAsync());
            Assert.Null(await Reminders.ReadRow(children[i].GetGrainId(), "resume"));
        }
    }

    [Fact]
    public async Task A_run_that_does_not_exist_is_none_and_a_completed_one_stays_completed()
    {
        var store = Ids.Store();
        var workflow = cluster.Grains.GetWorkflow(store, "mark");
        var saved = await workflow.SaveAsync("""
            {"name":"Mark","trigger":{"type":"manual"},"start":"u","nodes":[{"id":"u","type":"updateContact","set":{"city":"Madrid"},"next":null}]}
            """);
        Assert.NotNull(saved.Saved);

        var none = await workflow.CancelRunAsync("no-such-run");
        Assert.Null(none.Run);
        Assert.Null(none.Newsletter);

        await workflow.StartRunAsync(Ids.Contact(), "done");
        var run = cluster.Grains.GetWorkflowRun(store, "mark", "done");
        await SendingSiloFixture.EventuallyAsync(run.GetAsync, v => v?.Status == RunStatus.Completed, "the run to complete");
        var over = (await workflow.CancelRunAsync("done")).Run!;
        Assert.Equal(RunStatus.Completed, over.Status);
        Assert.Null(over.CancelledAt);
        Assert.Equal(RunStatus.Completed, (await run.GetAsync())!.Status);
    }
}
