namespace OrleansSms.Grains.Stores;

/// <summary>
/// Tells the provider side about a store's account. Instasent itself is configured by the
/// store in its panel, so in production this does nothing; the bundled simulator learns each
/// token and its callback URL through it.
/// </summary>
public interface IProviderAccounts
{
    Task RegisterAsync(string storeId, string apiToken, string callbackSecret);
}

/// <summary>The production default: the store pastes the callback URL into Instasent's panel.</summary>
public sealed class NoProviderAccounts : IProviderAccounts
{
    public Task RegisterAsync(string storeId, string apiToken, string callbackSecret) => Task.CompletedTask;
}
