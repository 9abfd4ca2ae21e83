using Microsoft.AspNetCore.Http.HttpResults;

namespace OrleansSms.Silo.Api;

/// <summary>The problem answers of the request layer, worded once.</summary>
internal static class RequestProblems
{
    public static ValidationProblem Invalid(ValidationErrors errors) => TypedResults.ValidationProblem(errors.ToDictionary());

    public static ProblemHttpResult UnsupportedMediaType(string? contentType, string expected) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "Unsupported media type",
        detail: contentType is null or ""
            ? $"The request has no Content-Type: send {expected}."
            : $"Content-Type '{JsonRequestReader.Escape(contentType.Length > 100 ? contentType[..100] : contentType)}' is not accepted here: send {expected}.");

    public static ProblemHttpResult TooLarge(long maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large",
        detail: $"The body must be at most {maxBytes} bytes.");
}
