using OrleansSms.Abstractions.Contacts;

namespace OrleansSms.Abstractions.Workflows;

/// <summary>An event the storefront sent for one contact.</summary>
[GenerateSerializer, Immutable, Alias("sms.StorefrontEvent")]
public sealed record StorefrontEvent
{
    /// <summary>A contact's reply by SMS, published by the contact; properties <c>text</c>, <c>keyword</c> and <c>action</c> (optOut, optIn, none).</summary>
    public const string SmsReplyType = "smsReply";

    [Id(0)] public required string Type { get; init; }
    [Id(1)] public required string ContactId { get; init; }

    /// <summary>The storefront's id of the event: a retried event starts the same runs.</summary>
    [Id(2)] public string? EventId { get; init; }

    /// <summary>The event's properties as text, for the workflows' <c>{"from":"event"}</c> variables.</summary>
    [Id(3)] public Dictionary<string, string> Properties { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The contact fields the event writes (the <c>contactInfo</c> tag), applied before any run starts.</summary>
    [Id(4)] public ContactUpdate? ContactUpdate { get; init; }
}
