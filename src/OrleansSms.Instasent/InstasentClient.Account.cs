using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace OrleansSms.Instasent;

public sealed partial class InstasentClient
{
    /// <summary>The path of Instasent's account route.</summary>
    public const string AccountPath = "organization/account";

    /// <summary>
    /// <c>GET /organization/account</c> with <paramref name="token"/>: the organization's balance
    /// and currency, a refusal (401/403), or unavailable. Never throws for Instasent's answers.
    /// The answer's shape is not published; the balance and currency are read from the body's
    /// <c>entity</c> object or from its top level (see docs/instasent.md).
    /// </summary>
    public async Task<InstasentAccountCheck> GetAccountAsync(string token, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, AccountPath);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return new InstasentAccountCheck.Refused((int)response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                LogAccountUnavailable(logger, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                return new InstasentAccountCheck.Unavailable($"{(int)response.StatusCode}: Instasent failed");
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return (InstasentAccountCheck?)ParseAccount(body) ?? new InstasentAccountCheck.Unavailable("Instasent's account answer had no balance");
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException
                                      && !cancellationToken.IsCancellationRequested)
        {
            LogAccountUnavailable(logger, e.GetType().Name);
            return new InstasentAccountCheck.Unavailable($"Instasent unreachable: {e.GetType().Name}");
        }
    }

    private static InstasentAccountCheck.Account? ParseAccount(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("entity", out var entity) && entity.ValueKind == JsonValueKind.Object)
            {
                root = entity;
            }

            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("balance", out var balance)
                || !root.TryGetProperty("currency", out var currency) || currency.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            decimal amount;
            if (balance.ValueKind == JsonValueKind.Number)
            {
                amount = balance.GetDecimal();
            }
            else if (balance.ValueKind != JsonValueKind.String
                     || !decimal.TryParse(balance.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out amount))
            {
                return null;
            }

            return new InstasentAccountCheck.Account(amount, currency.GetString()!);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instasent's account route could not be read: {Reason}")]
    private static partial void LogAccountUnavailable(ILogger logger, string reason);
}
