using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contents;
using OrleansSms.Domain.Sending;
using OrleansSms.Grains;
using OrleansSms.Grains.Contacts;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Sending;

/// <summary>
/// Instasent's acceptance of a message is held in memory for Durability:AcceptedWriteDelay (1 s
/// in this fixture) to share the delivery report's write; with no report coming it is written on
/// its own. The pending record itself was durable before Instasent was called.
/// </summary>
[Collection(QuietSendingSiloCollection.Name)]
public sealed class AcceptedWriteTests(QuietSendingSiloFixture silo)
{
    [Fact]
    public async Task Without_a_delivery_report_the_acceptance_still_reaches_storage()
    {
        var store = await silo.StoreAsync();
        var contact = await silo.ContactAsync(store, TestPhones.Next());
        var sent = await (await silo.Client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms",
            new { text = "Stored once accepted", senderName = "MyShop" })).ReadJsonAsync();
        Assert.Equal("sent", sent.GetProperty("status").GetString());

        var storage = silo.Factory.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Sms);
        var id = GrainId.Create("contact", ContactKeys.Format(store, contact));
        var stored = await SendingSiloFixture.EventuallyAsync(async () =>
            {
                var state = new GrainState<ContactState>(new ContactState());
                await storage.ReadStateAsync("contact", id, state);
                return Assert.Single(state.State!.Messages.Records);
            },
            record => record.Status == MessageStatus.Accepted, "the acceptance in storage");

        Assert.Equal(sent.GetProperty("clientId").GetString(), stored.ClientId);
        Assert.NotNull(stored.ProviderId);
        Assert.Null(stored.Text); // the provider has it: the text is not kept
    }
}
