namespace OrleansSms.Grains.Contents;

/// <summary>Persisted state of <see cref="SmsContentGrain"/>.</summary>
[GenerateSerializer, Alias("sms.SmsContentState")]
public sealed class SmsContentState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string Text { get; set; } = "";
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The store's content directory lists it (false in state saved before the directory existed).</summary>
    [Id(4)] public bool Listed { get; set; }
}
