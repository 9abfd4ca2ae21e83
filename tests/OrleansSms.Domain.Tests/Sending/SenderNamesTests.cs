using OrleansSms.Domain.Sending;

namespace OrleansSms.Domain.Tests.Sending;

public class SenderNamesTests
{
    [Theory]
    [InlineData("MyShop")]
    [InlineData("My Shop 24")]
    [InlineData("A")]
    [InlineData("Shop24")]
    [InlineData("24h")]
    [InlineData("ABCDEFGHIJK")] // 11
    [InlineData("+34600111222")]
    [InlineData("+447911123456")]
    public void Valid(string sender)
    {
        Assert.Null(SenderNames.Validate(sender));
        Assert.True(SenderNames.IsValid(sender));
    }

    [Theory]
    [InlineData(null, SenderNames.ErrorEmpty)]
    [InlineData("", SenderNames.ErrorEmpty)]
    [InlineData(" ", SenderNames.ErrorOnlySpaces)]
    [InlineData("     ", SenderNames.ErrorOnlySpaces)]
    [InlineData("12345", SenderNames.ErrorDigitsOnly)]
    [InlineData("34600111222", SenderNames.ErrorDigitsOnly)]
    [InlineData("123 456", SenderNames.ErrorDigitsOnly)]
    [InlineData("ABCDEFGHIJKL", SenderNames.ErrorAlphanumeric)] // 12
    [InlineData("Tienda!", SenderNames.ErrorAlphanumeric)]
    [InlineData("ñandú", SenderNames.ErrorAlphanumeric)]
    [InlineData("My-Shop", SenderNames.ErrorAlphanumeric)]
    [InlineData("Shop\t1", SenderNames.ErrorAlphanumeric)]
    [InlineData("+", SenderNames.ErrorNotE164)]
    [InlineData("+34 600 111 222", SenderNames.ErrorNotE164)]
    [InlineData("+34MyShop", SenderNames.ErrorNotE164)]
    public void Invalid(string? sender, string error) => Assert.Equal(error, SenderNames.Validate(sender));

    [Theory]
    [InlineData("+3460011")] // too short for Spain
    [InlineData("+999123456789")] // unknown calling code
    [InlineData("+1234567890123456")] // too long
    public void Invalid_e164_numbers(string sender)
    {
        var error = SenderNames.Validate(sender);
        Assert.NotNull(error);
        Assert.StartsWith("must be a valid E.164 number", error);
        Assert.DoesNotContain(sender, error);
    }
}
