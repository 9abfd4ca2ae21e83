using OrleansSms.Silo.Telemetry;

namespace OrleansSms.Tests.Telemetry;

/// <summary>Callback secrets and simulator tokens leave logged and traced paths whatever the path's shape.</summary>
public sealed class SecretRedactionTests
{
    private const string Secret = "s3cr3t-Vq8xN2pL5kR7";

    [Theory]
    [InlineData("/callbacks/instasent/shop/" + Secret, "/callbacks/instasent/shop/{secret}")]
    [InlineData("POST http://sms.example/callbacks/instasent/shop/" + Secret + "?x=1", "POST http://sms.example/callbacks/instasent/shop/{secret}?x=1")]
    [InlineData("/callbacks/instasent//" + Secret, "/callbacks/instasent//{secret}")]
    [InlineData("/callbacks//instasent/shop/" + Secret, "/callbacks//instasent/shop/{secret}")]
    [InlineData("//callbacks/instasent/shop//" + Secret, "//callbacks/instasent/shop/{secret}")]
    [InlineData("/callbacks/instasent/shop/" + Secret + "/", "/callbacks/instasent/shop/{secret}")]
    [InlineData("/callbacks/instasent/shop/x/" + Secret, "/callbacks/instasent/shop/{secret}")]
    [InlineData("/callbacks/instasent/../shop/" + Secret, "/callbacks/instasent/../{secret}")]
    [InlineData("/callbacks/instasent/shop/../" + Secret, "/callbacks/instasent/shop/{secret}")]
    [InlineData("/callbacks/instasent/shop%2F" + Secret, "/callbacks/instasent/{secret}")]
    [InlineData("/CALLBACKS/Instasent/shop/" + Secret, "/CALLBACKS/Instasent/shop/{secret}")]
    [InlineData("Request finished \"/callbacks/instasent/shop/" + Secret + "\" 404", "Request finished \"/callbacks/instasent/shop/{secret}\" 404")]
    [InlineData("/_sim/tokens/" + Secret, "/_sim/tokens/{token}")]
    [InlineData("/_sim//tokens//" + Secret + "/more", "/_sim//tokens//{token}")]
    [InlineData("WebhookSaveResult { Secret = whsec_" + Secret + " }", "WebhookSaveResult { Secret = whsec_{secret} }")]
    [InlineData("key WHSEC_" + Secret + ", again whsec_" + Secret + "_x-y", "key whsec_{secret}, again whsec_{secret}")]
    public void The_secret_goes_and_the_store_id_stays(string text, string expected)
    {
        var redacted = SecretRedaction.Redact(text);

        Assert.Equal(expected, redacted);
        Assert.DoesNotContain(Secret, redacted, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/api/stores/shop/contacts/ana")]
    [InlineData("/callbacks/instasent/")]
    [InlineData("nothing about callbacks here")]
    public void Text_without_a_secret_is_left_as_it_is(string text) => Assert.Equal(text, SecretRedaction.Redact(text));
}
