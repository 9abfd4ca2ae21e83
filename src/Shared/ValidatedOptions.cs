using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansSms;

/// <summary>
/// The one way an options class is registered, compiled into each project that registers one
/// (linked from <c>src/Shared</c>): bound from its configuration section, checked by its
/// source-generated DataAnnotations validator (<c>[OptionsValidator]</c>) when the host starts,
/// so a bad value stops the start with a message naming its key (<c>Section:Property</c>).
/// </summary>
internal static class ValidatedOptions
{
    /// <param name="services">The host's services.</param>
    /// <param name="section">The configuration section the options bind (e.g. <c>Instasent</c>).</param>
    /// <param name="defaults">Defaults that depend on the host, applied before the section so configuration still wins.</param>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(
        this IServiceCollection services, string section, Action<TOptions>? defaults = null)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>, new()
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new SectionValidator<TOptions>(section, new TValidator()));
        var builder = services.AddOptions<TOptions>();
        if (defaults is not null)
        {
            builder.Configure(defaults);
        }

        return builder.BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>
    /// Runs the generated validator and names each failing member by its configuration key: the
    /// generator calls a member <c>{Type}.{Property}</c>, which an operator cannot find in a
    /// settings file; <c>{Section}:{Property}</c> (environment: <c>Section__Property</c>) they can.
    /// </summary>
    private sealed class SectionValidator<TOptions>(string section, IValidateOptions<TOptions> generated) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var result = generated.Validate(name, options);
            if (!result.Failed)
            {
                return result;
            }

            var typeName = typeof(TOptions).Name + ".";
            return ValidateOptionsResult.Fail(
                (result.Failures ?? [result.FailureMessage]).Select(f => f.Replace(typeName, section + ":", StringComparison.Ordinal)));
        }
    }
}
