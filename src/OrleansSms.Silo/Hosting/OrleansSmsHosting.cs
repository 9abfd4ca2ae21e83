using OrleansSms.Grains.Messaging;
using OrleansSms.Grains.Stores;
using OrleansSms.Instasent;
using OrleansSms.Silo.Callbacks;
using OrleansSms.Silo.Contacts;
using OrleansSms.Silo.Storage;

namespace OrleansSms.Silo.Hosting;

/// <summary>Orleans in the web host: clustering, storage and reminders per configuration, and the services grains use.</summary>
public static class OrleansSmsHosting
{
    public static WebApplicationBuilder AddOrleansSms(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<ContactImporter>();
        services.AddSingleton<CallbackSecrets>();
        services.AddHostedService<StartupReport>();
        services.AddInstasentClient();
        services.AddOptions<ConnectorOptions>().BindConfiguration(ConnectorOptions.Section);

        // Registered before Orleans so the simulator is listening when the first grain sends.
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{InstasentOptions.Section}:{nameof(InstasentOptions.BaseUrl)}"]))
        {
            services.AddSingleton<BundledSimulator>();
            services.AddSingleton<IProviderAccounts>(sp => sp.GetRequiredService<BundledSimulator>());
            services.AddHostedService(sp => sp.GetRequiredService<BundledSimulator>());
        }
        else
        {
            services.AddSingleton<IProviderAccounts, NoProviderAccounts>();
        }

        var storage = StorageSettings.FromConfiguration(builder.Configuration);
        var cluster = ClusterSettings.FromConfiguration(builder.Configuration);
        builder.UseOrleans(silo => silo.UseOrleansSmsStorage(storage, cluster));
        return builder;
    }
}
