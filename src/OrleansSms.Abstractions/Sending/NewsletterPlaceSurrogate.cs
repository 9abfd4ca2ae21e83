using OrleansSms.Domain.Sending;

namespace OrleansSms.Abstractions.Sending;

/// <summary>The wire and stored form of a <see cref="NewsletterPlace"/> (the Domain type carries no serialization attributes).</summary>
[GenerateSerializer, Alias("sms.NewsletterPlace")]
public struct NewsletterPlaceSurrogate
{
    [Id(0)] public string RunId;
    [Id(1)] public int Partition;
    [Id(2)] public int Position;
}

[RegisterConverter]
public sealed class NewsletterPlaceConverter : IConverter<NewsletterPlace, NewsletterPlaceSurrogate>
{
    public NewsletterPlace ConvertFromSurrogate(in NewsletterPlaceSurrogate surrogate) => new(surrogate.RunId ?? "", surrogate.Partition, surrogate.Position);

    public NewsletterPlaceSurrogate ConvertToSurrogate(in NewsletterPlace value) => new() { RunId = value.RunId, Partition = value.Partition, Position = value.Position };
}
