namespace OrleansSms.Tests.Infrastructure;

/// <summary>One in-memory silo shared by the HTTP tests; each test uses its own store ids.</summary>
public sealed class MemorySiloFixture : IAsyncLifetime
{
    public SiloFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = Factory.CreateAuthorizedClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class MemorySiloCollection : ICollectionFixture<MemorySiloFixture>
{
    public const string Name = "memory silo";
}
