using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Newsletters;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Contents;
using OrleansSms.Domain.Lists;
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
        stores.MapGet("/{storeId}/workflows", ListWorkflowsAsync).WithTags("Workflows")
            .WithSummary("The store's workflows in id order, each with its version, trigger and whether it is active");
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
        workflows.MapGet("/versions/{version}", GetVersionAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One saved version of a workflow, as it was saved");
        workflows.MapGet("/runs", ListRunsAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The workflow's runs, newest first, each with its status and counters")
            .WithDescription("Newsletters and one-contact runs (event, reply, manual); status filters by runs' status. The newest Workflows:ListedRuns are listed; an older run is still found by its id.");
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

    public static async Task<Results<Ok<ListResponse<WorkflowSummaryResponse>>, ValidationProblem>> ListWorkflowsAsync(
        string storeId, string? limit, string? cursor, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var (size, after) = ListQuery.Read<IdCursor>(limit, cursor, errors);
        if (errors.Any)
        {
            return RequestProblems.Invalid(errors);
        }

        var page = await grains.GetWorkflowDirectory(storeId).ListAsync(after?.AfterId, size);
        return TypedResults.Ok(new ListResponse<WorkflowSummaryResponse>(
            [.. page.Items.Select(WorkflowSummaryResponse.From)],
            page.NextAfter is { } next ? new IdCursor(next).ToToken() : null));
    }

    public static async Task<Results<Ok<WorkflowVersionResponse>, ValidationProblem, ProblemHttpResult>> GetVersionAsync(
        string storeId, string workflowId, string version, IGrainFactory grains)
    {
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || version.Length > 9)
        {
            var errors = new ValidationErrors();
            errors.AddValue("version", version, "is not a version: a whole number from 1.");
            return RequestProblems.Invalid(errors);
        }

        var json = await grains.GetWorkflow(storeId, workflowId).GetVersionAsync(number);
        if (json is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Workflow version not found",
                detail: $"Store '{storeId}' has no version {number} of workflow '{workflowId}'.");
        }

        using var document = JsonDocument.Parse(json);
        return TypedResults.Ok(new WorkflowVersionResponse(workflowId, number, document.RootElement.Clone()));
    }

    public static async Task<Results<Ok<ListResponse<RunListItemResponse>>, ValidationProblem, ProblemHttpResult>> ListRunsAsync(
        string storeId, string workflowId, string? status, string? limit, string? cursor, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var (size, after) = ListQuery.Read<TimeCursor>(limit, cursor, errors);
        RunListStatus? only = null;
        if (!string.IsNullOrEmpty(status))
        {
            only = Enum.GetValues<RunListStatus>().Where(s => JsonNamingPolicy.CamelCase.ConvertName(s.ToString()) == status).Cast<RunListStatus?>().FirstOrDefault();
            if (only is null)
            {
                errors.AddValue("status", status,
                    $"is not a run status: use {string.Join(", ", Enum.GetValues<RunListStatus>().Select(s => JsonNamingPolicy.CamelCase.ConvertName(s.ToString())))}.");
            }
        }

        if (errors.Any)
        {
            return RequestProblems.Invalid(errors);
        }

        var page = await grains.GetWorkflow(storeId, workflowId).ListRunsAsync(new RunListQuery
        {
            Limit = size,
            Status = only,
            AfterStartedAt = after?.At,
            AfterRunId = after?.Id,
        });
        if (page is null)
        {
            return NotFound(storeId, workflowId);
        }

        return TypedResults.Ok(new ListResponse<RunListItemResponse>(
            [.. page.Items.Select(RunListItemResponse.From)],
            page is { NextStartedAt: { } at, NextRunId: { } id } ? new TimeCursor(at, id).ToToken() : null));
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

/// <summary>A workflow in the list of workflows: no definition (GET of the workflow, or of a version, has it).</summary>
public sealed record WorkflowSummaryResponse(string WorkflowId, string Name, int Version, bool Active, TriggerType Trigger, string? EventType, DateTimeOffset UpdatedAt)
{
    public static WorkflowSummaryResponse From(WorkflowSummary summary) =>
        new(summary.WorkflowId, summary.Name, summary.Version, summary.Active, summary.TriggerType, summary.EventType, summary.UpdatedAt);
}

/// <summary>One saved version of a workflow's definition.</summary>
public sealed record WorkflowVersionResponse(string WorkflowId, int Version, JsonElement Definition);

/// <summary>
/// A run in a workflow's list of runs: a one-contact run's contact and steps, or a newsletter's
/// counters (its deliveries are in the run's own answer); the other kind's fields are null.
/// </summary>
public sealed record RunListItemResponse(
    string RunId,
    RunKind Kind,
    RunListStatus Status,
    int Version,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? ContactId,
    int? Steps,
    DateTimeOffset? WaitingUntil,
    long? Contacts,
    long? Sent,
    SkippedCounts? Skipped,
    long? Failed,
    long? Queued,
    long? Waiting,
    int? Shards,
    int? ShardsDone,
    DateTimeOffset? StartAt)
{
    public static RunListItemResponse From(RunListItem item)
    {
        var run = item.Run;
        if (item.Newsletter is not { } newsletter)
        {
            var contact = run.Kind == RunKind.Contact;
            return new(run.RunId, run.Kind, run.Status, run.Version, run.StartedAt, run.EndedAt, run.ContactId,
                contact ? run.Steps : null, run.WaitingUntil, null, null, null, null, null, null, null, null, null);
        }

        var c = newsletter.Counters;
        return new(run.RunId, run.Kind, run.Status, run.Version, run.StartedAt, run.EndedAt, null, null, null,
            c.Contacts, c.Sent, new SkippedCounts(c.Bounced, c.Paused, c.NotSubscribed, c.NoPhone, c.FilteredOut, c.TooLong, c.Deleted),
            c.Failed, c.Queued, c.Waiting, newsletter.Shards, newsletter.ShardsDone, newsletter.StartAt);
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
