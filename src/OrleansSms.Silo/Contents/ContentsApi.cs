using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Contents;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Contents;
using OrleansSms.Domain.Lists;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Contents;

/// <summary>SMS contents and the analysis of a text (encoding, length, segments, variables).</summary>
public static class ContentsApi
{
    public static RouteGroupBuilder MapContentsApi(this RouteGroupBuilder stores, IEndpointRouteBuilder api)
    {
        var contents = stores.MapGroup("/{storeId}/sms").WithTags("SMS contents");
        contents.MapGet("/", ListContentsAsync).WithSummary("The store's SMS contents in id order, each with its analysis");
        contents.MapPut("/{smsId}", PutContentAsync).WithBodyLimit(BodyLimits.Small).WithSummary("Saves an SMS content; the answer tells its encoding, length and segments");
        contents.MapGet("/{smsId}", GetContentAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One SMS content with its analysis");
        contents.MapDelete("/{smsId}", DeleteContentAsync)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Deletes an SMS content")
            .WithDescription("409 naming the active workflows whose current version uses it (deactivate them, or save versions without it, first); else 204, also for an id that names no content. The id may be saved again.");
        api.MapPost("/sms/analyze", Analyze).WithBodyLimit(BodyLimits.Text).WithTags("SMS contents").WithSummary("Encoding, characters, segments and variables of a text");
        return stores;
    }

    public static async Task<Ok<SmsContentResponse>> PutContentAsync(
        string storeId, string smsId, Json<SmsContentRequest> body, IGrainFactory grains)
    {
        var saved = await grains.GetSmsContent(storeId, smsId).SaveAsync(body.Value.Name, body.Value.Text);
        return TypedResults.Ok(SmsContentResponse.From(saved));
    }

    public static async Task<Results<Ok<SmsContentResponse>, ProblemHttpResult>> GetContentAsync(
        string storeId, string smsId, IGrainFactory grains)
    {
        var content = await grains.GetSmsContent(storeId, smsId).GetAsync();
        return content is null
            ? TypedResults.Problem(statusCode: 404, title: "SMS content not found", detail: $"Store '{storeId}' has no SMS content '{smsId}'.")
            : TypedResults.Ok(SmsContentResponse.From(content));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteContentAsync(string storeId, string smsId, IGrainFactory grains)
    {
        var users = await grains.GetStoreWorkflows(storeId).DeleteContentAsync(smsId);
        return users.Length == 0
            ? TypedResults.NoContent()
            : TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The SMS content is in use",
                detail: $"SMS content '{smsId}' is used by the active workflow{(users.Length == 1 ? "" : "s")} {string.Join(", ", users.Select(u => $"'{u}'"))}: deactivate {(users.Length == 1 ? "it" : "them")}, or save a version without it, first.",
                extensions: new Dictionary<string, object?> { ["workflows"] = users });
    }

    public static async Task<Results<Ok<ListResponse<SmsContentResponse>>, ValidationProblem>> ListContentsAsync(
        string storeId, string? limit, string? cursor, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var (size, after) = ListQuery.Read<IdCursor>(limit, cursor, errors);
        if (errors.Any)
        {
            return RequestProblems.Invalid(errors);
        }

        var page = await grains.GetSmsContentDirectory(storeId).ListAsync(after?.AfterId, size);
        return TypedResults.Ok(new ListResponse<SmsContentResponse>(
            [.. page.Items.Select(SmsContentResponse.From)],
            page.NextAfter is { } next ? new IdCursor(next).ToToken() : null));
    }

    public static Ok<SmsAnalysis> Analyze(Json<AnalyzeRequest> body) => TypedResults.Ok(SmsAnalyzer.Analyze(body.Value.Text));
}

/// <summary>An SMS content with what its text costs.</summary>
public sealed record SmsContentResponse(string SmsId, string Name, string Text, SmsAnalysis Analysis, DateTimeOffset UpdatedAt)
{
    public static SmsContentResponse From(SmsContent content) =>
        new(content.SmsId, content.Name, content.Text, SmsAnalyzer.Analyze(content.Text), content.UpdatedAt);
}
