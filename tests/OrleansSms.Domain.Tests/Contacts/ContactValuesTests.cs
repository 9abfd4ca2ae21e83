using OrleansSms.Domain.Contacts;

namespace OrleansSms.Domain.Tests.Contacts;

public class ContactValuesTests
{
    [Theory]
    [InlineData("active", PhoneStatus.Active)]
    [InlineData("bounced", PhoneStatus.Bounced)]
    [InlineData("paused", PhoneStatus.Paused)]
    [InlineData("Active", PhoneStatus.Active)]
    [InlineData(" PAUSED ", PhoneStatus.Paused)]
    [InlineData("", null)]
    [InlineData("0", null)]
    [InlineData("1", null)]
    [InlineData("activ", null)]
    [InlineData("subscribed", null)]
    public void Phone_statuses(string input, PhoneStatus? expected)
    {
        Assert.Equal(expected is not null, ContactValues.TryParsePhoneStatus(input, out var status));
        if (expected is not null)
        {
            Assert.Equal(expected, status);
            Assert.Equal(input.Trim().ToLowerInvariant(), ContactValues.ToWire(status));
        }
    }

    [Theory]
    [InlineData("subscribed", SubscriptionStatus.Subscribed)]
    [InlineData("notSubscribed", SubscriptionStatus.NotSubscribed)]
    [InlineData("none", SubscriptionStatus.None)]
    [InlineData("NotSubscribed", SubscriptionStatus.NotSubscribed)]
    [InlineData("notsubscribed", SubscriptionStatus.NotSubscribed)]
    [InlineData("not_subscribed", null)]
    [InlineData("unsubscribed", null)]
    [InlineData("", null)]
    [InlineData("2", null)]
    public void Subscription_statuses(string input, SubscriptionStatus? expected)
    {
        Assert.Equal(expected is not null, ContactValues.TryParseSubscriptionStatus(input, out var status));
        if (expected is not null) Assert.Equal(expected, status);
    }

    [Fact]
    public void Wire_names_are_camelCase()
    {
        Assert.Equal("notSubscribed", ContactValues.ToWire(SubscriptionStatus.NotSubscribed));
        Assert.Equal("subscribed", ContactValues.ToWire(SubscriptionStatus.Subscribed));
        Assert.Equal("none", ContactValues.ToWire(SubscriptionStatus.None));
        Assert.Equal("bounced", ContactValues.ToWire(PhoneStatus.Bounced));
        Assert.Equal("date", ContactValues.ToWire(FieldType.Date));
        Assert.Equal("boolean", ContactValues.ToWire(FieldType.Boolean));
    }

    [Theory]
    [InlineData("string", FieldType.String)]
    [InlineData("number", FieldType.Number)]
    [InlineData("boolean", FieldType.Boolean)]
    [InlineData("date", FieldType.Date)]
    [InlineData("Number", FieldType.Number)]
    [InlineData("bool", null)]
    [InlineData("int", null)]
    [InlineData("", null)]
    public void Field_types(string input, FieldType? expected)
    {
        Assert.Equal(expected is not null, ContactValues.TryParseFieldType(input, out var type));
        if (expected is not null) Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData("firstName", true)]
    [InlineData("first_name", true)]
    [InlineData("a", true)]
    [InlineData("city2", true)]
    [InlineData("2city", true)]
    [InlineData("email", true)]
    [InlineData("_mobilePhone", false)]
    [InlineData("_custom", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("first name", false)]
    [InlineData("first-name", false)]
    [InlineData("first.name", false)]
    [InlineData("año", false)]
    [InlineData("age:number", false)]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123", true)] // 64
    [InlineData("a1234567890123456789012345678901234567890123456789012345678901234", false)] // 65
    public void Field_names(string? name, bool valid)
    {
        Assert.Equal(valid, ContactValues.IsValidFieldName(name));
        if (name is not null) Assert.Equal(valid, ContactValues.FieldNameError(name) is null);
    }

    [Theory]
    // numbers
    [InlineData(FieldType.Number, "42", "42")]
    [InlineData(FieldType.Number, " 42 ", "42")]
    [InlineData(FieldType.Number, "-3.50", "-3.5")]
    [InlineData(FieldType.Number, "+7", "7")]
    [InlineData(FieldType.Number, "1e3", "1000")]
    [InlineData(FieldType.Number, "0.1", "0.1")]
    [InlineData(FieldType.Number, "-0", "0")]
    [InlineData(FieldType.Number, "007", "7")]
    [InlineData(FieldType.Number, "1.", "1")]
    [InlineData(FieldType.Number, "1,5", null)]
    [InlineData(FieldType.Number, "1,000", null)]
    [InlineData(FieldType.Number, "NaN", null)]
    [InlineData(FieldType.Number, "Infinity", null)]
    [InlineData(FieldType.Number, "1e999", null)]
    [InlineData(FieldType.Number, "abc", null)]
    [InlineData(FieldType.Number, "", null)]
    [InlineData(FieldType.Number, "0x10", null)]
    [InlineData(FieldType.Number, "9007199254740992", "9007199254740992")]
    [InlineData(FieldType.Number, "9007199254740993", null)]
    [InlineData(FieldType.Number, "12345678901234567890", null)]
    [InlineData(FieldType.Number, "1e21", "1E+21")]
    [InlineData(FieldType.Number, "0.30000000000000004", "0.30000000000000004")]
    [InlineData(FieldType.Number, "0.30000000000000001", null)]
    [InlineData(FieldType.Number, "1e-400", null)]
    // booleans
    [InlineData(FieldType.Boolean, "true", "true")]
    [InlineData(FieldType.Boolean, "TRUE", "true")]
    [InlineData(FieldType.Boolean, "False", "false")]
    [InlineData(FieldType.Boolean, "1", "true")]
    [InlineData(FieldType.Boolean, "0", "false")]
    [InlineData(FieldType.Boolean, "yes", null)]
    [InlineData(FieldType.Boolean, "2", null)]
    [InlineData(FieldType.Boolean, "", null)]
    // dates
    [InlineData(FieldType.Date, "2024-02-29", "2024-02-29")]
    [InlineData(FieldType.Date, " 1990-12-31 ", "1990-12-31")]
    [InlineData(FieldType.Date, "2024-05-01T10:20:30Z", "2024-05-01T10:20:30Z")]
    [InlineData(FieldType.Date, "2024-05-01T10:20:30.789Z", "2024-05-01T10:20:30Z")]
    [InlineData(FieldType.Date, "2024-05-01T10:20:30+02:00", "2024-05-01T08:20:30Z")]
    [InlineData(FieldType.Date, "2024-05-01T01:00-03:00", "2024-05-01T04:00:00Z")]
    [InlineData(FieldType.Date, "2024-01-01T00:30:00+01:00", "2023-12-31T23:30:00Z")]
    [InlineData(FieldType.Date, "2023-02-29", null)]
    [InlineData(FieldType.Date, "2024-13-01", null)]
    [InlineData(FieldType.Date, "2024-5-1", null)]
    [InlineData(FieldType.Date, "01/05/2024", null)]
    [InlineData(FieldType.Date, "2024-05-01T10:20:30", null)]
    [InlineData(FieldType.Date, "2024-05-01 10:20:30Z", null)]
    [InlineData(FieldType.Date, "2024-05-01T25:00:00Z", null)]
    [InlineData(FieldType.Date, "tomorrow", null)]
    // strings
    [InlineData(FieldType.String, "  Ana María  ", "Ana María")]
    [InlineData(FieldType.String, "Hello, \"world\"", "Hello, \"world\"")]
    public void Typed_values(FieldType type, string input, string? expected)
    {
        var ok = ContactValues.TryParseValue(type, input, out var canonical, out var error);
        Assert.Equal(expected is not null, ok);
        if (ok)
        {
            Assert.Equal(expected, canonical);
            Assert.Null(error);
            Assert.Equal(new CustomField(type, expected!), ContactValues.ParseField(type, input, out _));
        }
        else
        {
            Assert.Null(canonical);
            Assert.False(string.IsNullOrWhiteSpace(error));
            if (input.Length > 1) Assert.DoesNotContain(input, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Date_time_without_zone_says_so()
    {
        Assert.False(ContactValues.TryParseDate("2024-05-01T10:20:30", out _, out var error));
        Assert.Contains("without Z or an offset", error);
    }

    [Fact]
    public void Overlong_string_is_rejected()
    {
        Assert.False(ContactValues.TryParseString(new string('x', ContactValues.MaxStringLength + 1), out _, out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("2024-05-01", true)]
    [InlineData("2024-05-01T10:20:30Z", true)]
    [InlineData("2024-05-01T10:20:30+02:00", true)]
    [InlineData("2024-05-01T10:20:30", false)]
    [InlineData(" 2024-05-01", false)]
    [InlineData("2024-05-01 ", false)]
    [InlineData("2024-02-30", false)]
    [InlineData("2024-05-1", false)]
    [InlineData("20240501", false)]
    [InlineData("May 1, 2024", false)]
    [InlineData("2024-05-01 and more", false)]
    [InlineData("", false)]
    public void Strict_iso_dates(string s, bool expected) => Assert.Equal(expected, ContactValues.LooksLikeIsoDate(s));

    [Theory]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("-9007199254740993", "-9007199254740992")]
    [InlineData("3.14159265358979323846", "3.141592653589793")]
    [InlineData("1e-400", "0")]
    public void A_number_a_double_cannot_hold_is_refused_saying_what_it_would_become(string input, string stored)
    {
        Assert.False(ContactValues.IsExactNumber(input));
        Assert.False(ContactValues.TryParseNumber(input, out var canonical, out var error));
        Assert.Null(canonical);
        Assert.Contains("cannot be stored exactly", error);
        Assert.Contains($"would become {stored};", error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.0")]
    [InlineData("0e999999999999999999999")]
    [InlineData("0.1")]
    [InlineData("1.50")]
    [InlineData("00120.0100")]
    [InlineData("1.05e2")]
    [InlineData("-4503599627370497")]
    [InlineData("9007199254740992")]
    [InlineData("18014398509481984")]
    [InlineData("1E+300")]
    [InlineData("2.5e-5")]
    [InlineData("5e-324")]
    [InlineData(".5")]
    public void Numbers_whose_stored_text_is_the_same_number_are_exact(string input)
    {
        Assert.True(ContactValues.IsExactNumber(input));
        Assert.True(ContactValues.TryParseNumber(input, out _, out _));
    }

    [Fact]
    public void Number_formatting_round_trips()
    {
        Assert.Equal("0.30000000000000004", ContactValues.FormatNumber(0.1 + 0.2));
        Assert.Equal("1E+21", ContactValues.FormatNumber(1e21));
        Assert.Equal("0", ContactValues.FormatNumber(-0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ContactValues.FormatNumber(double.NaN));
    }
}
