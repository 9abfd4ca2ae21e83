namespace OrleansSms.Domain.Sending;

/// <summary>
/// Where a newsletter's message stands in its run: the run, the shard (contact-index partition)
/// that sent it and the contact's position in that shard's walk. A delivery report names the
/// position to the shard, which marks it in a bitmap: a repeated report marks nothing twice.
/// </summary>
public sealed record NewsletterPlace(string RunId, int Partition, int Position);
