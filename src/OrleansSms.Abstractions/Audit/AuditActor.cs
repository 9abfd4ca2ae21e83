namespace OrleansSms.Abstractions.Audit;

/// <summary>
/// The name of the API key a call acts for, carried in Orleans' request context from the HTTP
/// request into every grain call it makes (and the calls those make), so a grain that records
/// an audit entry names who acted without each method taking it. The name only: never the key.
/// </summary>
public static class AuditActor
{
    /// <summary>The request-context key.</summary>
    public const string ContextKey = "orleans-sms.key-name";

    /// <summary>Who acted when no API key did (a call with no request behind it).</summary>
    public const string System = "system";

    /// <summary>The key name of the call in progress; null outside an API request.</summary>
    public static string? Current => RequestContext.Get(ContextKey) as string;

    /// <summary>Names the key the calls made from here on act for.</summary>
    public static void Set(string keyName) => RequestContext.Set(ContextKey, keyName);
}
