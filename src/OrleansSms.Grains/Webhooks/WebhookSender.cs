using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Grains.Webhooks;

/// <summary>What one attempt got: the endpoint's status, or what went wrong without one.</summary>
/// <param name="StatusCode">The HTTP status of the answer; null for a timeout or a network error.</param>
/// <param name="Error">Why there is no status.</param>
/// <param name="Duration">From the request's start to the answer's headers (on the webhooks' clock).</param>
public readonly record struct WebhookAttemptResult(int? StatusCode, string? Error, TimeSpan Duration)
{
    public bool Delivered => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Posts one signed delivery. The named <see cref="HttpClient"/> <see cref="ClientName"/> follows no
/// redirect (a 3xx is a failed attempt: the webhook's URL is the one place deliveries go) and logs
/// nothing of its own (a URL's query may hold the receiver's token). The attempt's timeout and the
/// signature's timestamp come from the webhooks' clock (<see cref="TimeProviderKey"/>).
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, [FromKeyedServices(WebhookSender.TimeProviderKey)] TimeProvider time)
{
    public const string ClientName = "webhooks";

    /// <summary>The key of the <see cref="TimeProvider"/> webhooks run on (tests register a fake one under it). Default <see cref="TimeProvider.System"/>.</summary>
    public const string TimeProviderKey = "Webhooks";

    private static readonly ProductInfoHeaderValue UserAgent = new("OrleansSms-Webhooks", "1.0");

    /// <summary>The webhooks' clock: attempts, retries and the deliveries' times.</summary>
    public TimeProvider Time => time;

    /// <summary>POSTs <paramref name="body"/> to <paramref name="url"/>, signed with <paramref name="secret"/> (<see cref="WebhookSignature"/>).</summary>
    public async Task<WebhookAttemptResult> PostAsync(string url, string secret, string body, TimeSpan timeout)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var started = time.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Header(secret, time.GetUtcNow().ToUnixTimeSeconds(), bytes));
        using var cut = new CancellationTokenSource(timeout, time);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cut.Token);
            return new((int)response.StatusCode, null, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cut.IsCancellationRequested)
        {
            return new(null, $"timeout after {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s", time.GetElapsedTime(started));
        }
        catch (HttpRequestException e)
        {
            return new(null, $"network error: {e.HttpRequestError}", time.GetElapsedTime(started));
        }
        catch (Exception e) when (e is InvalidOperationException or UriFormatException or NotSupportedException)
        {
            return new(null, $"request error: {e.GetType().Name}", time.GetElapsedTime(started));
        }
    }
}
