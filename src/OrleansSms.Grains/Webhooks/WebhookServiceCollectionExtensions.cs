using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansSms.Grains.Webhooks;

/// <summary>The services webhooks need on a silo (their options are registered beside the others').</summary>
public static class WebhookServiceCollectionExtensions
{
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton(WebhookSender.TimeProviderKey, TimeProvider.System);
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookSubscriptions>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            })
            .RemoveAllLoggers();
        return services;
    }
}
