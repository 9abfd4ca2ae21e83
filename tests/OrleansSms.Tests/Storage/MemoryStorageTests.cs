using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSms.Grains;
using OrleansSms.Silo.Storage;
using Xunit.Abstractions;

namespace OrleansSms.Tests.Storage;

public sealed class MemoryStorageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Memory_grain_storage_honours_the_provider_contract()
    {
        await using var silo = await StorageTestSilo.StartAsync(
            StorageSettings.Memory(), StorageTestSilo.NewCluster("memory-contract", $"svc-{Guid.NewGuid():N}"), output);
        await StorageContract.VerifyGrainStorageAsync(silo.Services, Guid.NewGuid().ToString("N"));
    }

    [Fact]
    public async Task A_grain_never_shares_an_object_with_memory_storage()
    {
        await using var silo = await StorageTestSilo.StartAsync(
            StorageSettings.Memory(), StorageTestSilo.NewCluster("memory-copies", $"svc-{Guid.NewGuid():N}"), output);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Sms);
        var id = GrainId.Create("memory-probe", Guid.NewGuid().ToString("N"));
        var written = new GrainState<StorageProbeState>(new StorageProbeState { Value = "stored" });
        await storage.WriteStateAsync("probe", id, written);

        // A change the grain made after the write (without writing) is not in storage.
        written.State!.Value = "changed in memory";
        var read = new GrainState<StorageProbeState>(new StorageProbeState());
        await storage.ReadStateAsync("probe", id, read);
        Assert.Equal("stored", read.State?.Value);
        Assert.NotSame(written.State, read.State);
    }
}
