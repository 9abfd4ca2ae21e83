using OrleansSms.Domain.Sending;

namespace OrleansSms.Domain.Tests.Sending;

public sealed class RequestFingerprintsTests
{
    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal) { ["orderId"] = "A1", ["city"] = "Madrid" };

    private static string Of(
        SmsKind kind = SmsKind.Transactional, string? to = null, string? smsId = null, string? text = "Hola {{orderId}}",
        string sender = "MyShop", Dictionary<string, string>? variables = null) =>
        RequestFingerprints.Of(kind, to, smsId, text, sender, variables ?? Variables);

    [Fact]
    public void The_same_request_gives_the_same_short_fingerprint_whatever_the_variables_order()
    {
        var reordered = new Dictionary<string, string>(StringComparer.Ordinal) { ["city"] = "Madrid", ["orderId"] = "A1" };
        Assert.Equal(Of(), Of(variables: reordered));
        Assert.Equal(22, Of().Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", Of());
    }

    [Fact]
    public void Every_part_of_the_request_changes_it()
    {
        string[] fingerprints =
        [
            Of(),
            Of(kind: SmsKind.Newsletter),
            Of(to: "+34600111222"),
            Of(smsId: "welcome", text: null),
            Of(smsId: "other", text: null),
            Of(text: "Hola {{orderId}}!"),
            Of(text: null),
            Of(text: ""),
            Of(sender: "Other"),
            Of(variables: new(StringComparer.Ordinal) { ["orderId"] = "A2", ["city"] = "Madrid" }),
            Of(variables: new(StringComparer.Ordinal) { ["orderId"] = "A1" }),
            Of(variables: new(StringComparer.Ordinal) { ["orderId"] = "A1", ["city"] = "Madrid", ["extra"] = "" }),
        ];
        Assert.Equal(fingerprints.Length, fingerprints.Distinct().Count());
    }

    [Fact]
    public void Parts_cannot_trade_characters_across_their_boundaries()
    {
        Assert.NotEqual(Of(text: "ab", sender: "c"), Of(text: "a", sender: "bc"));
        Assert.NotEqual(
            Of(variables: new(StringComparer.Ordinal) { ["a"] = "bc" }),
            Of(variables: new(StringComparer.Ordinal) { ["ab"] = "c" }));
    }

    [Theory]
    [InlineData("f1", "f1", false)]
    [InlineData("f1", "f2", true)]
    [InlineData(null, "f2", false)] // a record from before fingerprints: replayed as it always was
    [InlineData("f1", null, false)] // a caller without one (a workflow): a known key always replays
    [InlineData(null, null, false)]
    public void A_key_is_reused_only_when_both_fingerprints_are_known_and_differ(string? recorded, string? asked, bool reused) =>
        Assert.Equal(reused, MessageLog.IsKeyReused(new MessageRecord { Fingerprint = recorded }, asked));
}
