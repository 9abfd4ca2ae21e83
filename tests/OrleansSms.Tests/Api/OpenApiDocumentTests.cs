using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Api;

/// <summary>
/// <c>/openapi/v1.json</c> describes every route the silo serves, with what a generated client
/// needs: a summary, the request body's schema, the success answer's schema and the problems.
/// </summary>
[Collection(MemorySiloCollection.Name)]
public sealed class OpenApiDocumentTests(MemorySiloFixture silo)
{
    private async Task<JsonElement> DocumentAsync()
    {
        using var anonymous = silo.Factory.CreateClient();
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Every API and callback route the app maps, as (method, path template, accepts a body).</summary>
    private List<(string Method, string Path, IAcceptsMetadata? Accepts)> Routes()
    {
        var routes = new List<(string, string, IAcceptsMetadata?)>();
        foreach (var endpoint in silo.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            if (!path.StartsWith("/api/", StringComparison.Ordinal) && !path.StartsWith("/callbacks/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                routes.Add((method.ToLowerInvariant(), path, endpoint.Metadata.GetMetadata<IAcceptsMetadata>()));
            }
        }

        return routes;
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    [Fact]
    public async Task Every_route_is_in_the_document_with_a_summary_request_and_response_schemas_and_its_problems()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");
        var routes = Routes();
        Assert.True(routes.Count >= 20, $"only {routes.Count} routes found");
        foreach (var (method, path, accepts) in routes)
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            Assert.True(paths.TryGetProperty(path, out var item), $"{where} is not in the document");
            Assert.True(item.TryGetProperty(method, out var operation), $"{where}: the path has no {method}");
            Assert.False(string.IsNullOrWhiteSpace(operation.TryGetProperty("summary", out var summary) ? summary.GetString() : null), $"{where} has no summary");

            var responses = operation.GetProperty("responses");
            var success = responses.EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            Assert.True(success.Count > 0, $"{where} lists no success answer");
            foreach (var answer in success)
            {
                if (answer.Name == "204")
                {
                    // No Content: nothing to describe, and nothing described.
                    Assert.False(answer.Value.TryGetProperty("content", out _), $"{where} 204 describes a body");
                    continue;
                }

                var content = answer.Value.GetProperty("content");
                if (content.TryGetProperty("text/csv", out var csv))
                {
                    // The export answers CSV: a string, described as such.
                    Assert.Equal("string", Resolve(document, csv.GetProperty("schema")).GetProperty("type").GetString());
                    Assert.False(content.TryGetProperty("application/json", out _), $"{where} {answer.Name}: CSV is not JSON");
                    continue;
                }

                var schema = content.GetProperty("application/json").GetProperty("schema");
                var resolved = Resolve(document, schema);
                Assert.True(resolved.TryGetProperty("properties", out _) || resolved.TryGetProperty("items", out _) || resolved.TryGetProperty("anyOf", out _) || resolved.TryGetProperty("oneOf", out _),
                    $"{where} {answer.Name}: the schema says nothing of the answer: {resolved}");
            }

            Assert.True(responses.TryGetProperty("400", out var invalid), $"{where} lists no 400");
            Assert.True(invalid.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{where}: its 400 is not a problem");

            if (accepts is not null)
            {
                Assert.True(operation.TryGetProperty("requestBody", out var body), $"{where} takes a body the document does not describe");
                foreach (var contentType in accepts.ContentTypes)
                {
                    Assert.True(body.GetProperty("content").TryGetProperty(contentType, out var media), $"{where}: no {contentType} body");
                    var schema = Resolve(document, media.GetProperty("schema"));
                    if (contentType == "application/json")
                    {
                        Assert.True(schema.TryGetProperty("properties", out var properties) && properties.EnumerateObject().Any(), $"{where}: the body's schema names no property: {schema}");
                        Assert.True(responses.TryGetProperty("415", out _), $"{where} lists no 415");
                        Assert.True(responses.TryGetProperty("413", out _), $"{where} lists no 413");
                    }
                }
            }

            if (path.StartsWith("/api/", StringComparison.Ordinal))
            {
                Assert.True(responses.TryGetProperty("401", out _), $"{where} lists no 401");
            }
        }
    }

    [Fact]
    public async Task Routes_that_find_one_thing_by_id_list_their_404()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/stores/{storeId}/sms-channel", "/api/stores/{storeId}/contacts/{contactId}", "/api/stores/{storeId}/sms/{smsId}",
            "/api/stores/{storeId}/workflows/{workflowId}", "/api/stores/{storeId}/workflows/{workflowId}/runs/{runId}",
            "/api/stores/{storeId}/webhooks/{webhookId}", "/api/stores/{storeId}/webhooks/{webhookId}/deliveries",
        })
        {
            Assert.True(paths.GetProperty(path).GetProperty("get").GetProperty("responses").TryGetProperty("404", out _), $"GET {path} lists no 404");
        }
    }

    [Fact]
    public async Task The_request_schemas_use_the_wire_names()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        var contact = schemas.GetProperty("ContactRequest").GetProperty("properties");
        Assert.True(contact.TryGetProperty("_mobilePhone", out _), contact.ToString());
        Assert.True(contact.TryGetProperty("fields", out _), contact.ToString());
        Assert.False(contact.TryGetProperty("update", out _), "a bound-only property leaks into the schema");
        var workflow = schemas.GetProperty("WorkflowDefinitionRequest").GetProperty("properties");
        Assert.Equal(["name", "trigger", "start", "nodes"], workflow.EnumerateObject().Select(p => p.Name));
    }
}
