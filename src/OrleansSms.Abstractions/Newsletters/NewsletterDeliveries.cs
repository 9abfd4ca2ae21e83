namespace OrleansSms.Abstractions.Newsletters;

/// <summary>A newsletter shard's messages that Instasent reported delivered, and undelivered (a hard or soft bounce).</summary>
[GenerateSerializer, Immutable, Alias("sms.NewsletterDeliveries")]
public sealed record NewsletterDeliveries([property: Id(0)] long Delivered, [property: Id(1)] long Undelivered);
