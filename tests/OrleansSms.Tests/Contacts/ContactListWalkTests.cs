using System.Text;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Contacts;

/// <summary>Keyset paging over a large store while it is written: every contact that was there is listed exactly once.</summary>
[Collection(MemorySiloCollection.Name)]
public sealed class ContactListWalkTests(MemorySiloFixture silo)
{
    private const int Contacts = 10_000;
    private readonly HttpClient _client = silo.Client;

    [Fact]
    public async Task A_walk_over_10k_contacts_lists_each_one_once_while_contacts_are_created_and_changed()
    {
        var store = Ids.Store();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "token-abcdefghijklmnop", defaultCountry = "ES" })).ReadJsonAsync();
        var csv = new StringBuilder("contactId,_mobilePhone,_smsSubscriptionStatus,firstName\n");
        var before = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Contacts; i++)
        {
            var id = "k" + Guid.NewGuid().ToString("N")[..12];
            before.Add(id);
            csv.Append(id).Append(",+346").Append((10_000_000 + i).ToString("D8")).Append(i % 2 == 0 ? ",subscribed" : ",none").Append(",Name").Append(i).Append('\n');
        }

        var report = await (await _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        Assert.Equal(Contacts, report.GetProperty("created").GetInt32());
        Assert.Equal(Contacts, (await (await _client.GetAsync($"/api/stores/{store}/contacts/count")).ReadJsonAsync()).GetProperty("count").GetInt64());

        // Writers run through the whole walk: new contacts all over the id range, and changes of
        // existing contacts' phones, statuses and fields.
        var existing = before.ToArray();
        using var stop = new CancellationTokenSource();
        var created = 0;
        var writes = Task.Run(async () =>
        {
            var random = new Random(7);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var (id, body) = n % 2 == 0
                    ? ("k" + Guid.NewGuid().ToString("N")[..12], """{"_mobilePhone":"+34699000001"}""")
                    : (existing[random.Next(existing.Length)], $$$"""{"_mobilePhone":"+346{{{random.Next(10_000_000, 99_999_999)}}}","_mobilePhoneStatus":"paused","fields":{"n":{{{n}}}}}""");
                (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/{id}", body)).EnsureSuccessStatusCode();
                created += n % 2 == 0 ? 1 : 0;
            }
        });

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string? cursor = null;
        string? last = null;
        var pages = 0;
        do
        {
            var page = await (await _client.GetAsync($"/api/stores/{store}/contacts?limit=200" + (cursor is null ? "" : $"&cursor={cursor}"))).ReadJsonAsync();
            pages++;
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                var id = item.GetProperty("contactId").GetString()!;
                Assert.True(last is null || string.CompareOrdinal(last, id) < 0, $"{id} after {last}");
                last = id;
                seen[id] = seen.GetValueOrDefault(id) + 1;
            }

            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        await stop.CancelAsync();
        await writes;

        Assert.True(created > 0, "no contact was created during the walk");
        Assert.True(pages >= Contacts / 200, $"{pages} pages");
        var missing = before.Where(id => !seen.ContainsKey(id)).ToList();
        var twice = seen.Where(s => s.Value != 1).Select(s => s.Key).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} contacts that were there never listed, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.True(twice.Count == 0, $"{twice.Count} contacts listed more than once, e.g. {string.Join(", ", twice.Take(5))}");
    }
}
