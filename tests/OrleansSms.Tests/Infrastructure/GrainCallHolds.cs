using System.Collections.Concurrent;

namespace OrleansSms.Tests.Infrastructure;

/// <summary>
/// Holds chosen grain calls until the test lets them go, so requests stay in flight for as long
/// as a test needs, without timing: a call to <c>method</c> on a grain keyed by one of a hold's
/// keys waits in <see cref="GrainCallHoldFilter"/> (and says it has arrived) until
/// <see cref="GrainCallHold.Release"/>. One key per held call: a grain takes its calls one at a
/// time, so a second call to the same grain would wait behind the first without arriving.
/// </summary>
public sealed class GrainCallHolds
{
    private readonly ConcurrentDictionary<(string Method, string Key), GrainCallHold> _holds = new();

    public GrainCallHold Add(string method, params string[] keys)
    {
        var hold = new GrainCallHold();
        foreach (var key in keys)
        {
            _holds[(method, key)] = hold;
        }

        return hold;
    }

    internal GrainCallHold? Find(string method, string key) => _holds.GetValueOrDefault((method, key));
}

public sealed class GrainCallHold
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _arrived = new(0);

    /// <summary>Waits until <paramref name="calls"/> held calls have arrived (a guard fails the test if they never do).</summary>
    public async Task ArrivedAsync(int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(60)), $"only {i} of {calls} held calls arrived");
        }
    }

    public void Release() => _released.TrySetResult();

    internal Task WaitAsync()
    {
        _arrived.Release();
        return _released.Task;
    }
}

/// <summary>The silo's side of <see cref="GrainCallHolds"/>: every other call passes untouched.</summary>
public sealed class GrainCallHoldFilter(GrainCallHolds holds) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (holds.Find(context.InterfaceMethod.Name, context.TargetId.Key.ToString()!) is { } hold)
        {
            await hold.WaitAsync();
        }

        await context.Invoke();
    }
}
