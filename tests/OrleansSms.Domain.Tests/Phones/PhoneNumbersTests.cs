// Qualified as Domain.Phones.PhoneNumbers: the libphonenumber namespace "PhoneNumbers" flows here transitively and shadows the class.

namespace OrleansSms.Domain.Tests.Phones;

public class PhoneNumbersTests
{
    [Theory]
    // international, +
    [InlineData("+34600111222", null, "+34600111222")]
    [InlineData("+34 600 111 222", null, "+34600111222")]
    [InlineData("+34-600-111-222", "GB", "+34600111222")]
    [InlineData("+34.600.111.222", "ES", "+34600111222")]
    [InlineData("+44 7911 123456", null, "+447911123456")]
    [InlineData("+44 (0) 7911 123456", null, "+447911123456")]
    [InlineData("+1 (650) 253-0000", null, "+16502530000")]
    [InlineData("+1 201 555 0123", "ES", "+12015550123")]
    [InlineData("+33 6 12 34 56 78", null, "+33612345678")]
    [InlineData("+49 1512 3456789", null, "+4915123456789")]
    [InlineData("  +34 600 111 222  ", null, "+34600111222")]
    [InlineData("+34\t600\u00A0111 222", null, "+34600111222")]
    // 00 international prefix
    [InlineData("0034 600 111 222", null, "+34600111222")]
    [InlineData("0034600111222", "US", "+34600111222")]
    [InlineData("0044 7911 123456", "ES", "+447911123456")]
    [InlineData("001 650 253 0000", "FR", "+16502530000")]
    // national with default country
    [InlineData("600 111 222", "ES", "+34600111222")]
    [InlineData("600-111-222", "es", "+34600111222")]
    [InlineData("(600) 111.222", "ES", "+34600111222")]
    [InlineData("912 345 678", "ES", "+34912345678")]
    [InlineData("07911 123456", "GB", "+447911123456")]
    [InlineData("07911-123-456", "GB", "+447911123456")]
    [InlineData("(650) 253-0000", "US", "+16502530000")]
    [InlineData("650.253.0000", "US", "+16502530000")]
    [InlineData("1 650 253 0000", "US", "+16502530000")]
    [InlineData("06 12 34 56 78", "FR", "+33612345678")]
    [InlineData("01512 3456789", "DE", "+4915123456789")]
    [InlineData("34600111222", "ES", "+34600111222")]
    public void Normalizes_to_E164(string input, string? country, string expected)
    {
        var result = Domain.Phones.PhoneNumbers.Normalize(input, country);
        Assert.Null(result.Error);
        Assert.True(result.IsValid);
        Assert.Equal(expected, result.E164);
    }

    [Theory]
    [InlineData(null, "ES", Domain.Phones.PhoneNumbers.ErrorEmpty)]
    [InlineData("", "ES", Domain.Phones.PhoneNumbers.ErrorEmpty)]
    [InlineData("   ", "ES", Domain.Phones.PhoneNumbers.ErrorEmpty)]
    [InlineData("--", "ES", Domain.Phones.PhoneNumbers.ErrorEmpty)]
    [InlineData("12ab", "ES", Domain.Phones.PhoneNumbers.ErrorLetters)]
    [InlineData("1-800-FLOWERS", "US", Domain.Phones.PhoneNumbers.ErrorLetters)]
    [InlineData("+34 600 111 222 ext 5", null, Domain.Phones.PhoneNumbers.ErrorLetters)]
    [InlineData("+34 600#111", null, Domain.Phones.PhoneNumbers.ErrorInvalidCharacters)]
    [InlineData("600+111222", "ES", Domain.Phones.PhoneNumbers.ErrorMisplacedPlus)]
    [InlineData("++34600111222", null, Domain.Phones.PhoneNumbers.ErrorMisplacedPlus)]
    [InlineData("+", null, Domain.Phones.PhoneNumbers.ErrorTooShort)]
    [InlineData("+34 6", null, Domain.Phones.PhoneNumbers.ErrorTooShort)]
    [InlineData("12", "ES", Domain.Phones.PhoneNumbers.ErrorTooShort)]
    [InlineData("+34 600 111", null, Domain.Phones.PhoneNumbers.ErrorTooShort)]
    [InlineData("+34 600 111 222 333 444", null, Domain.Phones.PhoneNumbers.ErrorTooLong)]
    [InlineData("600 111 222 333 444 555 666", "ES", Domain.Phones.PhoneNumbers.ErrorTooLong)]
    [InlineData("600 111 222", null, Domain.Phones.PhoneNumbers.ErrorNeedsCountry)]
    [InlineData("600 111 222", "", Domain.Phones.PhoneNumbers.ErrorNeedsCountry)]
    [InlineData("+999 600 111 222", null, Domain.Phones.PhoneNumbers.ErrorUnknownCallingCode)]
    [InlineData("123 456 789", "ES", "not a valid phone number for ES")]
    [InlineData("+34 123 456 789", null, "not a valid phone number")]
    public void Rejects_with_a_reason(string? input, string? country, string expectedError)
    {
        var result = Domain.Phones.PhoneNumbers.Normalize(input, country);
        Assert.False(result.IsValid);
        Assert.Null(result.E164);
        Assert.Equal(expectedError, result.Error);
    }

    [Fact]
    public void Unknown_default_country_is_an_error_for_national_numbers_only()
    {
        Assert.False(Domain.Phones.PhoneNumbers.Normalize("600111222", "XX").IsValid);
        Assert.Equal("+34600111222", Domain.Phones.PhoneNumbers.Normalize("+34600111222", "XX").E164);
    }

    [Fact]
    public void Error_does_not_repeat_the_value()
    {
        var result = Domain.Phones.PhoneNumbers.Normalize("600 111 999 999 9", "ES");
        Assert.NotNull(result.Error);
        Assert.DoesNotContain("600", result.Error);
    }

    [Theory]
    [InlineData("ES", true)]
    [InlineData("es", true)]
    [InlineData("GB", true)]
    [InlineData("US", true)]
    [InlineData("FR", true)]
    [InlineData("XX", false)]
    [InlineData("ZZ", false)]
    [InlineData("ESP", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Supported_countries(string? code, bool expected)
    {
        Assert.Equal(expected, Domain.Phones.PhoneNumbers.IsSupportedCountry(code));
        Assert.Equal(expected ? code!.ToUpperInvariant() : null, Domain.Phones.PhoneNumbers.NormalizeCountry(code));
    }
}
