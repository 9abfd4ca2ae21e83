using System.Text.Json;

namespace OrleansSms.Silo.Api;

/// <summary>
/// Reads a request body as a JSON object by hand: merge semantics need to tell an absent
/// property from an explicit null, which model binding cannot.
/// </summary>
internal static class JsonBody
{
    private const int MaxBytes = 1 << 20;

    public static async Task<(JsonDocument? Document, ValidationErrors? Errors)> ReadObjectAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (request.ContentLength > MaxBytes)
        {
            errors.Add("body", $"must be at most {MaxBytes} bytes.");
            return (null, errors);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException e)
        {
            errors.Add("body", $"is not valid JSON: {e.Message}");
            return (null, errors);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            errors.Add("body", "must be a JSON object.");
            return (null, errors);
        }

        return (document, null);
    }
}
