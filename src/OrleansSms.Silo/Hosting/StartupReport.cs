using Microsoft.Extensions.Options;
using OrleansSms.Silo.Security;
using OrleansSms.Silo.Storage;

namespace OrleansSms.Silo.Hosting;

/// <summary>Says at start where state lives, where the console is and, in Development, which key the API takes.</summary>
internal sealed partial class StartupReport(
    IOptions<ApiKeyOptions> keys,
    IConfiguration configuration,
    PublicUrls urls,
    ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var storage = StorageSettings.FromConfiguration(configuration);
        LogStorage(logger, storage.Mode, storage.Mode == StorageMode.Sqlite ? storage.SqlitePath : null, urls.BaseUrl);
        LogConsole(logger, urls.BaseUrl.TrimEnd('/') + Console.ConsolePaths.Root);
        if (keys.Value.Keys.Any(k => k.Key == ApiKeyOptions.DevelopmentKey))
        {
            LogDevelopmentKey(logger, ApiKeyOptions.DevelopmentKey);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "OrleansSms silo: storage {Mode} {SqlitePath}; callback URLs built on {PublicBaseUrl}")]
    private static partial void LogStorage(ILogger logger, StorageMode mode, string? sqlitePath, string publicBaseUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Web console at {ConsoleUrl} (sign in with an API key)")]
    private static partial void LogConsole(ILogger logger, string consoleUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API keys configured: the Development key '{Key}' works for all stores. Configure Api__Keys__0__Key outside Development.")]
    private static partial void LogDevelopmentKey(ILogger logger, string key);
}
