using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansSms.Silo.Security;

/// <summary>
/// API keys, bound from <c>Api:Keys:N:Key</c> and <c>Api:Keys:N:StoreId</c>. Validated at start:
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

        for (var i = 0; i < Keys.Count; i++)
        {
            if (Keys[i].Key.Length < MinimumKeyLength && Keys[i].Key != DevelopmentKey)
            {
                yield return new ValidationResult($"{Section}:{nameof(Keys)}:{i}:{nameof(ApiKey.Key)} must be at least {MinimumKeyLength} characters.", [nameof(Keys)]);
            }
        }
    }
}

public sealed class ApiKey
{
    /// <summary>The secret a client sends as <c>Authorization: Bearer {key}</c>. No default.</summary>
    public string Key { get; set; } = "";

    /// <summary>The one store this key may act on; empty (default) for all stores.</summary>
    public string? StoreId { get; set; }

    public bool IsForAllStores => string.IsNullOrEmpty(StoreId);
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
            options.Keys.Add(new ApiKey { Key = ApiKeyOptions.DevelopmentKey });
        }
    }
}
