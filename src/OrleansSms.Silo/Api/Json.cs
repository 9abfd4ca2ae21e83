using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using OrleansSms.Abstractions.Channel;

namespace OrleansSms.Silo.Api;

/// <summary>
/// A request body type: bound from a body that already passed <see cref="JsonRequestReader"/>'s
/// checks, it turns the JSON into what the handler needs, adding each problem to the context's
/// errors under the field it concerns (and answering null).
/// </summary>
public interface IJsonRequest<TSelf> where TSelf : class, IJsonRequest<TSelf>
{
    static abstract ValueTask<TSelf?> BindAsync(JsonElement body, BindingContext context);
}

/// <summary>What binding may need besides the body: the route's store, its channel, the grains.</summary>
public sealed class BindingContext(IServiceProvider services, string storeId, CancellationToken requestAborted)
{
    private StoreChannel? _channel;
    private bool _channelRead;

    /// <summary>The context of an HTTP request to a store's route.</summary>
    public BindingContext(HttpContext http)
        : this(http.RequestServices, (string)http.Request.RouteValues["storeId"]!, http.RequestAborted)
    {
    }

    public ValidationErrors Errors { get; } = new();

    public IGrainFactory Grains { get; } = services.GetRequiredService<IGrainFactory>();

    public string StoreId => storeId;

    /// <summary>The request's services, for a binder that must ask something outside the grains (the channel's token check).</summary>
    public IServiceProvider Services => services;

    /// <summary>Fires when the caller gives up on the request.</summary>
    public CancellationToken RequestAborted => requestAborted;

    /// <summary>The store's channel (its default country and subscription), read once per request.</summary>
    public async ValueTask<StoreChannel?> ChannelAsync()
    {
        if (!_channelRead)
        {
            _channel = await Grains.GetGrain<IStoreChannelGrain>(StoreId).GetAsync();
            _channelRead = true;
        }

        return _channel;
    }
}

/// <summary>Something bound from the request that may instead carry the problem to answer.</summary>
internal interface IBoundRequest
{
    IResult? Problem { get; }
}

/// <summary>
/// A JSON body as a handler parameter: read, checked and bound before the handler runs; a
/// body with any problem is answered by <see cref="RouteIdsFilter"/> and never reaches it.
/// </summary>
public sealed class Json<T> : IBoundRequest, IEndpointParameterMetadataProvider where T : class, IJsonRequest<T>
{
    private readonly T? _value;

    private Json(T? value, IResult? problem)
    {
        _value = value;
        Problem = problem;
    }

    public T Value => _value ?? throw new InvalidOperationException("The request had problems: the filter answers it.");

    /// <summary>Absent when the route takes an optional body and none came.</summary>
    public bool HasValue => _value is not null;

    IResult? IBoundRequest.Problem => Problem;

    internal IResult? Problem { get; }

    public static async ValueTask<Json<T>> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        if (RouteIds.Check(context) is not null)
        {
            // The filter answers the route ids; no body is read for a request it refuses.
            return new Json<T>(null, null);
        }

        if (parameter.GetCustomAttribute<OptionalBodyAttribute>() is not null && !JsonRequestReader.HasBody(context.Request))
        {
            return new Json<T>(null, null);
        }

        var read = await JsonRequestReader.ReadAsync(context.Request, context.RequestAborted);
        if (read.Document is null)
        {
            return new Json<T>(null, read.Problem);
        }

        using var document = read.Document;
        var request = new BindingContext(context);
        var value = await T.BindAsync(document.RootElement, request);
        return request.Errors.Any || value is null
            ? new Json<T>(null, RequestProblems.Invalid(request.Errors.Any ? request.Errors : Unbound()))
            : new Json<T>(value, null);
    }

    /// <summary>The body's schema, and the answers only a route with a body gives, for the OpenAPI document.</summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(T), isOptional: parameter.GetCustomAttribute<OptionalBodyAttribute>() is not null));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails), ["application/problem+json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails), ["application/problem+json"]));
    }

    private static ValidationErrors Unbound()
    {
        var errors = new ValidationErrors();
        errors.Add("body", "could not be read as this request.");
        return errors;
    }
}

/// <summary>Marks a <see cref="Json{T}"/> parameter whose body may be left out entirely.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class OptionalBodyAttribute : Attribute;
