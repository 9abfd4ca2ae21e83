using System.Net.Http.Json;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Reports;

/// <summary>Reading a store's SMS report, and what a contact's history says it should hold.</summary>
internal static class SmsReports
{
    /// <summary>The report's query for the hours around now (tests send in real time).</summary>
    public static string AroundNow(string granularity = "hour", string extra = "")
    {
        var now = DateTimeOffset.UtcNow;
        return $"from={Uri.EscapeDataString(now.AddHours(-2).ToString("O"))}&to={Uri.EscapeDataString(now.AddHours(2).ToString("O"))}&granularity={granularity}{extra}";
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string store, string query) =>
        await (await client.GetAsync($"/api/stores/{store}/reports/sms?{query}")).ReadJsonAsync();

    public static Task<JsonElement> TotalsAsync(HttpClient client, string store, string extra = "") =>
        GetAsync(client, store, AroundNow(extra: extra)).ContinueWith(t => t.Result.GetProperty("totals"), TaskScheduler.Default);

    /// <summary>Polls the report's totals until <paramref name="done"/> holds.</summary>
    public static Task<JsonElement> EventuallyAsync(HttpClient client, string store, Func<JsonElement, bool> done, string what, string extra = "", int seconds = 30) =>
        SendingSiloFixture.EventuallyAsync(() => TotalsAsync(client, store, extra), done, what, seconds);

    public static long N(this JsonElement counts, string name) => counts.GetProperty(name).GetInt64();

    public static long Skipped(this JsonElement counts, string reason) => counts.GetProperty("skipped").GetProperty(reason).GetInt64();

    /// <summary>The sums a report should show for these histories (outbound entries by state, replies).</summary>
    public sealed record HistorySums(long Sent, long Delivered, long Undelivered, long Refused, long Segments, long Inbound)
    {
        public static HistorySums Of(IEnumerable<JsonElement> entries)
        {
            long sent = 0, delivered = 0, undelivered = 0, refused = 0, segments = 0, inbound = 0;
            foreach (var entry in entries)
            {
                if (entry.GetProperty("direction").GetString() == "inbound")
                {
                    inbound++;
                    continue;
                }

                switch (entry.GetProperty("state").GetString())
                {
                    case "accepted" or "sent":
                        sent++;
                        segments += entry.GetProperty("segments").GetInt64();
                        break;
                    case "delivered":
                        sent++;
                        delivered++;
                        segments += entry.GetProperty("segments").GetInt64();
                        break;
                    case "failed":
                        sent++;
                        undelivered++;
                        segments += entry.GetProperty("segments").GetInt64();
                        break;
                    case "refused":
                        refused++;
                        break;
                }
            }

            return new(sent, delivered, undelivered, refused, segments, inbound);
        }

        public static HistorySums Of(JsonElement totals) =>
            new(totals.N("sent"), totals.N("delivered"), totals.N("undelivered"), totals.N("refused"), totals.N("segments"), totals.N("inbound"));
    }
}
