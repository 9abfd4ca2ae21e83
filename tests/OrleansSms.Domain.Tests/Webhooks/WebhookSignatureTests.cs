using System.Text;
using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Domain.Tests.Webhooks;

public class WebhookSignatureTests
{
    private const string Secret = "whsec_test-secret";
    private const long Timestamp = 1_767_225_600; // 2026-01-01T00:00:00Z
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"evt_1"}""");
    private static readonly DateTimeOffset Then = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    [Fact]
    public void The_signature_is_the_hex_HMAC_SHA256_of_timestamp_dot_body_keyed_with_the_secret()
    {
        // printf '%s' '1767225600.{"id":"evt_1"}' | openssl dgst -sha256 -hmac 'whsec_test-secret'
        const string Expected = "c3c75f84fcae23796289e0c42560760feea85de2c86dee22d961dc73a7944717";

        Assert.Equal(Expected, WebhookSignature.Compute(Secret, Timestamp, Body));
        Assert.Equal($"t={Timestamp},v1={Expected}", WebhookSignature.Header(Secret, Timestamp, Body));
    }

    [Fact]
    public void A_receiver_verifies_the_header_it_was_sent()
    {
        var header = WebhookSignature.Header(Secret, Timestamp, Body);

        Assert.True(WebhookSignature.Verify(Secret, header, Body, Then.AddSeconds(30)));
    }

    [Fact]
    public void Another_body_another_secret_or_a_changed_timestamp_do_not_verify()
    {
        var header = WebhookSignature.Header(Secret, Timestamp, Body);

        Assert.False(WebhookSignature.Verify(Secret, header, Encoding.UTF8.GetBytes("""{"id":"evt_2"}"""), Then));
        Assert.False(WebhookSignature.Verify("whsec_other", header, Body, Then));
        var replayed = header.Replace($"t={Timestamp}", $"t={Timestamp + 60}", StringComparison.Ordinal);
        Assert.False(WebhookSignature.Verify(Secret, replayed, Body, Then.AddSeconds(60)));
    }

    [Fact]
    public void An_old_timestamp_is_refused_past_the_tolerance()
    {
        var header = WebhookSignature.Header(Secret, Timestamp, Body);

        Assert.True(WebhookSignature.Verify(Secret, header, Body, Then.AddMinutes(4)));
        Assert.False(WebhookSignature.Verify(Secret, header, Body, Then.AddMinutes(6)));
        Assert.True(WebhookSignature.Verify(Secret, header, Body, Then.AddMinutes(6), tolerance: TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void Any_one_of_several_v1_signatures_may_match()
    {
        var good = WebhookSignature.Compute(Secret, Timestamp, Body);
        var header = $"t={Timestamp},v1={new string('0', 64)},v1={good}";

        Assert.True(WebhookSignature.Verify(Secret, header, Body, Then));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=abc")]
    [InlineData("t=12")]
    [InlineData("t=-5,v1=abc")]
    [InlineData("t=x,v1=abc")]
    public void A_malformed_header_does_not_parse(string? header)
    {
        Assert.False(WebhookSignature.TryParse(header, out _, out _));
        Assert.False(WebhookSignature.Verify(Secret, header, Body, Then));
    }

    [Fact]
    public void Secrets_are_random_and_prefixed()
    {
        var a = WebhookSecrets.New();
        var b = WebhookSecrets.New();

        Assert.NotEqual(a, b);
        Assert.StartsWith(WebhookSecrets.Prefix, a, StringComparison.Ordinal);
        Assert.Matches("^whsec_[A-Za-z0-9_-]{43}$", a);
    }
}
