using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Telemetry;

/// <summary>
/// The silo's telemetry on a running silo: no secret in what it logs, traces or measures;
/// Prometheus at <c>/metrics</c>; readiness; one trace from a storefront event to Instasent.
/// </summary>
[Collection(TelemetrySiloCollection.Name)]
public sealed class TelemetryTests(TelemetrySiloFixture silo)
{
    private static readonly ActivitySource StorefrontSource = new("OrleansSms.Tests.Storefront");

    private readonly HttpClient _client = silo.Client;

    [Fact]
    public async Task No_token_callback_secret_or_api_key_reaches_logs_traces_or_metrics()
    {
        var token = "tok-telemetry-" + Guid.NewGuid().ToString("N");
        var wrongKey = "wrong-key-" + Guid.NewGuid().ToString("N");
        var (store, callbackUrl) = await silo.StoreAsync(token);
        var secret = callbackUrl.Segments[^1];
        var wrongSecret = "W" + Guid.NewGuid().ToString("N") + "AAAAAAAAAA";
        Assert.True(secret.Length >= 20, $"unexpected callback URL {callbackUrl}");

        // SMS through the simulator, whose delivery reports come back on the callback URL.
        var contacts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var contact = await silo.ContactAsync(store, TestPhones.Next());
            var sent = await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text = "Hola", senderName = "MyShop" })).ReadJsonAsync();
            Assert.Equal("sent", sent.GetProperty("status").GetString());
            contacts.Add(contact);
        }

        foreach (var contact in contacts)
        {
            await SendingSiloFixture.EventuallyAsync(() => silo.HistoryAsync(store, contact),
                history => history.Length == 1 && history[0].GetProperty("status").GetString() == "delivered", "the delivery report");
        }

        // A report on a wrong secret, and a call with an unknown key.
        var wrongPath = $"/callbacks/instasent/{store}/{wrongSecret}";
        await (await _client.PostAsJsonAsync(wrongPath, new { id = "x1", clientId = $"{contacts[0]}.1", status = "failed" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        using (var stranger = silo.Factory.CreateClient())
        {
            stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", wrongKey);
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync($"/api/stores/{store}/sms-channel")).StatusCode);
        }

        // The 404's server span ends just after the answer: wait for it.
        var redactedCallback = $"/callbacks/instasent/{store}/{{secret}}";
        await SendingSiloFixture.EventuallyAsync(
            () => Task.FromResult(silo.Capture.Spans.Any(s => s.Tags.GetValueOrDefault("http.response.status_code") == "404" && s.Tags.GetValueOrDefault("url.path") == redactedCallback)),
            found => found, "the wrong-secret callback's server span");
        var scrape = await silo.Factory.CreateClient().GetStringAsync("/metrics");

        // What was captured covers the paths that hold secrets, redacted...
        Assert.Contains(silo.Capture.Logs, line => line.Contains(redactedCallback, StringComparison.Ordinal));
        Assert.Contains(silo.Capture.Logs, line => line.Contains("Authorization=*", StringComparison.Ordinal)); // IHttpClientFactory's header line
        Assert.Contains(silo.Capture.Spans, s => s.Tags.GetValueOrDefault("url.path") == redactedCallback && s.Tags.GetValueOrDefault("http.response.status_code") == "200");
        Assert.Contains(silo.Capture.Spans, s => s.Source == "System.Net.Http" && s.Tags.GetValueOrDefault("url.full")?.Contains("/callbacks/instasent/" + store + "/", StringComparison.Ordinal) == true);
        Assert.Contains("report.outcome=rejected", silo.Capture.MetricTags["orleanssms.delivery_reports"].Keys);
        Assert.Contains("report.outcome=applied", silo.Capture.MetricTags["orleanssms.delivery_reports"].Keys);

        // ...and none of the secrets, anywhere.
        var texts = silo.Capture.AllTexts().Append((Where: "scrape /metrics", Text: scrape)).ToList();
        var forbidden = new Dictionary<string, string>
        {
            ["the Instasent token"] = token,
            ["the callback secret"] = secret,
            ["the wrong callback secret"] = wrongSecret,
            ["the API key"] = SiloFactory.AllStoresKey,
            ["the unknown API key"] = wrongKey,
        };
        var leaks = new StringBuilder();
        foreach (var (what, value) in forbidden)
        {
            foreach (var (where, text) in texts.Where(t => t.Text.Contains(value, StringComparison.Ordinal)).Take(5))
            {
                leaks.AppendLine($"{what} in {where}: {text}");
            }
        }

        Assert.True(leaks.Length == 0, $"secrets found in telemetry ({texts.Count} texts searched):\n{leaks}");
    }

    [Fact]
    public async Task Metrics_are_served_in_prometheus_text_without_a_key()
    {
        var (store, _) = await silo.StoreAsync("tok-" + Guid.NewGuid().ToString("N"));
        var contact = await silo.ContactAsync(store, TestPhones.Next());
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text = "Hola", senderName = "MyShop" })).ReadJsonAsync();

        using var anonymous = silo.Factory.CreateClient();
        var scrape = await SendingSiloFixture.EventuallyAsync(async () =>
        {
            using var response = await anonymous.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            return await response.Content.ReadAsStringAsync();
            // The server records a request's duration once its answer is done, which can be just
            // after the client has read it: wait for both series rather than race the recording.
        }, text => text.Contains("orleanssms_sms_sent_total", StringComparison.Ordinal) &&
                   text.Contains("http_server_request_duration_seconds", StringComparison.Ordinal),
            "orleanssms_sms_sent_total and http_server_request_duration_seconds in the scrape");

        Assert.Contains("# TYPE orleanssms_sms_sent_total counter", scrape);
        Assert.Contains("orleanssms_connector_batch_size", scrape);
        Assert.Contains("orleanssms_sms_backlog", scrape);
        Assert.Contains("http_server_request_duration_seconds", scrape);
    }

    [Fact]
    public async Task Ready_and_live_answer_200_without_a_key_on_a_running_silo()
    {
        using var anonymous = silo.Factory.CreateClient();
        using var ready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        using var live = await anonymous.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task A_storefront_event_its_grain_calls_and_the_instasent_call_are_one_trace()
    {
        var (store, _) = await silo.StoreAsync("tok-" + Guid.NewGuid().ToString("N"));
        var contact = await silo.ContactAsync(store, TestPhones.Next());
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/thanks", new { name = "thanks", text = "Gracias por tu compra" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/thanks", """
            {"name":"Thanks","trigger":{"type":"event","eventType":"purchase"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"thanks","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop","next":null}]}
            """)).ReadJsonAsync();
        await (await _client.PostAsync($"/api/stores/{store}/workflows/thanks/activate", null)).ReadJsonAsync();

        // The storefront's own trace, as a browser or gateway would carry it in: the client's
        // request span sends its traceparent.
        ActivityTraceId traceId;
        using (var storefront = StorefrontSource.StartActivity("storefront checkout"))
        {
            Assert.NotNull(storefront);
            traceId = storefront.TraceId;
            await (await _client.PostAsJsonAsync($"/api/stores/{store}/events", new { type = "purchase", contactId = contact, properties = new { orderId = "T1" } }))
                .ReadJsonAsync(HttpStatusCode.Accepted);
        }

        var sendPath = "/" + new OrleansSms.Instasent.InstasentOptions().SendPath.TrimStart('/');
        var spans = await SendingSiloFixture.EventuallyAsync(
            () => Task.FromResult(silo.Capture.Spans.Where(s => s.TraceId == traceId).ToList()),
            found => found.Any(s => s.Source == "System.Net.Http" && s.Tags.GetValueOrDefault("url.full")?.Contains(sendPath, StringComparison.Ordinal) == true)
                && found.Any(s => s.Kind == ActivityKind.Server && s.DisplayName == "IContactGrain/SendSmsAsync"),
            "the contact's send and its Instasent call in the event's trace");

        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /api/stores/{storeId}/events");
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && s.DisplayName == "IInstasentConnectorGrain/SendAsync");
    }
}
