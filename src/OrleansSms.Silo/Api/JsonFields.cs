using System.Text.Json;

namespace OrleansSms.Silo.Api;

/// <summary>
/// The field readers request binders share, so every route words the same problem the same way:
/// unknown properties, required text, single-line names and keys, optional ids.
/// </summary>
public static class JsonFields
{
    /// <summary>Refuses every property not in <paramref name="allowed"/>, naming what the request takes.</summary>
    public static void RefuseUnknown(JsonElement body, ValidationErrors errors, params string[] allowed)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                errors.Add(property.Name, $"is not a property of this request: use {string.Join(", ", allowed)}.");
            }
        }
    }

    /// <summary>
    /// A required non-blank string of at most <paramref name="maxLength"/> characters; a
    /// single-line one (names, keys) also refuses line breaks and tabs.
    /// </summary>
    public static string? RequiredText(JsonElement body, string name, int maxLength, ValidationErrors errors, bool multiLine = false)
    {
        var value = body.TryGetProperty(name, out var v) ? v : default;
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text &&
            !string.IsNullOrWhiteSpace(text) && text.Length <= maxLength &&
            (multiLine || !JsonRequestReader.ContainsControl(text, allowLineBreaks: false)))
        {
            return text;
        }

        var lines = multiLine ? "" : " on one line";
        errors.AddValue(name, value, $"is required: a non-blank string of at most {maxLength} characters{lines}.");
        return null;
    }

    /// <summary>An optional id (null when absent or null); <paramref name="rule"/> words what a valid one is.</summary>
    public static string? OptionalId(JsonElement body, string name, Func<string?, bool> isValid, string rule, ValidationErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && isValid(value.GetString()))
        {
            return value.GetString();
        }

        errors.AddValue(name, value, $"is not an id: {rule}.");
        return null;
    }

    /// <summary>An optional single-line string of 1 to <paramref name="maxLength"/> characters.</summary>
    public static string? OptionalKey(JsonElement body, string name, int maxLength, ValidationErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } key && key.Length <= maxLength &&
            !JsonRequestReader.ContainsControl(key, allowLineBreaks: false))
        {
            return key;
        }

        errors.AddValue(name, value, $"must be a string of 1-{maxLength} characters on one line.");
        return null;
    }
}
