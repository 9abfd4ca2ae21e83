using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace OrleansSms.InstasentSimulator;

/// <summary>The simulator's own routes under <c>/_sim</c>, for tests, demos and benchmarks. No token needed.</summary>
internal static class SimulatorControlApi
{
    public static IEndpointRouteBuilder MapSimulatorControlApi(this IEndpointRouteBuilder routes)
    {
        var sim = routes.MapGroup("/_sim");
        sim.MapGet("/health", () => TypedResults.Ok(new SimulatorError("ok")));
        sim.MapPut("/tokens/{token}", PutToken);
        sim.MapDelete("/tokens/{token}", DeleteToken);
        sim.MapPut("/accounts/{token}", PutAccount);
        sim.MapGet("/messages", GetMessages);
        sim.MapDelete("/messages", DeleteMessages);
        sim.MapGet("/stats", (Simulator s) => TypedResults.Ok(s.Stats()));
        sim.MapGet("/faults", (Simulator s) => TypedResults.Ok(s.Faults.Current));
        sim.MapPut("/faults", PutFaults);
        sim.MapGet("/limits", (Simulator s) => TypedResults.Ok(s.Limits.Current));
        sim.MapPut("/limits", PutLimits);
        sim.MapGet("/outcomes", (Simulator s) => TypedResults.Ok(new Dictionary<string, string>(s.Store.Outcomes)));
        sim.MapPut("/outcomes", PutOutcomes);
        sim.MapPost("/inbound", PostInboundAsync);
        sim.MapGet("/inbound", GetInbound);
        return routes;
    }

    private static Results<NoContent, BadRequest<SimulatorError>> PutToken(
        string token, [FromBody] TokenRegistration? registration, Simulator sim)
    {
        var callbackUrl = registration?.CallbackUrl;
        if (!string.IsNullOrWhiteSpace(callbackUrl) && !CallbackUrls.IsValid(callbackUrl))
        {
            return TypedResults.BadRequest(new SimulatorError("callbackUrl must be an absolute http(s) URL."));
        }

        sim.Store.RegisterToken(token, callbackUrl);
        return TypedResults.NoContent();
    }

    private static Results<Ok<AccountBalance>, BadRequest<SimulatorError>, NotFound> PutAccount(
        string token, AccountBalance balance, Simulator sim)
    {
        if (balance.Validate() is { } problem)
        {
            return TypedResults.BadRequest(new SimulatorError(problem));
        }

        if (sim.Store.FindToken(token) is not { } account)
        {
            return TypedResults.NotFound();
        }

        account.Balance = balance;
        return TypedResults.Ok(balance);
    }

    private static Results<NoContent, NotFound> DeleteToken(string token, Simulator sim) =>
        sim.Store.RevokeToken(token) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static Ok<List<SimulatedMessage>> GetMessages(string? to, string? clientId, Simulator sim) =>
        TypedResults.Ok(sim.Store.List(NumberQuery(to), string.IsNullOrEmpty(clientId) ? null : clientId));

    private static Ok<List<SimulatedInbound>> GetInbound(string? from, Simulator sim) =>
        TypedResults.Ok(sim.Store.ListInbound(NumberQuery(from)));

    /// <summary>A phone number from a query string, or null when absent.</summary>
    private static string? NumberQuery(string? number)
    {
        // An unencoded '+' in a query string arrives as a space.
        if (number is { Length: > 0 } && number[0] == ' ')
        {
            number = "+" + number[1..];
        }

        return string.IsNullOrEmpty(number) ? null : number;
    }

    /// <summary>
    /// A number replies: the reply goes to the callback URL of <c>token</c>, or of the token that
    /// sent the latest message to <c>from</c> (docs/instasent.md, "Inbound messages").
    /// </summary>
    private static async Task<Results<Accepted<InboundAccepted>, BadRequest<SimulatorError>, NotFound<SimulatorError>>> PostInboundAsync(
        HttpRequest request, Simulator sim)
    {
        InboundRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, SimulatorJsonContext.Default.InboundRequest, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            var field = e.Path is ['$', '.', .. var name] ? name : null;
            return TypedResults.BadRequest(new SimulatorError(
                $"The body must be a JSON object with from, text and optionally clientId, status, token (strings or null): {e.Message}", field));
        }

        if (body is null)
        {
            return TypedResults.BadRequest(new SimulatorError("The body must be a JSON object with from, text and optionally clientId, status, token."));
        }

        if (InboundValidator.Validate(body) is { } problem)
        {
            return TypedResults.BadRequest(problem);
        }

        TokenAccount account;
        SimMessage? latest;
        if (body.Token is not null)
        {
            if (sim.Store.FindRegistered(body.Token) is not { } named)
            {
                return TypedResults.NotFound(new SimulatorError("token: no registered token matches (tokens are secrets: it is not repeated here).", "token"));
            }

            account = named;
            latest = named.LatestTo(body.From!);
        }
        else
        {
            latest = sim.Store.LatestTo(body.From!);
            if (latest is null)
            {
                return TypedResults.NotFound(new SimulatorError(
                    $"from: no message was sent to {body.From} (since start or the last DELETE /_sim/messages), so no token's callback URL is known; send it one first, or name the token.",
                    "from"));
            }

            if (!sim.Store.IsRegistered(latest.Account))
            {
                return TypedResults.NotFound(new SimulatorError(
                    $"from: the token that sent the latest message to {body.From} has been revoked; name another token.", "from"));
            }

            account = latest.Account;
        }

        var inbound = sim.Receive(account, latest, body);
        return TypedResults.Accepted((string?)null, new InboundAccepted(inbound.Id, inbound.ClientId));
    }

    private static NoContent DeleteMessages(Simulator sim)
    {
        sim.Store.Clear();
        return TypedResults.NoContent();
    }

    private static Results<Ok<SimulatorFaults>, BadRequest<SimulatorError>> PutFaults(SimulatorFaults faults, Simulator sim)
    {
        if (faults.Validate() is { } problem)
        {
            return TypedResults.BadRequest(new SimulatorError(problem));
        }

        sim.Faults.Current = faults;
        return TypedResults.Ok(faults);
    }

    private static Results<Ok<SimulatorLimits>, BadRequest<SimulatorError>> PutLimits(SimulatorLimits limits, Simulator sim)
    {
        if (limits.Validate() is { } problem)
        {
            return TypedResults.BadRequest(new SimulatorError(problem));
        }

        sim.Limits.Current = limits;
        return TypedResults.Ok(limits);
    }

    private static Results<Ok<Dictionary<string, string>>, BadRequest<SimulatorError>> PutOutcomes(
        Dictionary<string, string> outcomes, Simulator sim)
    {
        foreach (var (number, status) in outcomes)
        {
            if (!DeliveryStatuses.IsKnown(status))
            {
                return TypedResults.BadRequest(new SimulatorError(
                    $"'{status}' for {number} is not one of: {string.Join(", ", DeliveryStatuses.All)}."));
            }
        }

        sim.Store.SetOutcomes(outcomes);
        return TypedResults.Ok(outcomes);
    }
}
