using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace OrleansSms.Instasent;

/// <summary>
/// Instasent's send calls. Temporary refusals are retried by the resilience pipeline around the
/// HttpClient (see <see cref="InstasentServiceCollectionExtensions"/>); what comes out is a typed
/// outcome per message, never an exception. The token goes in the Authorization header only.
/// </summary>
public sealed partial class InstasentClient(
    HttpClient http, IOptions<InstasentOptions> options, InstasentRateLimits rateLimits, ILogger<InstasentClient> logger)
{
    private readonly InstasentOptions _options = options.Value;

    /// <summary>
    /// What Instasent's <c>X-RateLimit-*</c> headers said on its latest answer to
    /// <paramref name="token"/> on the bulk path (<paramref name="bulk"/>) or the single-send path;
    /// null before any answer with them.
    /// </summary>
    public InstasentRateLimit? RateLimit(string token, bool bulk) =>
        rateLimits.Latest(token, EndpointPath(bulk ? _options.BulkPath : _options.SendPath));

    /// <summary>429 answers this process has seen (each attempt counts).</summary>
    public long RateLimitedCount => rateLimits.RateLimitedCount;

    private string EndpointPath(string path) =>
        http.BaseAddress is { } baseAddress ? new Uri(baseAddress, path.TrimStart('/')).AbsolutePath : path;

    public async Task<InstasentOutcome> SendAsync(string token, InstasentMessage sms, CancellationToken cancellationToken = default)
    {
        var outcomes = await CallAsync(token, _options.SendPath.TrimStart('/'), [sms], single: true, cancellationToken);
        return outcomes[0];
    }

    /// <summary>One bulk call; each message gets its own outcome (a bad item does not sink the batch).</summary>
    public Task<InstasentOutcome[]> SendBulkAsync(string token, IReadOnlyList<InstasentMessage> batch, CancellationToken cancellationToken = default)
    {
        if (batch.Count == 0 || batch.Count > _options.MaxBulkSize)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch.Count, $"A bulk call carries 1 to {_options.MaxBulkSize} messages.");
        }

        return CallAsync(token, _options.BulkPath.TrimStart('/'), batch, single: false, cancellationToken);
    }

    private async Task<InstasentOutcome[]> CallAsync(
        string token, string path, IReadOnlyList<InstasentMessage> batch, bool single, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content = single
            ? JsonContent.Create(Item(batch[0]), InstasentJson.Default.SendItem)
            : JsonContent.Create(batch.Select(Item).ToArray(), InstasentJson.Default.SendItemArray);

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return await ReadAsync(response, batch, single, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException
                                      && !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, batch.Count, e.GetType().Name);
            return Fill(batch.Count, InstasentOutcome.Transient($"Instasent unreachable: {e.GetType().Name}"));
        }
    }

    private static SendItem Item(InstasentMessage sms) => new(sms.From, sms.To, sms.Text, sms.ClientId, sms.AllowUnicode);

    private async Task<InstasentOutcome[]> ReadAsync(
        HttpResponseMessage response, IReadOnlyList<InstasentMessage> batch, bool single, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return single ? [SingleOutcome(body)] : BulkOutcomes(body, batch);
        }

        var detail = await response.Content.ReadAsStringAsync(cancellationToken);
        LogRefused(logger, status, batch.Count);
        var outcome = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => InstasentOutcome.Refused("401: Instasent refused the store's API token"),
            HttpStatusCode.PaymentRequired => InstasentOutcome.Refused("402: the Instasent account has no funds"),
            HttpStatusCode.BadRequest when single && IsDuplicateClientId(detail) => InstasentOutcome.Accepted(null),
            HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout => InstasentOutcome.Transient($"{status}: Instasent asked to slow down"),
            _ when status >= 500 => InstasentOutcome.Transient($"{status}: Instasent failed"),
            _ => InstasentOutcome.Refused($"{status}: {Shorten(detail)}"),
        };
        return Fill(batch.Count, outcome);
    }

    private static InstasentOutcome SingleOutcome(string body)
    {
        var answer = JsonSerializer.Deserialize(body, InstasentJson.Default.SingleAnswer);
        return answer?.Entity is { } entity
            ? InstasentOutcome.Accepted(entity.Id?.ToString())
            : InstasentOutcome.Unaccounted("Instasent's answer did not name the message");
    }

    /// <summary>
    /// Matches accepted entities and rejected items back to the batch: an entity by its
    /// <c>clientId</c>; a rejected item by a top-level <c>clientId</c>, else the <c>clientId</c> of the
    /// item it echoes (<c>item.clientId</c>), else its <c>index</c> in the request, in that order.
    /// A message named in neither list is <see cref="InstasentOutcomeKind.Unaccounted"/>.
    /// </summary>
    private static InstasentOutcome[] BulkOutcomes(string body, IReadOnlyList<InstasentMessage> batch)
    {
        var answer = JsonSerializer.Deserialize(body, InstasentJson.Default.BulkAnswer);
        var byClientId = new Dictionary<string, int>(batch.Count, StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            byClientId[batch[i].ClientId] = i;
        }

        var outcomes = new InstasentOutcome?[batch.Count];
        foreach (var entity in answer?.Entities ?? [])
        {
            if (entity.ClientId is not null && byClientId.TryGetValue(entity.ClientId, out var i))
            {
                outcomes[i] = InstasentOutcome.Accepted(entity.Id?.ToString());
            }
        }

        foreach (var error in answer?.Errors ?? [])
        {
            var i = RejectedIndex(error, byClientId, batch.Count);
            if (i >= 0)
            {
                var text = error.Fields?.ToString() ?? "rejected";
                outcomes[i] = IsDuplicateClientId(text)
                    ? InstasentOutcome.Accepted(null)
                    : InstasentOutcome.Refused($"rejected by Instasent: {Shorten(text)}");
            }
        }

        return outcomes.Select(o => o ?? InstasentOutcome.Unaccounted("missing from Instasent's bulk answer")).ToArray();
    }

    /// <summary>The batch position a rejected item names (top-level clientId, item.clientId, index), or -1.</summary>
    private static int RejectedIndex(BulkError error, Dictionary<string, int> byClientId, int count)
    {
        if (error.ClientId is { } clientId && byClientId.TryGetValue(clientId, out var byTopLevel))
        {
            return byTopLevel;
        }

        if (error.Item is { ValueKind: JsonValueKind.Object } item &&
            item.TryGetProperty("clientId", out var echoed) && echoed.ValueKind == JsonValueKind.String &&
            echoed.GetString() is { } echoedId && byClientId.TryGetValue(echoedId, out var byItem))
        {
            return byItem;
        }

        return error.Index is >= 0 and var index && index < count ? index : -1;
    }

    /// <summary>
    /// A resend of a message Instasent already holds (same clientId) is refused as a duplicate:
    /// for us that means it was accepted earlier, so it is not sent twice and not marked failed.
    /// </summary>
    private static bool IsDuplicateClientId(string detail) =>
        detail.Contains("clientId", StringComparison.OrdinalIgnoreCase) &&
        (detail.Contains("duplicate", StringComparison.OrdinalIgnoreCase) || detail.Contains("already", StringComparison.OrdinalIgnoreCase));

    private static InstasentOutcome[] Fill(int count, InstasentOutcome outcome) => Enumerable.Repeat(outcome, count).ToArray();

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instasent unreachable for {Count} message(s): {Reason}")]
    private static partial void LogUnreachable(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instasent answered {Status} for {Count} message(s)")]
    private static partial void LogRefused(ILogger logger, int status, int count);
}

internal sealed record SendItem(
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("clientId")] string ClientId,
    [property: JsonPropertyName("allowUnicode")] bool AllowUnicode);

internal sealed record Entity(
    [property: JsonPropertyName("id")] JsonElement? Id,
    [property: JsonPropertyName("clientId")] string? ClientId);

internal sealed record SingleAnswer([property: JsonPropertyName("entity")] Entity? Entity);

internal sealed record BulkError(
    [property: JsonPropertyName("index")] int? Index,
    [property: JsonPropertyName("clientId")] string? ClientId,
    [property: JsonPropertyName("item")] JsonElement? Item,
    [property: JsonPropertyName("fields")] JsonElement? Fields);

internal sealed record BulkAnswer(
    [property: JsonPropertyName("entities")] Entity[]? Entities,
    [property: JsonPropertyName("errors")] BulkError[]? Errors);

[JsonSerializable(typeof(SendItem))]
[JsonSerializable(typeof(SendItem[]), TypeInfoPropertyName = "SendItemArray")]
[JsonSerializable(typeof(SingleAnswer))]
[JsonSerializable(typeof(BulkAnswer))]
internal sealed partial class InstasentJson : JsonSerializerContext;
