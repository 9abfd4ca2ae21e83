namespace OrleansSms.Grains.Contents;

/// <summary>Persisted state of <see cref="SmsContentGrain"/>.</summary>
[GenerateSerializer, Alias("sms.SmsContentState")]
public sealed class SmsContentState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string Text { get; set; } = "";
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }
}
