using OrleansSms.Domain.Contacts;

namespace OrleansSms.Silo.Api;

/// <summary>
/// The ids that come in paths, checked once for every route by <see cref="RouteIdsFilter"/>
/// (and by <see cref="Json{T}"/> before a body is read): a handler only ever sees valid ids.
/// </summary>
internal static class RouteIds
{
    public const string IdRule = "1-64 characters of A-Z a-z 0-9 _ -";

    public static readonly string ContactIdRule = $"1-{ContactIds.MaxLength} characters of A-Z a-z 0-9 _ -";

    /// <summary>Every id route value this API knows, with the rule it must meet.</summary>
    private static readonly (string Name, Func<string, bool> IsValid, string Problem)[] Rules =
    [
        ("storeId", ContactIds.IsValidStoreId, $"is not a store id: {IdRule}."),
        ("contactId", ContactIds.IsValid, $"is not a contact id: {ContactIdRule}."),
        ("smsId", ContactIds.IsValidStoreId, $"is not an id: {IdRule}."),
        ("workflowId", ContactIds.IsValidStoreId, $"is not an id: {IdRule}."),
        ("runId", IsValidRunId, "is not a run id: 1-200 characters of A-Z a-z 0-9 _ -."),
        ("webhookId", ContactIds.IsValidStoreId, $"is not a webhook id: {IdRule}."),
    ];

    /// <summary>The problems of the request's route values; null when every id is valid.</summary>
    public static ValidationErrors? Check(HttpContext context)
    {
        ValidationErrors? errors = null;
        var values = context.Request.RouteValues;
        foreach (var (name, isValid, problem) in Rules)
        {
            if (values.TryGetValue(name, out var raw) && raw is string value && !isValid(value))
            {
                (errors ??= new ValidationErrors()).AddValue(name, value, problem);
            }
        }

        return errors;
    }

    /// <summary>
    /// Checks <paramref name="value"/> as the route value <paramref name="name"/> (a form that asks
    /// for an id the API takes in its path): false, with the API's own problem added, when it is bad.
    /// </summary>
    public static bool Check(string name, string? value, ValidationErrors errors)
    {
        foreach (var (rule, isValid, problem) in Rules)
        {
            if (rule == name && !isValid(value ?? ""))
            {
                errors.AddValue(name, value, problem);
                return false;
            }
        }

        return true;
    }

    /// <summary>Run ids: event runs combine an event id and a contact id, so they may be longer than other ids.</summary>
    public static bool IsValidRunId(string? id)
    {
        if (id is null || id.Length is 0 or > 200)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Answers 400 naming the id before the handler runs when a route id is malformed.</summary>
internal sealed class RouteIdsFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (RouteIds.Check(context.HttpContext) is { } errors)
        {
            return ValueTask.FromResult<object?>(RequestProblems.Invalid(errors));
        }

        // A body that failed its checks is answered here, so no handler sees it.
        foreach (var argument in context.Arguments)
        {
            if (argument is IBoundRequest { Problem: { } problem })
            {
                return ValueTask.FromResult<object?>(problem);
            }
        }

        return next(context);
    }
}
