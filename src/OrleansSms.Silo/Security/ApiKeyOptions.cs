using Microsoft.Extensions.Options;

namespace OrleansSms.Silo.Security;

/// <summary>API keys, bound from <c>Api:Keys:N:Key</c> and <c>Api:Keys:N:StoreId</c>.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Api";

    /// <summary>The key the Development environment uses when none is configured.</summary>
    public const string DevelopmentKey = "dev-key";

    /// <summary>Configured keys. A key without <see cref="ApiKey.StoreId"/> works for every store.</summary>
    public List<ApiKey> Keys { get; set; } = [];
}

public sealed class ApiKey
{
    public string Key { get; set; } = "";

    /// <summary>The one store this key may act on; empty for all stores.</summary>
    public string? StoreId { get; set; }

    public bool IsForAllStores => string.IsNullOrEmpty(StoreId);
}

/// <summary>
/// Outside Development the silo refuses to start without keys; in Development the
/// well-known <see cref="ApiKeyOptions.DevelopmentKey"/> stands in (see <see cref="DevelopmentApiKey"/>).
/// </summary>
internal sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        if (options.Keys.Count == 0)
        {
            return ValidateOptionsResult.Fail(
                "No API keys are configured: set Api__Keys__0__Key (and optionally Api__Keys__0__StoreId).");
        }

        var failures = new List<string>();
        for (var i = 0; i < options.Keys.Count; i++)
        {
            if (options.Keys[i].Key.Length < 8 && options.Keys[i].Key != ApiKeyOptions.DevelopmentKey)
            {
                failures.Add($"Api:Keys:{i}:Key must be at least 8 characters.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

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
