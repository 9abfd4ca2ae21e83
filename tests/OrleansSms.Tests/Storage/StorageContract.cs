using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSms.Grains;

namespace OrleansSms.Tests.Storage;

/// <summary>
/// Drives the configured IGrainStorage and IReminderTable directly to check the SQL contract:
/// ETag (version) handling, conflicts, clear, key shapes, reminder upsert/range/delete semantics.
/// </summary>
internal static class StorageContract
{
    private static readonly GrainType ProbeType = GrainType.Create("contract-probe");

    public static async Task VerifyGrainStorageAsync(IServiceProvider services, string uniquePrefix)
    {
        var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Sms);
        var ids = new[]
        {
            GrainId.Create("contract-probe", $"{uniquePrefix}/string-key"),
            GrainId.Create(ProbeType, GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64())),
            GrainId.Create(ProbeType, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid(), $"{uniquePrefix}-ext")),
            GrainId.Create(ProbeType, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid())),
        };

        foreach (var id in ids)
        {
            const string stateName = "contract-state";
            var state = new GrainState<StorageProbeState>(new StorageProbeState());
            await storage.ReadStateAsync(stateName, id, state);
            Assert.False(state.RecordExists);
            Assert.Null(state.ETag);

            state.State!.Value = "a";
            await storage.WriteStateAsync(stateName, id, state);
            Assert.True(state.RecordExists);
            var firstEtag = state.ETag;
            Assert.NotNull(firstEtag);

            state.State!.Value = "b";
            await storage.WriteStateAsync(stateName, id, state);
            Assert.NotEqual(firstEtag, state.ETag);

            // A writer holding an old ETag, and a second "first" insert, both conflict.
            var stale = new GrainState<StorageProbeState>(new StorageProbeState { Value = "stale" }, firstEtag);
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(stateName, id, stale));
            var blind = new GrainState<StorageProbeState>(new StorageProbeState { Value = "blind" }, null);
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(stateName, id, blind));

            var reread = new GrainState<StorageProbeState>();
            await storage.ReadStateAsync(stateName, id, reread);
            Assert.True(reread.RecordExists);
            Assert.Equal("b", reread.State?.Value);
            Assert.Equal(state.ETag, reread.ETag);

            await storage.ClearStateAsync(stateName, id, state);
            Assert.False(state.RecordExists);
            var afterClear = new GrainState<StorageProbeState>();
            await storage.ReadStateAsync(stateName, id, afterClear);
            Assert.False(afterClear.RecordExists);
            Assert.Null(afterClear.State?.Value);
            Assert.Equal(state.ETag, afterClear.ETag);

            afterClear.State!.Value = "c";
            await storage.WriteStateAsync(stateName, id, afterClear);
            var final = new GrainState<StorageProbeState>();
            await storage.ReadStateAsync(stateName, id, final);
            Assert.Equal("c", final.State?.Value);

            // Another state name on the same grain is a different record.
            var other = new GrainState<StorageProbeState>();
            await storage.ReadStateAsync("contract-other", id, other);
            Assert.False(other.RecordExists);
        }
    }

    public static async Task VerifyReminderTableAsync(IServiceProvider services, string uniquePrefix)
    {
        var table = services.GetRequiredService<IReminderTable>();
        var grainId = GrainId.Create("contract-reminder", $"{uniquePrefix}/reminders");
        var startAt = new DateTime(2030, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
        var entry = new ReminderEntry { GrainId = grainId, ReminderName = "r1", StartAt = startAt, Period = TimeSpan.FromMinutes(90) };

        var etag1 = await table.UpsertRow(entry);
        Assert.False(string.IsNullOrEmpty(etag1));
        var read = await table.ReadRow(grainId, "r1");
        Assert.NotNull(read);
        Assert.Equal(startAt, read.StartAt.ToUniversalTime());
        Assert.Equal(TimeSpan.FromMinutes(90), read.Period);
        Assert.Equal(etag1, read.ETag);

        var etag2 = await table.UpsertRow(entry);
        Assert.NotEqual(etag1, etag2);
        await table.UpsertRow(new ReminderEntry { GrainId = grainId, ReminderName = "r2", StartAt = startAt, Period = TimeSpan.FromMinutes(5) });
        Assert.Equal(2, (await table.ReadRows(grainId)).Reminders.Count);

        var hash = grainId.GetUniformHashCode();
        bool InRange(ReminderTableData data) => data.Reminders.Any(r => r.GrainId.Equals(grainId) && r.ReminderName == "r1");
        Assert.True(InRange(await table.ReadRows(unchecked(hash - 1), hash)));
        Assert.False(InRange(await table.ReadRows(hash, unchecked(hash + 1))));
        Assert.True(InRange(await table.ReadRows(0u, 0u)));                       // begin == end: the whole ring
        Assert.True(InRange(await table.ReadRows(unchecked(hash + 1), hash)));     // wraps around everything but (hash, hash+1]
        Assert.True(InRange(await table.ReadRows(unchecked(hash - 1) ^ 0x8000_0000u, hash))); // crosses the signed boundary

        Assert.False(await table.RemoveRow(grainId, "r1", etag1!));
        Assert.True(await table.RemoveRow(grainId, "r1", etag2!));
        Assert.Null(await table.ReadRow(grainId, "r1"));
        Assert.Single((await table.ReadRows(grainId)).Reminders);
    }
}
