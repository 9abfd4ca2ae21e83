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

    private static Ok<List<SimulatedMessage>> GetMessages(string? to, string? clientId, Simulator sim)
    {
        // An unencoded '+' in a query string arrives as a space.
        if (to is { Length: > 0 } && to[0] == ' ')
        {
            to = "+" + to[1..];
        }

        return TypedResults.Ok(sim.Store.List(string.IsNullOrEmpty(to) ? null : to, string.IsNullOrEmpty(clientId) ? null : clientId));
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
