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

    /// <summary>
    /// 409: <paramref name="key"/> recorded a different message (another text, content, sender,
    /// kind, variables or recipient) for <paramref name="recipient"/>; named under <c>idempotencyKey</c>.
    /// </summary>
    public static ProblemHttpResult IdempotencyKeyReused(string key, string recipient)
    {
        var errors = new ValidationErrors();
        errors.AddValue("idempotencyKey", key,
            $"was already used for a different request to {recipient}: a new message needs a new key; the same request again answers the first one's result.");
        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Idempotency key already used",
            detail: "idempotencyKey " + errors.ToDictionary()["idempotencyKey"][0],
            extensions: new Dictionary<string, object?> { ["errors"] = errors.ToDictionary() });
    }

    public static ProblemHttpResult TooLarge(long maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large",
        detail: $"The body must be at most {maxBytes} bytes.");
}
