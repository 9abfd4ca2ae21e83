using OrleansSms.Domain.Contacts;

namespace OrleansSms.Domain.Tests.Contacts;

public class ContactIdsTests
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("contact-1", true)]
    [InlineData("Contact_01", true)]
    [InlineData("0123456789abcdef01234567", true)] // 24-hex id
    [InlineData("3f2504e04f8911d39a0c0305e82c3301", true)] // GUID "N", 32 chars
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEF", true)] // 32 chars
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFG", false)] // 33 chars
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", false)] // GUID with dashes is 36
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData(" a", false)]
    [InlineData("a b", false)]
    [InlineData("a.b", false)]
    [InlineData("a@b", false)]
    [InlineData("a/b", false)]
    [InlineData("ñ", false)]
    public void Contact_ids(string? id, bool valid) => Assert.Equal(valid, ContactIds.IsValid(id));

    [Theory]
    [InlineData("store-1", true)]
    [InlineData("a", true)]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123", true)] // 64
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234", false)] // 65
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("store 1", false)]
    [InlineData("store:1", false)]
    public void Store_ids(string? id, bool valid) => Assert.Equal(valid, ContactIds.IsValidStoreId(id));

    [Fact]
    public void Email_id_is_stable_across_spellings_and_valid()
    {
        var a = ContactIds.FromEmail(" Ana@Example.COM ");
        var b = ContactIds.FromEmail("ana@example.com");
        Assert.Equal(a, b);
        Assert.True(ContactIds.IsValid(a));
        Assert.Equal(32, a.Length);
        Assert.StartsWith("e", a);
        Assert.Matches("^e[0-9a-f]{31}$", a);
        Assert.NotEqual(a, ContactIds.FromEmail("ana2@example.com"));
        Assert.Equal(a, ContactIds.FromNormalizedEmail("ana@example.com"));
    }

    [Fact]
    public void Email_id_is_a_fixed_function_of_the_email()
    {
        // SHA-256("ana@example.com") starts with this; pinned so the id never changes by accident.
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("ana@example.com"u8));
        Assert.Equal("e" + hex[..31], ContactIds.FromEmail("ana@example.com"));
    }

    [Fact]
    public void FromEmail_rejects_an_invalid_email() =>
        Assert.Throws<ArgumentException>(() => ContactIds.FromEmail("not-an-email"));

    [Theory]
    [InlineData("ana@example.com", "ana@example.com")]
    [InlineData(" Ana@Example.COM ", "ana@example.com")]
    [InlineData("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk")]
    [InlineData("ÁNA@example.es", "ána@example.es")]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    [InlineData("ana", null)]
    [InlineData("ana@", null)]
    [InlineData("@example.com", null)]
    [InlineData("ana@example", null)]
    [InlineData("ana@@example.com", null)]
    [InlineData("ana@b@example.com", null)]
    [InlineData("an a@example.com", null)]
    [InlineData("ana@.example.com", null)]
    [InlineData("ana@example.com.", null)]
    [InlineData("ana@example..com", null)]
    [InlineData("Ana <ana@example.com>", null)]
    public void Email_normalization(string? input, string? expected)
    {
        var ok = ContactIds.TryNormalizeEmail(input, out var normalized);
        Assert.Equal(expected is not null, ok);
        if (expected is not null) Assert.Equal(expected, normalized);
    }
}
