namespace OrleansSms.Silo.Storage;

/// <summary>
/// Applies the database schema at the very first stage of the silo lifecycle, before the ADO.NET
/// membership table (RuntimeInitialize), reminder table and grain storage (ApplicationServices) read
/// their OrleansQuery rows. A silo started on an empty PostgreSQL database or a missing SQLite file
/// therefore sets it up itself.
/// </summary>
internal sealed class StorageSchemaInitializer(StorageSettings settings, ILogger<StorageSchemaInitializer> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StorageSchemaInitializer), ServiceLifecycleStage.First, ApplyAsync);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        switch (settings.Mode)
        {
            case StorageMode.Postgres:
                await DatabaseSchema.EnsurePostgresAsync(settings.PostgresProviderConnectionString!, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("PostgreSQL schema for clustering, grain state and reminders is up to date.");
                break;
            case StorageMode.Sqlite:
                await DatabaseSchema.EnsureSqliteAsync(settings.SqlitePath!, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("SQLite schema for grain state and reminders is up to date in {Path}.", settings.SqlitePath);
                break;
        }
    }
}
