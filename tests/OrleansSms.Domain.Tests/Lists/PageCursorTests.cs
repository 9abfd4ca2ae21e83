using System.Buffers.Text;
using System.Text;
using OrleansSms.Domain.Lists;

namespace OrleansSms.Domain.Tests.Lists;

public class PageCursorTests
{
    [Theory]
    [InlineData("promo")]
    [InlineData("a")]
    [InlineData("Order_follow-up-2")]
    public void An_id_cursor_reads_back_what_it_wrote(string id)
    {
        var token = new IdCursor(id).ToToken();

        Assert.True(IdCursor.TryParse(token, out var cursor));
        Assert.Equal(id, cursor.AfterId);
        Assert.True(Base64Url.IsValid(token.AsSpan()));
    }

    [Fact]
    public void A_time_cursor_reads_back_its_instant_to_the_tick_and_its_id()
    {
        var at = new DateTimeOffset(2026, 3, 1, 9, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234);
        var token = new TimeCursor(at, "run-1").ToToken();

        Assert.True(TimeCursor.TryParse(token, out var cursor));
        Assert.Equal(at.UtcTicks, cursor.At.UtcTicks);
        Assert.Equal(TimeSpan.Zero, cursor.At.Offset);
        Assert.Equal("run-1", cursor.Id);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(987_654_321L)]
    [InlineData(long.MaxValue)]
    public void A_sequence_cursor_reads_back_its_number(long before)
    {
        Assert.True(SequenceCursor.TryParse(new SequenceCursor(before).ToToken(), out var cursor));
        Assert.Equal(before, cursor.Before);
    }

    [Fact]
    public void A_cursor_of_another_kind_is_refused()
    {
        var id = new IdCursor("promo").ToToken();
        var time = new TimeCursor(DateTimeOffset.UnixEpoch, "r1").ToToken();
        var sequence = new SequenceCursor(5).ToToken();

        Assert.False(TimeCursor.TryParse(id, out _));
        Assert.False(SequenceCursor.TryParse(id, out _));
        Assert.False(IdCursor.TryParse(time, out _));
        Assert.False(SequenceCursor.TryParse(time, out _));
        Assert.False(IdCursor.TryParse(sequence, out _));
        Assert.False(TimeCursor.TryParse(sequence, out _));
    }

    public static TheoryData<string?> Garbage() => new()
    {
        null,
        "",
        "!!!",
        "not a cursor",
        "abc=",
        new string('A', 401),
        Raw("id1"),
        Raw("id1:"),
        Raw("id1:has space"),
        Raw("id1:a/b"),
        Raw("id1:" + new string('a', 201)),
        Raw("ID1:promo"),
        Raw("id2:promo"),
        Raw("at1:123"),
        Raw("at1:.r1"),
        Raw("at1:-5.r1"),
        Raw("at1:99999999999999999999.r1"),
        Raw("at1:12.bad id"),
        Raw("seq1:0"),
        Raw("seq1:-1"),
        Raw("seq1:12a"),
        Raw("seq1:99999999999999999999"),
        Base64Url.EncodeToString([0x69, 0x64, 0x31, 0x3A, 0xC3, 0x28]),
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Anything_a_cursor_did_not_write_is_refused(string? token)
    {
        Assert.False(IdCursor.TryParse(token, out _));
        Assert.False(TimeCursor.TryParse(token, out _));
        Assert.False(SequenceCursor.TryParse(token, out _));
    }

    [Theory]
    [InlineData(null, 50)]
    [InlineData("", 50)]
    [InlineData("1", 1)]
    [InlineData("50", 50)]
    [InlineData("200", 200)]
    [InlineData("007", 7)]
    public void A_limit_is_1_to_200_and_50_when_not_given(string? raw, int expected)
    {
        Assert.True(PageLimit.TryParse(raw, out var limit));
        Assert.Equal(expected, limit);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5.0")]
    [InlineData("ten")]
    [InlineData("99999999999")]
    public void Any_other_limit_is_refused(string raw)
    {
        Assert.False(PageLimit.TryParse(raw, out _));
    }

    private static string Raw(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
}
