using System.Text.Json;

namespace OrleansSms.Silo.Api;

/// <summary>Collects every problem of a request, each under the field it concerns.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>Adds "<c>'value' message</c>" so the answer names what was wrong, not just where.</summary>
    public void AddValue(string field, JsonElement value, string message) => Add(field, $"{Show(value)} {message}");

    public void AddValue(string field, string? value, string message) =>
        Add(field, $"{(value is null ? "null" : Quote(value))} {message}");

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Quote(value.GetString()!),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Undefined => "missing",
        _ => value.GetRawText(),
    };

    /// <summary>Quoted, cut at 80 characters, control characters escaped: an error is itself clean text.</summary>
    private static string Quote(string value) => value.Length > 80
        ? $"'{JsonRequestReader.Escape(value[..77])}...'"
        : $"'{JsonRequestReader.Escape(value)}'";
}
