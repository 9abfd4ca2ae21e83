using System.Data.Common;
using System.Net.Sockets;

namespace OrleansSms.Silo.Api;

/// <summary>
/// Failures that are the server's dependencies being away for a while, not the request being
/// wrong: the database (any ADO.NET error, from the grain storage, reminders or membership),
/// the network, a silo that left or a grain call that timed out. Such a request changed nothing
/// that it answered for, and the same request later will do; so it is answered 503 with
/// <see cref="RetryAfterSeconds"/>, and Instasent, retrying what is not 2xx, retries its reports.
/// </summary>
public static class Unavailability
{
    /// <summary>The <c>Retry-After</c> of a 503: long enough not to hammer a database coming back, short enough not to matter.</summary>
    public const int RetryAfterSeconds = 5;

    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbException or SocketException or TimeoutException:
                case SiloUnavailableException or OrleansMessageRejectionException:
                case Orleans.Runtime.Messaging.ConnectionFailedException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsUnavailable):
                    return true;
            }
        }

        return false;
    }
}
