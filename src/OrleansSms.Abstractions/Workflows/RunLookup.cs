using OrleansSms.Abstractions.Newsletters;

namespace OrleansSms.Abstractions.Workflows;

/// <summary>A run found by id: a newsletter, a one-contact run, or neither.</summary>
[GenerateSerializer, Immutable, Alias("sms.RunLookup")]
public sealed record RunLookup
{
    [Id(0)] public NewsletterView? Newsletter { get; init; }
    [Id(1)] public RunView? Run { get; init; }
}
