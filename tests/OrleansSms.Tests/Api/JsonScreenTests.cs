using System.Text;
using OrleansSms.Silo.Api;

namespace OrleansSms.Tests.Api;

/// <summary>
/// The quick screen and the full check of a body agree: the screen never passes a body the full
/// check refuses (it may only refuse more, and the full check then decides).
/// </summary>
public sealed class JsonScreenTests
{
    public static TheoryData<string> Clean() =>
    [
        """{}""",
        """{"name":"Ana","text":"Hola\nadiós ¿qué tal? 😀","n":1,"b":true,"z":null}""",
        """{"fields":{"a":1,"b":"x"},"list":[{"a":1},{"a":2}],"nested":{"a":{"a":{"a":1}}}}""",
        """{"a":1,"b":{"a":1},"c":[{"a":1,"b":2}]}""",
        """{"escaped":"tab\there \u00e9 \"quoted\"","\u0061b":1}""",
    ];

    public static TheoryData<byte[]> Refused() =>
    [
        Encoding.UTF8.GetBytes(""),
        Encoding.UTF8.GetBytes("[]"),
        Encoding.UTF8.GetBytes("\"text\""),
        Encoding.UTF8.GetBytes("{} {}"),
        Encoding.UTF8.GetBytes("""{"a":1,}"""),
        Encoding.UTF8.GetBytes("""{"a":1,"a":2}"""),
        Encoding.UTF8.GetBytes("""{"ab":1,"\u0061b":2}"""),
        Encoding.UTF8.GetBytes("""{"o":{"a":1,"a":2}}"""),
        Encoding.UTF8.GetBytes("""{"a":"\u0000"}"""),
        Encoding.UTF8.GetBytes("""{"a":"\u0007"}"""),
        Encoding.UTF8.GetBytes("""{"a":"\u007f"}"""),
        Encoding.UTF8.GetBytes("""{"a":"\u0085"}"""),
        Encoding.UTF8.GetBytes("""{"a\n":1}"""),
        Encoding.UTF8.GetBytes("""{"a":"\ud800"}"""),
        Encoding.UTF8.GetBytes("{\"a\":\"x\u007fy\"}"),
        Encoding.UTF8.GetBytes("{\"a\":\"x\u0085y\"}"),
        [.. Encoding.UTF8.GetBytes("{\"a\":\""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}")],
        [.. Encoding.UTF8.GetBytes("{\""), 0xFF, .. Encoding.UTF8.GetBytes("\":1}")],
        Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', JsonRequestReader.MaxStringLength + 1) + "\"}"),
        Encoding.UTF8.GetBytes("{\"" + new string('k', JsonRequestReader.MaxPropertyNameLength + 1) + "\":1}"),
        Encoding.UTF8.GetBytes("{\"f\":{" + string.Join(',', Enumerable.Range(0, JsonRequestReader.MaxPropertiesPerObject + 1).Select(i => $"\"f{i}\":{i}")) + "}}"),
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", JsonRequestReader.MaxDepth + 1)) + "1" + new string('}', JsonRequestReader.MaxDepth + 1)),
    ];

    [Theory]
    [MemberData(nameof(Clean))]
    public void A_clean_body_passes_both(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var errors = new ValidationErrors();
        Assert.True(JsonRequestReader.Check(bytes, errors), string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        Assert.True(JsonScreen.IsClean(bytes));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_body_the_full_check_refuses_never_passes_the_screen(byte[] json)
    {
        Assert.False(JsonRequestReader.Check(json, new ValidationErrors()));
        Assert.False(JsonScreen.IsClean(json));
    }

    [Fact]
    public void Names_under_the_limits_pass_at_the_limits()
    {
        var fields = string.Join(',', Enumerable.Range(0, JsonRequestReader.MaxPropertiesPerObject).Select(i => $"\"f{i}\":{i}"));
        var bytes = Encoding.UTF8.GetBytes("{\"f\":{" + fields + "},\"" + new string('k', JsonRequestReader.MaxPropertyNameLength) + "\":\"" + new string('é', JsonRequestReader.MaxStringLength) + "\"}");
        Assert.True(JsonRequestReader.Check(bytes, new ValidationErrors()));
        Assert.True(JsonScreen.IsClean(bytes));
    }
}
