using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Reports;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Reports;
using OrleansSms.Domain.Sending;
using OrleansSms.Grains;
using OrleansSms.Grains.Contacts;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Reports;

/// <summary>
/// Counting is exactly once with the contact's own steps when a crash loses a write: the
/// contact's stored state is put back as a crash would have left it, and the contact goes on
/// from there (test cluster, memory storage).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SmsCountRecoveryTests(ClusterFixture cluster)
{
    private IServiceProvider Services => ((InProcessSiloHandle)cluster.Cluster.Primary!).SiloHost.Services;

    private IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Sms);

    private async Task<GrainState<ContactState>> StoredAsync(string store, string contact)
    {
        var state = new GrainState<ContactState>(new ContactState());
        await Storage.ReadStateAsync("contact", GrainId.Create("contact", ContactKeys.Format(store, contact)), state);
        return state;
    }

    /// <summary>Puts <paramref name="state"/> back in storage over whatever is there now.</summary>
    private async Task RestoreAsync(string store, string contact, ContactState state)
    {
        var current = await StoredAsync(store, contact);
        await Storage.WriteStateAsync("contact", GrainId.Create("contact", ContactKeys.Format(store, contact)), new GrainState<ContactState>(state, current.ETag));
    }

    private async Task<SmsCounts> TodayAsync(string store) =>
        (await cluster.Grains.GetSmsCounters(store, ClusterFixture.Time.GetUtcNow()).GetHoursAsync(null, null)).Aggregate(SmsCounts.Zero, (sum, h) => sum.Add(h));

    private async Task<(string Store, string Contact, IContactGrain Grain)> ContactAsync()
    {
        var (store, contact) = (Ids.Store(), Ids.Contact());
        await cluster.Grains.GetGrain<IStoreChannelGrain>(store).ConfigureAsync(new StoreChannelSettings { ApiToken = "token-" + store });
        var grain = cluster.Grains.GetContact(store, contact);
        await grain.UpdateAsync(new ContactUpdate { SetsMobilePhone = true, MobilePhone = TestPhones.Next(), SmsSubscriptionStatus = SubscriptionStatus.Subscribed });
        return (store, contact, grain);
    }

    [Fact]
    public async Task A_step_taken_again_after_a_crash_lost_the_contact_s_write_counts_once()
    {
        var (store, contact, grain) = await ContactAsync();
        var command = new SendSmsCommand { IdempotencyKey = "order-1", Text = "Su pedido", SenderName = "MyShop" };
        var sent = await grain.SendSmsAsync(command);
        Assert.Equal(SendStatus.Sent, sent.Status);
        Assert.Equal(1, (await TodayAsync(store)).Sent);

        // What a crash now would leave: the message pending as written before Instasent was
        // called (its acceptance, and the note that it was counted, only in memory).
        var crashed = (await StoredAsync(store, contact)).State!;
        Assert.Equal(MessageStatus.Pending, Assert.Single(crashed.Messages.Records).Status);
        Assert.Equal(SmsTransitions.Tracked, crashed.Messages.Records[0].Counted);
        await ContactActivations.CollectIdleAsync(Services);
        await RestoreAsync(store, contact, crashed);

        // The retried request resends it; Instasent answers "already have it", which is the same
        // acceptance, counted again by the contact and recognised by the counters.
        var again = await grain.SendSmsAsync(command);
        Assert.True(again.Replayed);
        Assert.Equal(MessageStatus.Accepted, (await grain.GetSmsHistoryAsync())[0].State);
        Assert.Equal(1, (await TodayAsync(store)).Sent);

        // Its report, told twice, counts once too.
        var report = new Abstractions.Callbacks.DeliveryReport(sent.ProviderId!, sent.ClientId!, "delivered", 0, null);
        await grain.ApplyDeliveryReportAsync(1, report);
        await grain.ApplyDeliveryReportAsync(1, report);
        var counts = await TodayAsync(store);
        Assert.Equal((1, 1), (counts.Sent, counts.Delivered));
    }

    [Fact]
    public async Task A_step_recorded_but_never_counted_is_counted_when_its_contact_wakes()
    {
        var (store, contact, grain) = await ContactAsync();
        var sent = await grain.SendSmsAsync(new SendSmsCommand { IdempotencyKey = "order-2", Text = "Su pedido", SenderName = "MyShop" });
        await grain.ApplyDeliveryReportAsync(1, new Abstractions.Callbacks.DeliveryReport(sent.ProviderId!, sent.ClientId!, "failed", 2, null));
        await ContactActivations.CollectIdleAsync(Services);

        // As if the counters had never heard of it (they were away): delivered and stored, its
        // steps still due; the counters of another store show what this contact does with it.
        var stored = (await StoredAsync(store, contact)).State!;
        var record = Assert.Single(stored.Messages.Records);
        Assert.Equal(MessageStatus.Failed, record.Status);
        record.Counted = SmsTransitions.Tracked;
        var other = Ids.Store();
        var moved = cluster.Grains.GetContact(other, contact);
        await cluster.Grains.GetGrain<IStoreChannelGrain>(other).ConfigureAsync(new StoreChannelSettings { ApiToken = "token-" + other });
        var storage = Storage;
        await storage.WriteStateAsync("contact", GrainId.Create("contact", ContactKeys.Format(other, contact)), new GrainState<ContactState>(stored));
        Assert.True((await TodayAsync(other)).IsZero);

        // Woken by anything (here a read), it tells the counters what it owes, shortly after.
        Assert.NotNull(await moved.GetAsync());
        ClusterFixture.Time.Advance(TimeSpan.FromSeconds(2));
        var counts = await SendingSiloFixture.EventuallyAsync(() => TodayAsync(other), c => !c.IsZero, "the contact to count its message");
        Assert.Equal((1, 1, 0), (counts.Sent, counts.Undelivered, counts.Delivered));

        // The note that it counted goes with the contact's next write, just after the counters answered.
        await SendingSiloFixture.EventuallyAsync(
            async () => SmsCounting.Due((await StoredAsync(other, contact)).State!.Messages.Records[0]),
            due => due == Domain.Reports.SmsTransitions.None, "the contact to note in storage that it counted");
    }
}
