namespace OrleansSms.Abstractions.Contacts;

/// <summary>
/// What a contact's own erasure removed (<see cref="IContactGrain.EraseAsync"/>), and what its
/// logs named that the erasure must reach besides (see <see cref="IContactErasureGrain"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.ContactErased")]
public sealed record ContactErased
{
    /// <summary>The contact existed, and its record is now cleared.</summary>
    [Id(0)] public bool Existed { get; init; }

    /// <summary>Workflow runs its message log names, as <c>{workflowId}/{runId}</c>: candidates, each checked by the run itself.</summary>
    [Id(1)] public string[] Runs { get; init; } = [];

    /// <summary>The event ids of its replies (see <c>InboundLog.EventIdOf</c>): the runs of the store's <c>smsReply</c> workflows they started.</summary>
    [Id(2)] public string[] ReplyEventIds { get; init; } = [];
}
