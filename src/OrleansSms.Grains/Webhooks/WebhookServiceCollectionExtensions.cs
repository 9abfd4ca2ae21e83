using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansSms.Grains.Webhooks;

/// <summary>
/// The services webhooks need on a silo (their options are registered beside the others'): the
/// webhooks' clock, the sender and its named <see cref="HttpClient"/> (no redirects, no logging of
/// its own, no trace headers sent out), and the silo's cache of which events stores want.
/// </summary>
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

                // The store's endpoint is not ours: our trace context stays in the cluster.
                ActivityHeadersPropagator = System.Diagnostics.DistributedContextPropagator.CreateNoOutputPropagator(),
            })
            .RemoveAllLoggers();
        return services;
    }
}
