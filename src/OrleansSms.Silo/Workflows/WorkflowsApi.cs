using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Contents;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Messages;
using OrleansSms.Domain.Workflows;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Workflows;

/// <summary>Workflow definitions (validated, versioned), activation, runs and their progress.</summary>
public static class WorkflowsApi
{
    public static RouteGroupBuilder MapWorkflowsApi(this RouteGroupBuilder stores)
    {
        var workflows = stores.MapGroup("/{storeId}/workflows/{workflowId}").WithTags("Workflows");
        workflows.MapPut("/", PutWorkflowAsync);
        workflows.MapGet("/", GetWorkflowAsync);
        workflows.MapPost("/activate", (string storeId, string workflowId, IGrainFactory grains) => SetActiveAsync(storeId, workflowId, true, grains));
        workflows.MapPost("/deactivate", (string storeId, string workflowId, IGrainFactory grains) => SetActiveAsync(storeId, workflowId, false, grains));
        workflows.MapPost("/runs", StartRunAsync);
        workflows.MapGet("/runs/{runId}", GetRunAsync);
        return stores;
    }

    public static async Task<Results<Ok<WorkflowResponse>, ValidationProblem>> PutWorkflowAsync(
        string storeId, string workflowId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        Routes.CheckStoreId(storeId, errors);
        Routes.CheckId("workflowId", workflowId, errors);
        var (document, bodyErrors) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (document is null || errors.Any)
        {
            document?.Dispose();
            return TypedResults.ValidationProblem((bodyErrors ?? errors).ToDictionary());
        }

        using (document)
        {
            var parsed = WorkflowParser.Parse(document.RootElement);
            var problems = parsed.Problems.ToList();
            if (parsed.Definition is { } definition)
            {
                problems.AddRange(WorkflowValidator.Validate(definition, await CatalogAsync(storeId, definition, grains)));
            }

            if (problems.Count > 0 || parsed.Definition is null)
            {
                foreach (var problem in problems)
                {
                    errors.Add(problem.Path, problem.Message);
                }

                return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The workflow has problems", detail: $"{problems.Count} problem(s), listed by where they are.");
            }

            var (triggerType, eventType) = parsed.Definition.Trigger switch
            {
                EventTrigger e => ("event", e.EventType),
                NewsletterTrigger => ("newsletter", (string?)null),
                _ => ("manual", null),
            };
            var saved = await grains.GetWorkflow(storeId, workflowId).SaveAsync(document.RootElement.GetRawText(), triggerType, eventType);
            return TypedResults.Ok(WorkflowResponse.From(saved));
        }
    }

    public static async Task<Results<Ok<WorkflowResponse>, ProblemHttpResult, ValidationProblem>> GetWorkflowAsync(
        string storeId, string workflowId, IGrainFactory grains)
    {
        var errors = CheckIds(storeId, workflowId);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var workflow = await grains.GetWorkflow(storeId, workflowId).GetAsync();
        return workflow is null ? NotFound(storeId, workflowId) : TypedResults.Ok(WorkflowResponse.From(workflow));
    }

    public static async Task<Results<Ok<WorkflowResponse>, ProblemHttpResult, ValidationProblem>> SetActiveAsync(
        string storeId, string workflowId, bool active, IGrainFactory grains)
    {
        var errors = CheckIds(storeId, workflowId);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var workflow = await grains.GetWorkflow(storeId, workflowId).SetActiveAsync(active);
        return workflow is null ? NotFound(storeId, workflowId) : TypedResults.Ok(WorkflowResponse.From(workflow));
    }

    /// <summary>
    /// <c>{"contactId"}</c> runs the workflow for one contact (a manual run); without it a newsletter
    /// workflow runs over its audience. An optional <c>runId</c> (an addition) makes a retried
    /// request the same run: started once, nothing sent twice.
    /// </summary>
    public static async Task<Results<Accepted<RunStarted>, ProblemHttpResult, ValidationProblem>> StartRunAsync(
        string storeId, string workflowId, HttpRequest request, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = CheckIds(storeId, workflowId);
        string? contactId = null, runId = null;
        if (request.ContentLength is > 0 || request.Headers.ContentType.Count > 0)
        {
            var (document, bodyErrors) = await JsonBody.ReadObjectAsync(request, cancellationToken);
            if (document is null)
            {
                return TypedResults.ValidationProblem(bodyErrors!.ToDictionary());
            }

            using (document)
            {
                contactId = OptionalId(document.RootElement, "contactId", ContactIds.IsValid, errors);
                runId = OptionalId(document.RootElement, "runId", ContactIds.IsValidStoreId, errors);
            }
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var workflow = await grains.GetWorkflow(storeId, workflowId).GetAsync();
        if (workflow is null)
        {
            return NotFound(storeId, workflowId);
        }

        runId ??= Guid.NewGuid().ToString("N");
        if (contactId is not null)
        {
            await grains.GetWorkflowRun(storeId, workflowId, runId).StartAsync(new RunStart
            {
                WorkflowId = workflowId,
                Version = workflow.Version,
                ContactId = contactId,
            });
            return TypedResults.Accepted($"/api/stores/{storeId}/workflows/{workflowId}/runs/{runId}", new RunStarted(runId));
        }

        if (workflow.TriggerType != "newsletter")
        {
            errors.Add("contactId", $"is required: a {workflow.TriggerType} workflow runs for one contact at a time.");
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var trigger = WorkflowParser.Parse(workflow.DefinitionJson).Definition?.Trigger as NewsletterTrigger;
        await grains.GetGrain<INewsletterRunGrain>(string.Join('/', storeId, workflowId, runId))
            .StartAsync(workflowId, workflow.Version, trigger?.At is { } at && at > time.GetUtcNow() ? at : null);
        return TypedResults.Accepted($"/api/stores/{storeId}/workflows/{workflowId}/runs/{runId}", new RunStarted(runId));
    }

    public static async Task<Results<Ok<NewsletterRunResponse>, Ok<RunView>, ProblemHttpResult, ValidationProblem>> GetRunAsync(
        string storeId, string workflowId, string runId, IGrainFactory grains)
    {
        var errors = CheckIds(storeId, workflowId);
        if (runId.Length is 0 or > 200 || runId.Contains('/'))
        {
            errors.AddValue("runId", runId, "is not a run id.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var key = string.Join('/', storeId, workflowId, runId);
        if (await grains.GetGrain<INewsletterRunGrain>(key).GetAsync() is { } newsletter)
        {
            return TypedResults.Ok(NewsletterRunResponse.From(newsletter));
        }

        if (await grains.GetGrain<IWorkflowRunGrain>(key).GetAsync() is { } run)
        {
            return TypedResults.Ok(run);
        }

        return TypedResults.Problem(statusCode: 404, title: "Run not found", detail: $"Workflow '{workflowId}' has no run '{runId}'.");
    }

    private static ValidationErrors CheckIds(string storeId, string workflowId)
    {
        var errors = new ValidationErrors();
        Routes.CheckStoreId(storeId, errors);
        Routes.CheckId("workflowId", workflowId, errors);
        return errors;
    }

    private static string? OptionalId(JsonElement body, string name, Func<string?, bool> isValid, ValidationErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && isValid(value.GetString()))
        {
            return value.GetString();
        }

        errors.AddValue(name, value, "is not a valid id.");
        return null;
    }

    private static ProblemHttpResult NotFound(string storeId, string workflowId) =>
        TypedResults.Problem(statusCode: 404, title: "Workflow not found", detail: $"Store '{storeId}' has no workflow '{workflowId}'.");

    /// <summary>The SMS contents a definition names, read once so validation can be synchronous.</summary>
    private static async Task<IWorkflowCatalog> CatalogAsync(string storeId, WorkflowDefinition definition, IGrainFactory grains)
    {
        var smsIds = definition.Nodes.Select(n => n switch
        {
            SendSmsNode send => send.SmsId,
            SmsReceivedNode received => received.SmsId,
            _ => null,
        }).OfType<string>().Where(ContactIds.IsValidStoreId).Distinct(StringComparer.Ordinal).ToList();
        var contents = await Task.WhenAll(smsIds.Select(id => grains.GetSmsContent(storeId, id).GetAsync()));
        return new Catalog(contents.OfType<SmsContent>().ToDictionary(c => c.SmsId, c => SmsTemplate.Variables(c.Text), StringComparer.Ordinal));
    }

    private sealed class Catalog(Dictionary<string, IReadOnlyList<string>> contents) : IWorkflowCatalog
    {
        public bool SmsExists(string smsId) => contents.ContainsKey(smsId);

        public IReadOnlyList<string> SmsVariables(string smsId) => contents.TryGetValue(smsId, out var variables) ? variables : [];
    }
}

public sealed record WorkflowResponse(string WorkflowId, int Version, bool Active, string Trigger, string? EventType, JsonElement Definition, DateTimeOffset UpdatedAt)
{
    public static WorkflowResponse From(WorkflowInfo info)
    {
        using var document = JsonDocument.Parse(info.DefinitionJson);
        return new(info.WorkflowId, info.Version, info.Active, info.TriggerType, info.EventType, document.RootElement.Clone(), info.UpdatedAt);
    }
}

public sealed record RunStarted(string RunId);

/// <summary>A newsletter run's progress in API.md's shape, with a few additions (queued, waiting, shards).</summary>
public sealed record NewsletterRunResponse(
    string RunId,
    string WorkflowId,
    int Version,
    string Status,
    long Contacts,
    long Sent,
    SkippedCounts Skipped,
    long Failed,
    long Queued,
    long Waiting,
    int Shards,
    int ShardsDone,
    DateTimeOffset StartedAt,
    DateTimeOffset? StartAt,
    DateTimeOffset? CompletedAt)
{
    public static NewsletterRunResponse From(NewsletterView view)
    {
        var c = view.Counters;
        return new(view.RunId, view.WorkflowId, view.Version, view.Status, c.Contacts, c.Sent,
            new SkippedCounts(c.Bounced, c.Paused, c.NotSubscribed, c.NoPhone, c.FilteredOut),
            c.Failed, c.Queued, c.Waiting, view.Shards, view.ShardsDone, view.StartedAt, view.StartAt, view.CompletedAt);
    }
}

public sealed record SkippedCounts(long Bounced, long Paused, long NotSubscribed, long NoPhone, long FilteredOut);
