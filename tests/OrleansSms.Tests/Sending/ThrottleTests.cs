using System.Net.Http.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Sending;

[Collection(SendingSiloCollection.Name)]
public sealed class ThrottleTests(SendingSiloFixture silo)
{
    [Fact]
    public async Task Concurrent_sends_of_a_store_are_paced_at_its_rate_within_ten_percent()
    {
        const int rate = 20;
        const int messages = 60;
        var store = await silo.StoreAsync(throttlePerSecond: rate);
        var phones = Enumerable.Range(0, messages).Select(_ => TestPhones.Next()).ToArray();
        var contacts = new string[messages];
        for (var i = 0; i < messages; i++)
        {
            contacts[i] = await silo.ContactAsync(store, phones[i]);
        }

        var results = await Task.WhenAll(contacts.Select(contact =>
            silo.Client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text = "Paced", senderName = "MyShop" })));
        foreach (var result in results)
        {
            Assert.Equal("sent", (await result.ReadJsonAsync()).GetProperty("status").GetString());
        }

        var received = new List<DateTimeOffset>();
        foreach (var phone in phones)
        {
            received.Add(Assert.Single(await silo.SimulatorMessagesAsync(phone)).GetProperty("receivedAt").GetDateTimeOffset());
        }

        // Batches of rate/20 = 1 go out every 1/rate s: the first at t0, the last at (messages - 1) / rate.
        received.Sort();
        var span = (received[^1] - received[0]).TotalSeconds;
        var expected = (messages - rate / 20) / (double)rate;
        // The throttle's guarantee: never faster than the rate. How much slower a busy machine
        // makes it is not asserted (the load tool measures throughput, docs/benchmarks.md).
        Assert.True(span >= expected * 0.9, $"{messages} messages went out in {span:F2} s, faster than {rate}/s allows ({expected:F2} s)");
    }
}
