using System.Data.Common;

namespace OrleansSms.Grains;

/// <summary>
/// A grain whose call failed on the database forgets its activation. A write that failed may
/// have left the state in memory ahead of the stored one (and a write that did land, its answer
/// lost, leaves a stale ETag that would fail every later write): the next call reads the stored
/// state afresh instead. The caller sees the failure (a 503 at the API) and retries.
/// </summary>
public sealed partial class StorageFailureFilter(ILogger<StorageFailureFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            LogForgotten(logger, context.TargetId.ToString());
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "a call failed on the database"));
            throw;
        }
    }

    /// <summary>A database error anywhere in the chain (the grain storage wraps the provider's).</summary>
    public static bool IsStorageFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException || (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsStorageFailure)))
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain {Grain}: a call failed on the database; the activation goes, and the next call reads the stored state")]
    private static partial void LogForgotten(ILogger logger, string grain);
}
