using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSms.Domain.Contacts;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Workflows;

/// <summary>
/// The body of <c>PUT …/workflows/{workflowId}</c>: a workflow definition. Its structure and
/// rules are checked by the workflow grain (the parser and validator live in Domain), which
/// lists every problem at once; here it only has to be a checked JSON object.
/// </summary>
public sealed record WorkflowDefinitionRequest(string Name, JsonElement Trigger, string Start, JsonElement[] Nodes) : IJsonRequest<WorkflowDefinitionRequest>
{
    /// <summary>The definition as sent: what the workflow grain parses, validates and stores.</summary>
    [JsonIgnore]
    public string Json { get; private init; } = "";

    public static ValueTask<WorkflowDefinitionRequest?> BindAsync(JsonElement body, BindingContext context) =>
        ValueTask.FromResult<WorkflowDefinitionRequest?>(new WorkflowDefinitionRequest("", default, "", []) { Json = body.GetRawText() });
}

/// <summary>
/// The optional body of <c>POST …/workflows/{workflowId}/runs</c>: <c>contactId</c> runs the
/// workflow for one contact; without it a newsletter workflow runs over its audience. A
/// <c>runId</c> makes a retried request the same run.
/// </summary>
public sealed record StartRunRequest(string? ContactId, string? RunId) : IJsonRequest<StartRunRequest>
{
    public static ValueTask<StartRunRequest?> BindAsync(JsonElement body, BindingContext context)
    {
        var errors = context.Errors;
        JsonFields.RefuseUnknown(body, errors, "contactId", "runId");
        var contactId = JsonFields.OptionalId(body, "contactId", ContactIds.IsValid, RouteIds.ContactIdRule, errors);
        var runId = JsonFields.OptionalId(body, "runId", ContactIds.IsValidStoreId, RouteIds.IdRule, errors);
        return ValueTask.FromResult(errors.Any ? null : new StartRunRequest(contactId, runId));
    }
}
