using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Webhooks;
using OrleansSms.Domain.Webhooks;
using OrleansSms.Grains.Webhooks;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Webhooks;

/// <summary>A store's webhooks: where its own systems are told of its contacts' and messages' transitions.</summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder stores)
    {
        var webhooks = stores.MapGroup("/{storeId}/webhooks").WithTags("Webhooks");
        webhooks.MapGet("/", ListAsync).WithSummary("The store's webhooks, by id (never their secrets)");
        webhooks.MapPut("/{webhookId}", PutAsync).WithBodyLimit(BodyLimits.Small)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Creates or changes a webhook")
            .WithDescription($"Merged: an absent property keeps its value. A new webhook needs url and events and is answered with its signing secret, shown this once. Events: {WebhookEventTypes.Vocabulary}. At most {IStoreWebhooksGrain.MaxWebhooks} per store.");
        webhooks.MapGet("/{webhookId}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One webhook (never its secret)");
        webhooks.MapDelete("/{webhookId}", DeleteAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Deletes a webhook")
            .WithDescription("Its queued events and its delivery list go with it.");
        webhooks.MapPost("/{webhookId}/rotate-secret", RotateSecretAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Gives the webhook a new signing secret")
            .WithDescription("The answer shows the new secret, this once; deliveries are signed with it from now on.");
        webhooks.MapGet("/{webhookId}/deliveries", GetDeliveriesAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The webhook's recent delivery attempts, newest first")
            .WithDescription("Each attempt: event id and type, attempt number, status code or error, when, and the next retry; with the events queued and those dropped because the queue was full.");
        return stores;
    }

    public static async Task<Ok<WebhooksAnswer>> ListAsync(string storeId, IGrainFactory grains)
    {
        var webhooks = await grains.GetStoreWebhooks(storeId).ListAsync();
        return TypedResults.Ok(new WebhooksAnswer([.. webhooks.Select(w => WebhookAnswer.From(w))]));
    }

    public static async Task<Results<Ok<WebhookAnswer>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string storeId, string webhookId, Json<WebhookRequest> body, IGrainFactory grains, WebhookSubscriptions subscriptions)
    {
        var saved = await SaveAsync(storeId, webhookId, body.Value.Settings, grains, subscriptions);
        switch (saved.Refusal)
        {
            case WebhookRefusal.Incomplete:
                return RequestProblems.Invalid(MissingErrors(saved));
            case WebhookRefusal.TooMany:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Too many webhooks",
                    detail: TooMany(storeId, webhookId));
            default:
                return TypedResults.Ok(WebhookAnswer.From(saved.Webhook!, saved.Secret));
        }
    }

    /// <summary>Saves bound settings (the API's PUT and the console's): the silo's cache of who wants which events forgets the store.</summary>
    public static async Task<WebhookSaveResult> SaveAsync(
        string storeId, string webhookId, WebhookSettings settings, IGrainFactory grains, WebhookSubscriptions subscriptions)
    {
        var saved = await grains.GetStoreWebhooks(storeId).SaveAsync(webhookId, settings);
        subscriptions.Forget(storeId);
        return saved;
    }

    /// <summary>The fields a new webhook lacks (<see cref="WebhookRefusal.Incomplete"/>), each with what it needs.</summary>
    public static ValidationErrors MissingErrors(WebhookSaveResult saved)
    {
        var errors = new ValidationErrors();
        foreach (var field in saved.Missing)
        {
            errors.Add(field, field == "url"
                ? "is required to create a webhook: an absolute https:// URL."
                : $"is required to create a webhook: a list of event types ({WebhookEventTypes.Vocabulary}).");
        }

        return errors;
    }

    /// <summary>Why a store with <see cref="IStoreWebhooksGrain.MaxWebhooks"/> webhooks gets no new one (<see cref="WebhookRefusal.TooMany"/>).</summary>
    public static string TooMany(string storeId, string webhookId) =>
        $"Store '{storeId}' has {IStoreWebhooksGrain.MaxWebhooks} webhooks, the most a store may have: delete one, or change one, instead of creating '{webhookId}'.";

    public static async Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> GetAsync(string storeId, string webhookId, IGrainFactory grains) =>
        await grains.GetStoreWebhooks(storeId).GetAsync(webhookId) is { } webhook
            ? TypedResults.Ok(WebhookAnswer.From(webhook))
            : NotFound(storeId, webhookId);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string storeId, string webhookId, IGrainFactory grains, WebhookSubscriptions subscriptions)
    {
        var deleted = await grains.GetStoreWebhooks(storeId).DeleteAsync(webhookId);
        subscriptions.Forget(storeId);
        return deleted ? TypedResults.NoContent() : NotFound(storeId, webhookId);
    }

    public static async Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> RotateSecretAsync(string storeId, string webhookId, IGrainFactory grains) =>
        await grains.GetStoreWebhooks(storeId).RotateSecretAsync(webhookId) is { Webhook: { } webhook } rotated
            ? TypedResults.Ok(WebhookAnswer.From(webhook, rotated.Secret))
            : NotFound(storeId, webhookId);

    public static async Task<Results<Ok<WebhookDeliveriesAnswer>, ProblemHttpResult>> GetDeliveriesAsync(string storeId, string webhookId, IGrainFactory grains) =>
        await grains.GetStoreWebhooks(storeId).GetDeliveriesAsync(webhookId) is { } deliveries
            ? TypedResults.Ok(new WebhookDeliveriesAnswer(
                [.. deliveries.Items.Select(WebhookDeliveryAnswer.From)], deliveries.Queued, deliveries.Dropped, deliveries.LastDroppedAt))
            : NotFound(storeId, webhookId);

    private static ProblemHttpResult NotFound(string storeId, string webhookId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Webhook not found",
        detail: $"Store '{storeId}' has no webhook '{webhookId}'.");
}
