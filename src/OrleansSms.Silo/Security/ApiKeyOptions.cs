using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansSms.Silo.Security;

/// <summary>
/// API keys, bound from <c>Api:Keys:N:Key</c>, <c>Api:Keys:N:StoreId</c> and <c>Api:Keys:N:Name</c>. Validated at start:
/// outside Development the silo refuses to start without keys; in Development the well-known
/// <see cref="DevelopmentKey"/> stands in (see <see cref="DevelopmentApiKey"/>).
/// </summary>
public sealed class ApiKeyOptions : IValidatableObject
{
    public const string Section = "Api";

    /// <summary>The key the Development environment uses when none is configured.</summary>
    public const string DevelopmentKey = "dev-key";

    /// <summary>The shortest key accepted (the Development key excepted).</summary>
    public const int MinimumKeyLength = 8;

    /// <summary>The longest <see cref="ApiKey.Name"/>.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The name the Development key goes by.</summary>
    public const string DevelopmentKeyName = "development";

    public const string NameRule = "1-64 characters of A-Z a-z 0-9 _ - .";

    /// <summary>
    /// Configured keys, at least one. A key without <see cref="ApiKey.StoreId"/> works for every
    /// store. No default (Development: <see cref="DevelopmentKey"/> when none is configured).
    /// </summary>
    public List<ApiKey> Keys { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Keys.Count == 0)
        {
            yield return new ValidationResult(
                "No API keys are configured: set Api__Keys__0__Key (and optionally Api__Keys__0__StoreId).", [nameof(Keys)]);
        }

        var labels = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Keys.Count; i++)
        {
            var key = Keys[i];
            if (key.Key.Length < MinimumKeyLength && key.Key != DevelopmentKey)
            {
                yield return new ValidationResult($"{Section}:{nameof(Keys)}:{i}:{nameof(ApiKey.Key)} must be at least {MinimumKeyLength} characters.", [nameof(Keys)]);
            }

            var nameKey = $"{Section}:{nameof(Keys)}:{i}:{nameof(ApiKey.Name)}";
            if (key.HasName && !IsValidName(key.Name))
            {
                // The name is shown in audit trails and logs: it is never quoted here, it may be a mistyped key.
                yield return new ValidationResult($"{nameKey} must be {NameRule}.", [nameof(Keys)]);
                continue;
            }

            if (key.HasName && Keys.Exists(k => k.Key.Length > 0 && string.Equals(k.Key, key.Name, StringComparison.Ordinal)))
            {
                yield return new ValidationResult($"{nameKey} is one of the keys: a name is shown in audit trails, a key must stay secret.", [nameof(Keys)]);
                continue;
            }

            var label = LabelOf(key, i);
            if (labels.TryGetValue(label, out var first))
            {
                yield return new ValidationResult(
                    $"{nameKey}: '{label}' is already the name of {Section}:{nameof(Keys)}:{first}; each key needs a name of its own (an unnamed key N is 'key-N').", [nameof(Keys)]);
            }
            else
            {
                labels[label] = i;
            }
        }
    }

    /// <summary>
    /// What the key at <paramref name="index"/> is called where its actions are shown (the audit
    /// trail): its <see cref="ApiKey.Name"/>, else <c>key-{index}</c>, never anything of the key itself.
    /// </summary>
    public static string LabelOf(ApiKey key, int index) =>
        key.HasName ? key.Name! : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"key-{index}");

    public static bool IsValidName(string? name)
    {
        if (name is null || name.Length is 0 or > MaxNameLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}

public sealed class ApiKey
{
    /// <summary>The secret a client sends as <c>Authorization: Bearer {key}</c>. No default.</summary>
    public string Key { get; set; } = "";

    /// <summary>The one store this key may act on; empty (default) for all stores.</summary>
    public string? StoreId { get; set; }

    /// <summary>
    /// What the key is called in the audit trail and the console, e.g. <c>shop-backend</c>
    /// (<see cref="ApiKeyOptions.NameRule"/>, unique); not secret. Empty (default): <c>key-{N}</c>,
    /// its place in <c>Api:Keys</c>.
    /// </summary>
    public string? Name { get; set; }

    public bool IsForAllStores => string.IsNullOrEmpty(StoreId);

    internal bool HasName => !string.IsNullOrEmpty(Name);
}

/// <summary>The source-generated DataAnnotations validator of <see cref="ApiKeyOptions"/> (it runs <see cref="ApiKeyOptions.Validate"/>).</summary>
[OptionsValidator]
public sealed partial class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>;

/// <summary>Adds the development key when the Development environment has none configured.</summary>
internal sealed class DevelopmentApiKey(IHostEnvironment environment) : IPostConfigureOptions<ApiKeyOptions>
{
    public void PostConfigure(string? name, ApiKeyOptions options)
    {
        if (options.Keys.Count == 0 && environment.IsDevelopment())
        {
            options.Keys.Add(new ApiKey { Key = ApiKeyOptions.DevelopmentKey, Name = ApiKeyOptions.DevelopmentKeyName });
        }
    }
}
