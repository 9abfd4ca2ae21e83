using Orleans.Configuration;
using OrleansSms.Grains;
using OrleansSms.Grains.Contacts;
using OrleansSms.Grains.Sending;
using OrleansSms.Grains.Webhooks;
using OrleansSms.Instasent;
using OrleansSms.Silo.Admission;
using OrleansSms.Silo.Callbacks;
using OrleansSms.Silo.Contacts;
using OrleansSms.Silo.Storage;

namespace OrleansSms.Silo.Hosting;

/// <summary>Orleans in the web host: clustering, storage and reminders per configuration, and the services grains use.</summary>
public static partial class OrleansSmsHosting
{
    public static WebApplicationBuilder AddOrleansSms(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<NewContactWriter>();
        services.AddSingleton<Grains.Workflows.WorkflowVersionCache>();
        services.AddSingleton<ContactImporter>();
        services.AddSingleton<ContactStateReader>();
        services.AddSingleton<ContactExporter>();
        services.AddSingleton<ContactDirectoryRebuilder>();
        services.AddSingleton<CallbackSecrets>();
        services.AddSingleton<SendBacklog>();
        services.AddHostedService<SendBacklogReporter>();
        services.AddHostedService<StartupReport>();
        services.AddInstasentClient();
        services.AddAdmissionControl();
        services.AddValidatedOptions<ConnectorOptions, ConnectorOptionsValidator>(ConnectorOptions.Section);
        services.AddValidatedOptions<DurabilityOptions, DurabilityOptionsValidator>(DurabilityOptions.Section);
        services.AddValidatedOptions<Grains.Workflows.WorkflowOptions, Grains.Workflows.WorkflowOptionsValidator>(Grains.Workflows.WorkflowOptions.Section);
        services.AddValidatedOptions<Grains.Audit.AuditOptions, Grains.Audit.AuditOptionsValidator>(Grains.Audit.AuditOptions.Section);
        services.AddValidatedOptions<WebhookOptions, WebhookOptionsValidator>(WebhookOptions.Section);
        services.AddWebhookDelivery();
        services.AddValidatedOptions<Grains.Reports.ReportOptions, Grains.Reports.ReportOptionsValidator>(Grains.Reports.ReportOptions.Section);

        // Registered before Orleans so the simulator is listening when the first grain sends.
        AddBundledSimulator(builder);

        var storage = StorageSettings.FromConfiguration(builder.Configuration);
        services.AddValidatedOptions<ImportOptions, ImportOptionsValidator>(
            ImportOptions.Section, o => o.Parallelism = storage.Mode switch
            {
                StorageMode.Memory => 16,
                StorageMode.Sqlite => 2,
                _ => 64,
            });
        var cluster = ClusterSettings.FromConfiguration(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.UseOrleansSmsStorage(storage, cluster);
            silo.AddOrleansSmsTelemetry(builder.Configuration);

            // A database outage: a grain whose call failed on it rereads its state next time, and
            // the provider's exceptions keep their type across silos, so the API answers 503.
            silo.AddIncomingGrainCallFilter<OrleansSms.Grains.StorageFailureFilter>();
            silo.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));

            // Operators (and the failure tests) tune how fast a dead silo is noticed and how
            // often reminders may tick: ClusterTuning:Membership:ProbeTimeout, …:NumMissedProbesLimit,
            // ClusterTuning:Reminders:MinimumReminderPeriod, …:RefreshReminderListPeriod. Not under "Orleans": Orleans reads
            // that section itself and takes its subsections for provider settings.
            silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("ClusterTuning:Membership"));
            // A reminder registered on a silo as it stops (a message Instasent could not take yet)
            // can miss the survivors' first read of the silo's reminders; they see it at their next
            // refresh of the table. Orleans refreshes every 5 minutes; a minute keeps such a resend close.
            silo.Configure<ReminderOptions>(o => o.RefreshReminderListPeriod = TimeSpan.FromMinutes(1));
            silo.Configure<ReminderOptions>(builder.Configuration.GetSection("ClusterTuning:Reminders"));

            // A store's contacts can outnumber what a silo can hold: under memory pressure idle
            // activations go early instead of the process running out (ClusterTuning:Collection:*
            // tunes it, e.g. MemoryUsageLimitPercentage; the limit is the container's when set).
            silo.Configure<GrainCollectionOptions>(o => o.EnableActivationSheddingOnMemoryPressure = true);
            silo.Configure<GrainCollectionOptions>(builder.Configuration.GetSection("ClusterTuning:Collection"));

            // In Kubernetes the pod's name, namespace and IP come from the downward API, and dead
            // pods are removed from membership by watching the API server (deploy/k8s).
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")))
            {
                silo.UseKubernetesHosting();
            }
        });
        return builder;
    }

    /// <summary>The setting that lets a Production silo run on the bundled simulator (off by default).</summary>
    public const string AllowBundledSimulatorKey = "Instasent:AllowBundledSimulator";

    /// <summary>
    /// Starts the bundled Instasent simulator when <c>Instasent:BaseUrl</c> is unset. Implemented
    /// in <c>BundledSimulator.cs</c>, which only a development build compiles: in a published
    /// silo this call does not exist, and the unset URL stops the start instead.
    /// </summary>
    static partial void AddBundledSimulator(WebApplicationBuilder builder);
}
