using System.Collections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrleansSms.Silo.Telemetry;

/// <summary>
/// Every logger of the process, through every provider (console, OpenTelemetry, a test's),
/// passes its lines and scopes through <see cref="SecretRedaction"/>, and takes the values of
/// credential headers out of their structured values:
/// <list type="bullet">
/// <item>The callback URL holds the store's secret in its path, and ASP.NET Core writes request
/// paths in places no option turns off one by one: hosting's "Request starting" lines and its
/// <c>RequestPath</c> scope (which every line logged during the request carries), and routing's
/// debug lines.</item>
/// <item>IHttpClientFactory's Trace-level header lines print <c>Authorization: *</c>, but their
/// structured values (what OpenTelemetry exports as attributes) hold the raw header: the
/// Instasent token.</item>
/// </list>
/// </summary>
/// <remarks>
/// Cost: a line that is logged at all (its level enabled) is formatted once more here and
/// checked with an ordinal search; only a line that holds such a path is rebuilt.
/// </remarks>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>Wraps the <see cref="LoggerFactory"/> that <c>AddLogging</c> registers.</summary>
    public static void Register(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull =>
            RedactedState.TryRedact(state, out var redacted) ? inner.BeginScope(redacted) : inner.BeginScope(state);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            if (SecretRedaction.MayContainSecret(message) || RedactedState.HoldsSecret(state))
            {
                var redacted = RedactedState.From(state, SecretRedaction.Redact(message));
                inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.ToString());
                return;
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    /// <summary>A log state or scope rebuilt with its secret-bearing values redacted; structured like the original.</summary>
    private sealed class RedactedState(List<KeyValuePair<string, object?>> values, string text) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private const string Redacted = "*";

        /// <summary>Header names whose values are credentials, wherever they appear as a structured value's name.</summary>
        private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase)
        {
            "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key",
        };

        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => text;

        public static bool HoldsSecret<TState>(TState state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    if (IsCredential(key, value) || SecretRedaction.MayContainSecret(AsText(value)))
                    {
                        return true;
                    }
                }

                return false;
            }

            return state is not null && SecretRedaction.MayContainSecret(AsText(state));
        }

        public static bool TryRedact<TState>(TState state, out RedactedState redacted)
        {
            if (state is null || !(HoldsSecret(state) || SecretRedaction.MayContainSecret(state.ToString())))
            {
                redacted = null!;
                return false;
            }

            redacted = From(state, SecretRedaction.Redact(state.ToString() ?? ""));
            return true;
        }

        public static RedactedState From<TState>(TState state, string text)
        {
            var values = new List<KeyValuePair<string, object?>>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    var valueText = AsText(value);
                    values.Add(new(key,
                        IsCredential(key, value) ? Redacted
                        : SecretRedaction.MayContainSecret(valueText) ? SecretRedaction.Redact(valueText!)
                        : value));
                }
            }

            return new RedactedState(values, text);
        }

        private static bool IsCredential(string key, object? value) =>
            CredentialHeaders.Contains(key) && value is not null && !Redacted.Equals(value as string, StringComparison.Ordinal);

        /// <summary>The text of values that can hold a path; numbers, dates and the like cannot. Collections element by element.</summary>
        private static string? AsText(object? value) => value switch
        {
            null => null,
            string s => s,
            Uri uri => uri.OriginalString,
            IFormattable or bool or char => null,
            IEnumerable<KeyValuePair<string, object?>> => null,
            IEnumerable<string> items => string.Join(", ", items),
            _ => value.ToString(),
        };
    }
}
