using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Newsletters;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Contents;
using OrleansSms.Domain.Sending;
using OrleansSms.Domain.Workflows;
using OrleansSms.Silo.Admission;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Workflows;

/// <summary>Workflow definitions (validated, versioned), activation, runs and their progress.</summary>
public static class WorkflowsApi
{
    public static RouteGroupBuilder MapWorkflowsApi(this RouteGroupBuilder stores)
    {
        var workflows = stores.MapGroup("/{storeId}/workflows/{workflowId}").WithTags("Workflows");
        workflows.MapPut("/", PutWorkflowAsync).WithBodyLimit(BodyLimits.Definition)
            .WithSummary("Saves a workflow definition as its next version")
            .WithDescription("Every problem of the definition is listed at once, by where it is (nodes[2].senderName); nothing is saved then.");
        workflows.MapGet("/", GetWorkflowAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A workflow's current version");
        workflows.MapDelete("/", DeleteWorkflowAsync)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Deletes a workflow")
            .WithDescription("409 while it is active (deactivate it first); else 204, also for an id that names no workflow. Runs in flight finish on their version; the id may be saved again.");
        workflows.MapPost("/activate", (string storeId, string workflowId, IGrainFactory grains) => SetActiveAsync(storeId, workflowId, true, grains))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Activates the workflow: its trigger starts runs")
            .WithDescription("409 naming the SMS contents its current version uses that were deleted since it was saved.");
        workflows.MapPost("/deactivate", (string storeId, string workflowId, IGrainFactory grains) => SetActiveAsync(storeId, workflowId, false, grains))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Deactivates the workflow: runs in flight finish, no new ones start");
        workflows.MapPost("/runs", StartRunAsync).WithBodyLimit(BodyLimits.Ids)
            .RequireAdmission(AdmissionRoute.WorkflowRuns)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Starts a run: for one contact, or a newsletter over the audience")
            .WithDescription("An optional runId makes a retried request the same run: started once, nothing sent twice.");
        workflows.MapGet("/runs/{runId}", GetRunAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A run's progress: a newsletter's counters, or a one-contact run's path");
        workflows.MapPost("/runs/{runId}/cancel", CancelRunAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Cancels a run: it sends nothing more")
            .WithDescription("Answers the run, status cancelled; a second cancel answers the same. 409 when the run is over already (completed or failed).");
        return stores;
    }

    public static async Task<Results<Ok<WorkflowResponse>, ValidationProblem>> PutWorkflowAsync(
        string storeId, string workflowId, Json<WorkflowDefinitionRequest> body, IGrainFactory grains)
    {
        var result = await grains.GetWorkflow(storeId, workflowId).SaveAsync(body.Value.Json);
        if (result.Saved is { } saved)
        {
            return TypedResults.Ok(WorkflowResponse.From(saved));
        }

        var errors = new ValidationErrors();
        foreach (var problem in result.Problems)
        {
            errors.Add(problem.Path, problem.Message);
        }

        return TypedResults.ValidationProblem(
            errors.ToDictionary(), title: "The workflow has problems", detail: $"{result.Problems.Length} problem(s), listed by where they are.");
    }

    public static async Task<Results<Ok<WorkflowResponse>, ProblemHttpResult>> GetWorkflowAsync(
        string storeId, string workflowId, IGrainFactory grains)
    {
        var workflow = await grains.GetWorkflow(storeId, workflowId).GetAsync();
        return workflow is null ? NotFound(storeId, workflowId) : TypedResults.Ok(WorkflowResponse.From(workflow));
    }

    public static async Task<Results<Ok<WorkflowResponse>, ProblemHttpResult>> SetActiveAsync(
        string storeId, string workflowId, bool active, IGrainFactory grains)
    {
        var result = await grains.GetWorkflow(storeId, workflowId).SetActiveAsync(active);
        if (result.Workflow is not { } workflow)
        {
            return NotFound(storeId, workflowId);
        }

        if (result.MissingContents is { Length: > 0 } missing)
        {
            var names = string.Join(", ", missing.Select(m => $"'{m}'"));
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The workflow uses deleted SMS contents",
                detail: $"Workflow '{workflowId}' was not activated: SMS content {names} no longer exist{(missing.Length == 1 ? "s" : "")}. Save the content again, or a version without it, then activate.",
                extensions: new Dictionary<string, object?> { ["missingContents"] = missing });
        }

        return TypedResults.Ok(WorkflowResponse.From(workflow));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWorkflowAsync(string storeId, string workflowId, IGrainFactory grains) =>
        await grains.GetWorkflow(storeId, workflowId).DeleteAsync() == WorkflowDeletion.Active
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The workflow is active",
                detail: $"Workflow '{workflowId}' is active: deactivate it first.")
            : TypedResults.NoContent();

    public static async Task<Results<Accepted<RunStarted>, ProblemHttpResult, ValidationProblem>> StartRunAsync(
        string storeId, string workflowId, [OptionalBody] Json<StartRunRequest> body, IGrainFactory grains)
    {
        var request = body.HasValue ? body.Value : new StartRunRequest(null, null);
        var result = await grains.GetWorkflow(storeId, workflowId).StartRunAsync(request.ContactId, request.RunId);
        switch (result.Refusal)
        {
            case RunStartRefusal.NoWorkflow:
                return NotFound(storeId, workflowId);
            case RunStartRefusal.ContactRequired:
                var errors = new ValidationErrors();
                errors.Add("contactId", $"is required: a {JsonNamingPolicy.CamelCase.ConvertName(result.TriggerType.ToString())} workflow runs for one contact at a time.");
                return TypedResults.ValidationProblem(errors.ToDictionary());
            default:
                return TypedResults.Accepted($"/api/stores/{storeId}/workflows/{workflowId}/runs/{result.RunId}", new RunStarted(result.RunId!));
        }
    }

    public static async Task<Results<Ok<NewsletterRunResponse>, Ok<RunView>, ProblemHttpResult>> GetRunAsync(
        string storeId, string workflowId, string runId, IGrainFactory grains)
    {
        var found = await grains.GetWorkflow(storeId, workflowId).GetRunAsync(runId);
        if (found.Newsletter is { } newsletter)
        {
            return TypedResults.Ok(NewsletterRunResponse.From(newsletter));
        }

        return found.Run is { } run ? TypedResults.Ok(run) : RunNotFound(workflowId, runId);
    }

    public static async Task<Results<Ok<NewsletterRunResponse>, Ok<RunView>, ProblemHttpResult>> CancelRunAsync(
        string storeId, string workflowId, string runId, IGrainFactory grains)
    {
        var found = await grains.GetWorkflow(storeId, workflowId).CancelRunAsync(runId);
        if (found.Newsletter is { } newsletter)
        {
            return newsletter.Status == NewsletterStatus.Cancelled
                ? TypedResults.Ok(NewsletterRunResponse.From(newsletter))
                : Over(runId, newsletter.Status.ToString());
        }

        if (found.Run is { } run)
        {
            return run.Status == RunStatus.Cancelled ? TypedResults.Ok(run) : Over(runId, run.Status.ToString());
        }

        return RunNotFound(workflowId, runId);
    }

    private static ProblemHttpResult Over(string runId, string status) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The run is over",
            detail: $"Run '{runId}' is {JsonNamingPolicy.CamelCase.ConvertName(status)} already: there is nothing left to cancel.");

    private static ProblemHttpResult RunNotFound(string workflowId, string runId) =>
        TypedResults.Problem(statusCode: 404, title: "Run not found", detail: $"Workflow '{workflowId}' has no run '{runId}'.");

    private static ProblemHttpResult NotFound(string storeId, string workflowId) =>
        TypedResults.Problem(statusCode: 404, title: "Workflow not found", detail: $"Store '{storeId}' has no workflow '{workflowId}'.");
}

public sealed record WorkflowResponse(string WorkflowId, int Version, bool Active, TriggerType Trigger, string? EventType, JsonElement Definition, DateTimeOffset UpdatedAt)
{
    public static WorkflowResponse From(WorkflowInfo info)
    {
        using var document = JsonDocument.Parse(info.DefinitionJson);
        return new(info.WorkflowId, info.Version, info.Active, info.TriggerType, info.EventType, document.RootElement.Clone(), info.UpdatedAt);
    }
}

public sealed record RunStarted(string RunId);

/// <summary>A newsletter run's progress in the shape docs/api.md gives, with a few additions (queued, waiting, shards).</summary>
public sealed record NewsletterRunResponse(
    string RunId,
    string WorkflowId,
    int Version,
    NewsletterStatus Status,
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
    DateTimeOffset? CompletedAt,
    long Delivered,
    long Undelivered,
    DateTimeOffset? CancelledAt)
{
    public static NewsletterRunResponse From(NewsletterView view)
    {
        var c = view.Counters;
        return new(view.RunId, view.WorkflowId, view.Version, view.Status, c.Contacts, c.Sent,
            new SkippedCounts(c.Bounced, c.Paused, c.NotSubscribed, c.NoPhone, c.FilteredOut, c.TooLong, c.Deleted),
            c.Failed, c.Queued, c.Waiting, view.Shards, view.ShardsDone, view.StartedAt, view.StartAt, view.CompletedAt,
            view.Delivered, view.Undelivered, view.CancelledAt);
    }
}

public sealed record SkippedCounts(long Bounced, long Paused, long NotSubscribed, long NoPhone, long FilteredOut, long TooLong, long Deleted);
