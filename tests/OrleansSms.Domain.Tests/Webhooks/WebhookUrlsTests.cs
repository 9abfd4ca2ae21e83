using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Domain.Tests.Webhooks;

public class WebhookUrlsTests
{
    [Theory]
    [InlineData("https://hooks.example.com/sms")]
    [InlineData("https://hooks.example.com:8443/in?source=sms")]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("http://127.8.9.10/hook")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("http://[::1]:8080/hook")]
    public void Taken(string url) => Assert.Null(WebhookUrls.Problem(url));

    [Theory]
    [InlineData("http://hooks.example.com/sms", "https://")]
    [InlineData("http://10.0.0.5/hook", "loopback")]
    [InlineData("ftp://hooks.example.com/sms", "https://")]
    [InlineData("hooks.example.com/sms", "absolute")]
    [InlineData("/relative/path", "absolute")]
    [InlineData("", "absolute https://")]
    [InlineData("https://user:pass@hooks.example.com/", "password")]
    [InlineData("https://hooks.example.com/#part", "fragment")]
    [InlineData("https://hooks.example.com/a b", "absolute")]
    public void Refused_saying_why(string url, string mention) => Assert.Contains(mention, WebhookUrls.Problem(url));

    [Fact]
    public void A_url_longer_than_the_limit_is_refused() =>
        Assert.NotNull(WebhookUrls.Problem("https://hooks.example.com/" + new string('a', WebhookUrls.MaxLength)));
}
