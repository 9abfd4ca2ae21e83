namespace OrleansSms.Abstractions.Callbacks;

/// <summary>A well-formed report the callback could not route, as received.</summary>
[GenerateSerializer, Immutable, Alias("sms.UnmatchedReport")]
public sealed record UnmatchedReport
{
    [Id(0)] public DateTimeOffset ReceivedAt { get; init; }
    [Id(1)] public UnmatchedReason Reason { get; init; }

    /// <summary>The report's JSON as Instasent posted it (cut to <see cref="MaxReportLength"/> characters, then its known fields only).</summary>
    [Id(2)] public required string Report { get; init; }

    public const int MaxReportLength = 4_096;
}
