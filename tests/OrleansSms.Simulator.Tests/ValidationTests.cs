using System.Net;
using static OrleansSms.Simulator.Tests.SimulatorHarness;

namespace OrleansSms.Simulator.Tests;

public sealed class ValidationTests
{
    public static TheoryData<string, object> Invalid => new()
    {
        { "from", new { from = "TwelveCharss", to = "+34600111222", text = "x" } },
        { "from", new { from = "", to = "+34600111222", text = "x" } },
        { "from", new { from = "+12", to = "+34600111222", text = "x" } },
        { "to", new { from = "Shop", to = "34600111222", text = "x" } },
        { "to", new { from = "Shop", to = "+3460011", text = "x" } },
        { "to", new { from = "Shop", to = "+3460011122233344", text = "x" } },
        { "to", new { from = "Shop", to = "+34 600 111 222", text = "x" } },
        { "to", new { from = "Shop", text = "x" } },
        { "text", new { from = "Shop", to = "+34600111222", text = "" } },
        { "text", new { from = "Shop", to = "+34600111222" } },
        { "clientId", new { from = "Shop", to = "+34600111222", text = "x", clientId = new string('c', 41) } },
        { "allowUnicode", new { from = "Shop", to = "+34600111222", text = "x", allowUnicode = "yes" } },
        { "to", new { from = "Shop", to = 34600111222, text = "x" } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Invalid_single_send_is_400_with_the_field(string field, object item)
    {
        await using var sim = await StartAsync();

        var (response, body) = await sim.PostAsync("/transactional/v1/sms", item);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["fields"]![field]);
        Assert.Empty(await sim.MessagesAsync());
    }

    public static TheoryData<object> Valid => new()
    {
        new { from = "ElevenChars", to = "+34600111222", text = "x" },
        new { from = "+34911222333", to = "+12025550123", text = "x" },
        new { from = "Shop", to = "+123456789012345", text = "x", clientId = new string('c', 40) },
        new { from = "Shop", to = "+12345678", text = "x", clientId = (string?)null, allowUnicode = (bool?)null },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task Valid_single_send_is_201(object item)
    {
        await using var sim = await StartAsync();

        var (response, _) = await sim.PostAsync("/transactional/v1/sms", item);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("\"true\"", true)]
    [InlineData("\"false\"", false)]
    [InlineData("\"1\"", true)]
    [InlineData("\"0\"", false)]
    [InlineData("null", false)]
    public async Task AllowUnicode_is_read_in_every_form_the_SDKs_send(string json, bool expected)
    {
        await using var sim = await StartAsync();

        using var response = await sim.Client.PostAsync("/transactional/v1/sms", new StringContent(
            $$"""{"from":"Shop","to":"+34600111222","text":"á","allowUnicode":{{json}}}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var message = Assert.Single(await sim.MessagesAsync());
        Assert.Equal(expected, message.AllowUnicode);
        Assert.Equal(expected ? "á" : "?", message.Text);
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("\"TRUE\"")]
    [InlineData("\"\"")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("[true]")]
    [InlineData("{}")]
    public async Task AllowUnicode_in_any_other_form_is_refused(string json)
    {
        await using var sim = await StartAsync();

        var (response, body) = await sim.PostAsync("/transactional/v1/sms/bulk", new[]
        {
            System.Text.Json.Nodes.JsonNode.Parse($$"""{"from":"Shop","to":"+34600111222","text":"x","clientId":"a-1","allowUnicode":{{json}}}"""),
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(body!["errors"]![0]!["fields"]!["allowUnicode"]);
        Assert.Empty(await sim.MessagesAsync());
    }
}
