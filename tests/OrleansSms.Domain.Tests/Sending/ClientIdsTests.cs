using OrleansSms.Domain.Sending;

namespace OrleansSms.Domain.Tests.Sending;

public class ClientIdsTests
{
    private const string MaxContact = "abcdefghijklmnopqrstuvwxyzABCD_-"; // 32

    [Theory]
    [InlineData("c1", 1L, "c1.1")]
    [InlineData("c1", 35L, "c1.z")]
    [InlineData("c1", 36L, "c1.10")]
    [InlineData("Contact_01-x", 1295L, "Contact_01-x.zz")]
    [InlineData(MaxContact, 78_364_164_095L, MaxContact + ".zzzzzzz")]
    [InlineData("a", 2_176_782_336L, "a.1000000")] // 36^6
    public void Contact_round_trip(string contactId, long number, string expected)
    {
        var clientId = ClientIds.ForContact(contactId, number);
        Assert.Equal(expected, clientId);
        Assert.True(ClientIds.TryParse(clientId, out var target));
        Assert.Equal(new ClientIdTarget(false, contactId, number), target);
    }

    [Fact]
    public void Longest_contact_client_id_is_40_characters()
    {
        var clientId = ClientIds.ForContact(MaxContact, ClientIds.MaxContactMessageNumber);
        Assert.Equal(ClientIds.MaxLength, clientId.Length);
    }

    [Theory]
    [InlineData(1L, ".1")]
    [InlineData(36L, ".10")]
    [InlineData(123_456_789L, ".21i3v9")]
    [InlineData(long.MaxValue, ".1y2p0ij32e8e7")]
    public void Alert_round_trip(long number, string expected)
    {
        var clientId = ClientIds.ForAlert(number);
        Assert.Equal(expected, clientId);
        Assert.True(ClientIds.TryParse(clientId, out var target));
        Assert.Equal(new ClientIdTarget(true, null, number), target);
    }

    [Fact]
    public void Many_numbers_round_trip()
    {
        var random = new Random(42);
        for (var i = 0; i < 1000; i++)
        {
            var n = random.NextInt64(1, ClientIds.MaxContactMessageNumber + 1);
            Assert.True(ClientIds.TryParse(ClientIds.ForContact("k", n), out var contact));
            Assert.Equal(n, contact.Number);
            var a = random.NextInt64(1, long.MaxValue);
            Assert.True(ClientIds.TryParse(ClientIds.ForAlert(a), out var alert));
            Assert.Equal(a, alert.Number);
        }
    }

    [Theory]
    [InlineData("c1", 0L)]
    [InlineData("c1", -1L)]
    [InlineData("c1", 78_364_164_096L)] // 36^7
    [InlineData("c1", long.MaxValue)]
    public void Contact_number_out_of_range_throws(string contactId, long number) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ClientIds.ForContact(contactId, number));

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    public void Alert_number_out_of_range_throws(long number) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ClientIds.ForAlert(number));

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a b")]
    [InlineData(MaxContact + "x")] // 33
    public void Invalid_contact_id_throws(string contactId) =>
        Assert.Throws<ArgumentException>(() => ClientIds.ForContact(contactId, 1));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")] // no separator
    [InlineData("abc.")] // empty number
    [InlineData(".abc.")] // two separators
    [InlineData("a.b.c")]
    [InlineData("a..1")]
    [InlineData("..1")]
    [InlineData("c1.A")] // upper-case base 36
    [InlineData(".Z")]
    [InlineData("c1.0")] // zero
    [InlineData(".0")]
    [InlineData("c1.01")] // leading zero
    [InlineData(".001")]
    [InlineData("c1.1-")]
    [InlineData("c1.-1")]
    [InlineData("c1.+1")]
    [InlineData("c1. 1")]
    [InlineData("c 1.1")] // bad contact character
    [InlineData("c/1.1")]
    [InlineData("ñ.1")]
    [InlineData("c1.á")]
    [InlineData("c1.１")] // full-width digit
    [InlineData("c1.10000000")] // 8 digits: 36^7, out of range
    [InlineData("c1.zzzzzzzz")]
    [InlineData(MaxContact + "x.1")] // 33-character contact id
    [InlineData(MaxContact + ".zzzzzzz0")] // 41 characters
    [InlineData(".1y2p0ij32e8e8")] // long.MaxValue + 1
    [InlineData(".zzzzzzzzzzzzz")] // overflows long
    [InlineData(".zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")] // 40 characters, overflows
    [InlineData("c1.1\0")]
    [InlineData("c1.1\n")]
    public void Forged_or_invalid_ids_are_rejected(string? clientId)
    {
        Assert.False(ClientIds.TryParse(clientId, out var target));
        Assert.Equal(default, target);
    }
}
