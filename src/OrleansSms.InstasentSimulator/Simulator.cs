using System.Globalization;

namespace OrleansSms.InstasentSimulator;

/// <summary>The simulator's parts, as the route handlers see them.</summary>
internal sealed class Simulator(
    MessageStore store,
    DeliveryReportDispatcher dispatcher,
    FaultInjector faults,
    RequestLimiter limits,
    IHostApplicationLifetime lifetime)
{
    private long _singleRequests;
    private long _bulkRequests;
    private long _bulkItems;

    public MessageStore Store => store;

    public DeliveryReportDispatcher Dispatcher => dispatcher;

    public FaultInjector Faults => faults;

    public RequestLimiter Limits => limits;

    public static Simulator Of(HttpContext context) => context.RequestServices.GetRequiredService<Simulator>();

    /// <summary>
    /// Accepts the valid items and schedules their delivery reports, unless they came through a
    /// legacy path (<c>/sms</c>): Instasent's legacy API sends no delivery webhooks.
    /// </summary>
    public List<SimMessage> Accept(TokenAccount account, List<SmsRequest> items, bool legacy)
    {
        var accepted = store.Accept(account, items, legacy);
        if (accepted.Count > 0 && !legacy)
        {
            dispatcher.Schedule(accepted);
        }

        return accepted;
    }

    /// <summary>Records a (validated) inbound message and posts it to <paramref name="account"/>'s callback URL now.</summary>
    public SimInbound Receive(TokenAccount account, SimMessage? latest, InboundRequest request)
    {
        var inbound = store.AddInbound(account, latest, request);
        dispatcher.Schedule(inbound);
        return inbound;
    }

    /// <summary>The answer-latency fault: the messages are taken, their ids not yet told.</summary>
    public Task DelayAnswerAsync(HttpContext context) =>
        faults.Current.AnswerLatencyMs is > 0 and var delay ? Task.Delay(delay, context.RequestAborted) : Task.CompletedTask;

    /// <summary>
    /// Latency, then the bearer token, then the request ceiling of <paramref name="endpoint"/>
    /// (its <c>X-RateLimit-*</c> headers go on whatever the answer is), then an injected fault.
    /// Returns the caller's account, or null when the request has been answered (401, 429, 500,
    /// 402, 504) or abandoned by the client.
    /// </summary>
    public async ValueTask<TokenAccount?> AdmitAsync(HttpContext context, LimitedEndpoint endpoint)
    {
        var current = faults.Current;
        try
        {
            if (current.LatencyMs > 0)
            {
                await Task.Delay(current.LatencyMs, context.RequestAborted);
            }

            if (BearerToken(context.Request) is not { } token || store.FindToken(token) is not { } account)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await InstasentApi.WriteMessageAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized: unknown or missing bearer token.");
                return null;
            }

            var limit = limits.Take(token, endpoint);
            limit.WriteHeaders(context.Response);
            if (!limit.Allowed)
            {
                // As Instasent: an empty body, no Retry-After; X-RateLimit-Reset says when.
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.ContentLength = 0;
                return null;
            }

            if (!current.Any)
            {
                return account;
            }

            switch (faults.Draw(current))
            {
                case FaultKind.Status429:
                    context.Response.Headers.RetryAfter = current.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                    await InstasentApi.WriteMessageAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests.");
                    return null;
                case FaultKind.Status500:
                    await InstasentApi.WriteMessageAsync(context, StatusCodes.Status500InternalServerError, "Internal error (injected).");
                    return null;
                case FaultKind.Status503:
                    await InstasentApi.WriteMessageAsync(context, StatusCodes.Status503ServiceUnavailable, "Service unavailable (injected).");
                    return null;
                case FaultKind.Status402:
                    await InstasentApi.WriteMessageAsync(context, StatusCodes.Status402PaymentRequired, "Not enough credit (injected).");
                    return null;
                case FaultKind.Timeout:
                    using (var hold = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping))
                    {
                        try
                        {
                            await Task.Delay(faults.TimeoutHold, hold.Token);
                        }
                        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
                        {
                            // Shutting down: answer now.
                        }
                    }

                    await InstasentApi.WriteMessageAsync(context, StatusCodes.Status504GatewayTimeout, "Gateway timeout (injected).");
                    return null;
                default:
                    return account;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up: nothing was accepted and nobody is listening.
            return null;
        }
    }

    /// <summary>Counts a single-send request that <see cref="AdmitAsync"/> let through.</summary>
    public void CountSingle() => Interlocked.Increment(ref _singleRequests);

    /// <summary>Counts a bulk request that <see cref="AdmitAsync"/> let through.</summary>
    public void CountBulk() => Interlocked.Increment(ref _bulkRequests);

    /// <summary>Counts the items of a bulk request whose body parsed.</summary>
    public void CountBulkItems(int items) => Interlocked.Add(ref _bulkItems, items);

    public SimulatorStats Stats() =>
        new(store.Accepted, store.Rejected, store.Stored, faults.Stats, dispatcher.Stats,
            new SimulatorRequestStats(Interlocked.Read(ref _singleRequests), Interlocked.Read(ref _bulkRequests), Interlocked.Read(ref _bulkItems)),
            limits.Refused, store.InboundCount);

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (header.Length <= scheme.Length || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
