namespace OrleansSms.Silo.Api;

/// <summary>
/// Each write route's body limit, sized to what its request can hold, never above
/// <see cref="JsonRequestReader.MaxBytes"/>. The limit is endpoint metadata that
/// <see cref="JsonRequestReader"/> holds the body to, counted while reading so a chunked body is
/// held to it too, answering 413 naming it. It is not Kestrel's own request limit on purpose:
/// Kestrel keeps its larger default, so it can read and drop the rest of a body past the route's
/// limit and the client gets the 413, where a connection closed with the body unread would reach
/// it as a reset instead.
/// </summary>
internal static class BodyLimits
{
    /// <summary>Ids only (a run's <c>contactId</c> and <c>runId</c>).</summary>
    public const int Ids = 16 * 1024;

    /// <summary>A few bounded texts: a channel's settings, a content, a send, an alert, an Instasent report.</summary>
    public const int Small = 64 * 1024;

    /// <summary>One text up to the longest string a body may hold, however it is escaped (analyze).</summary>
    public const int Text = 128 * 1024;

    /// <summary>A contact's fields or an event's properties: up to 200 custom values.</summary>
    public const int Fields = 256 * 1024;

    /// <summary>A workflow definition: up to 200 nodes.</summary>
    public const int Definition = JsonRequestReader.MaxBytes;

    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder route, int maxBytes) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, JsonRequestReader.MaxBytes);
        return route.WithMetadata(new BodyLimit(maxBytes));
    }

    /// <summary>The limit of the route the request is on; <see cref="JsonRequestReader.MaxBytes"/> when it names none.</summary>
    public static int For(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>()?.MaxBytes ?? JsonRequestReader.MaxBytes;

    /// <summary>The endpoint metadata <see cref="WithBodyLimit"/> adds.</summary>
    internal sealed record BodyLimit(int MaxBytes);
}
