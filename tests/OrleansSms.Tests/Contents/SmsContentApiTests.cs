using System.Net;
using System.Net.Http.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Contents;

[Collection(MemorySiloCollection.Name)]
public sealed class SmsContentApiTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    [Fact]
    public async Task Saving_a_content_answers_its_analysis_and_get_reads_it_back()
    {
        var store = Ids.Store();
        var saved = await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/promo",
            new { name = "Promo", text = "Hola {{firstName}}, 20% en camión" })).ReadJsonAsync();

        Assert.Equal("promo", saved.GetProperty("smsId").GetString());
        var analysis = saved.GetProperty("analysis");
        Assert.Equal("ucs2", analysis.GetProperty("encoding").GetString());
        Assert.Equal(["ó"], analysis.GetProperty("nonGsmCharacters").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["firstName"], analysis.GetProperty("variables").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(1, analysis.GetProperty("segments").GetInt32());

        var read = await (await _client.GetAsync($"/api/stores/{store}/sms/promo")).ReadJsonAsync();
        Assert.Equal(saved.ToString(), read.ToString());
        await (await _client.GetAsync($"/api/stores/{store}/sms/other")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"name":"Promo"}""", "text", "required")]
    [InlineData("""{"name":"","text":"Hi"}""", "name", "required")]
    [InlineData("""{"name":"Promo","text":"Hi","colour":"red"}""", "colour", "not a property")]
    public async Task A_bad_content_is_a_400_and_saves_nothing(string json, string field, string mention)
    {
        var store = Ids.Store();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/sms/promo", json)).AssertValidationProblemAsync(field, mention);
        await (await _client.GetAsync($"/api/stores/{store}/sms/promo")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("Hello", "gsm7", 5, 1)]
    [InlineData("Precio: 5€ {rebajas}", "gsm7", 23, 1)]
    [InlineData("¿Qué tal? ñandú", "ucs2", 15, 1)]
    [InlineData("", "gsm7", 0, 0)]
    public async Task Analyze_answers_encoding_characters_and_segments(string text, string encoding, int characters, int segments)
    {
        var analysis = await (await _client.PostAsJsonAsync("/api/sms/analyze", new { text })).ReadJsonAsync();
        Assert.Equal(encoding, analysis.GetProperty("encoding").GetString());
        Assert.Equal(characters, analysis.GetProperty("characters").GetInt32());
        Assert.Equal(segments, analysis.GetProperty("segments").GetInt32());
    }

    [Fact]
    public async Task Analyze_without_text_is_a_400()
    {
        await (await _client.PostAsJsonAsync("/api/sms/analyze", new { body = "x" })).AssertValidationProblemAsync("text", "required");
    }
}
