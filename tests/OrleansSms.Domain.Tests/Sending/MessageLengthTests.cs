using OrleansSms.Domain.Contents;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Domain.Tests.Sending;

public sealed class MessageLengthTests
{
    [Theory]
    [InlineData(160, 1, true)]
    [InlineData(161, 1, false)]
    [InlineData(1530, 10, true)]
    [InlineData(1531, 10, false)]
    public void Gsm7_text_fits_up_to_its_segments(int characters, int maxSegments, bool fits) =>
        Assert.Equal(fits, MessageLength.TooLong(SmsAnalyzer.Analyze(new string('a', characters)), maxSegments) is null);

    [Fact]
    public void Ucs2_text_counts_67_per_part_and_the_reason_names_segments_encoding_and_limit()
    {
        Assert.Null(MessageLength.TooLong(SmsAnalyzer.Analyze(new string('á', 670)), MessageLength.DefaultMaxSegments));
        var reason = MessageLength.TooLong(SmsAnalyzer.Analyze(new string('á', 671)), MessageLength.DefaultMaxSegments);
        Assert.Equal("the rendered text takes 11 segments (671 UCS-2 characters); the channel's maxSegments is 10", reason);
    }

    [Fact]
    public void The_default_sits_inside_the_range_a_channel_may_set() =>
        Assert.InRange(MessageLength.DefaultMaxSegments, MessageLength.MinMaxSegments, MessageLength.MaxMaxSegments);
}
