using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Console.Components.Shared;

/// <summary>A form's problems by field, as the API's binding reported them: what each field shows next to it.</summary>
public sealed class FieldErrors
{
    private IDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    public bool Has(string field) => _errors.ContainsKey(field);

    public string? Of(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public void Show(ValidationErrors errors) => _errors = errors.ToDictionary();

    public void Clear() => _errors = new Dictionary<string, string[]>();
}
