using OrleansSms.Silo.Contacts;
using OrleansSms.Silo.Storage;

namespace OrleansSms.Silo.Hosting;

/// <summary>Orleans in the web host: clustering, storage and reminders per configuration.</summary>
public static partial class OrleansSmsHosting
{
    public static WebApplicationBuilder AddOrleansSms(this WebApplicationBuilder builder)
    {
        var storage = StorageSettings.FromConfiguration(builder.Configuration);
        var cluster = ClusterSettings.FromConfiguration(builder.Configuration);
        builder.UseOrleans(silo => silo.UseOrleansSmsStorage(storage, cluster));
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddSingleton<ContactImporter>();
        builder.Services.AddHostedService<StartupReport>();
        return builder;
    }
}
