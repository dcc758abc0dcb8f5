using System.Net;

namespace Wharf.SchemaRegistry.Tests;

/// <summary>Content types, unknown routes and the root resource, as rest-utils answers them.</summary>
public sealed class NegotiationTests(RegistryFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Theory]
    [InlineData(null, "application/vnd.schemaregistry.v1+json")]
    [InlineData("*/*", "application/vnd.schemaregistry.v1+json")]
    [InlineData("application/json", "application/json")]
    [InlineData("application/vnd.schemaregistry+json", "application/vnd.schemaregistry+json")]
    [InlineData("application/json; q=0.9, application/vnd.schemaregistry+json; q=0.5", "application/json")]
    public async Task The_answer_takes_the_content_type_the_client_accepts(string? accept, string expected)
    {
        var answer = await Http.RegistryGetAsync("/config", accept);

        Assert.Equal(expected, answer.ContentType);
    }

    [Fact]
    public async Task An_unacceptable_accept_is_406_and_an_unsupported_body_type_415()
    {
        (await Http.RegistryGetAsync("/config", "application/vnd.schemaregistry.v2+json")).AssertError(HttpStatusCode.NotAcceptable, 406, "HTTP 406 Not Acceptable");
        (await Http.RegistryPostAsync("/subjects/x/versions", "{}", "text/html")).AssertError(HttpStatusCode.UnsupportedMediaType, 415, "HTTP 415 Unsupported Media Type");
    }

    [Theory]
    [InlineData("application/octet-stream")]
    [InlineData("application/json")]
    [InlineData("application/vnd.schemaregistry+json; charset=utf-8")]
    [InlineData(null)]
    public async Task Bodies_are_read_as_json_whatever_accepted_type_they_name(string? contentType)
    {
        var answer = await Http.RegistryPostAsync("/subjects/" + Wharf.Testing.UniqueNames.For("s") + "/versions", RegistryCalls.SchemaBody("\"string\""), contentType);

        answer.AssertOk();
    }

    [Fact]
    public async Task An_unknown_route_is_404_and_a_wrong_method_405_in_the_error_shape()
    {
        (await Http.RegistryGetAsync("/nothing/here")).AssertError(HttpStatusCode.NotFound, 404, "HTTP 404 Not Found");
        (await Http.SendAsync(HttpMethod.Patch, "/subjects", "{}", RegistryCalls.JsonType, null)).AssertError(HttpStatusCode.MethodNotAllowed, 405, "HTTP 405 Method Not Allowed");
    }

    [Fact]
    public async Task The_root_answers_an_empty_object()
    {
        Assert.Equal("{}", (await Http.RegistryGetAsync("/")).AssertOk().GetRawText());
        Assert.Equal("{}", (await Http.RegistryPostAsync("/", "{\"anything\":1}")).AssertOk().GetRawText());
    }

    [Fact]
    public async Task Head_answers_the_headers_of_a_get_without_a_body()
    {
        var answer = await Http.SendAsync(HttpMethod.Head, "/subjects", null, null, null);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(RegistryAnswer.V1, answer.ContentType);
        Assert.Empty(answer.Body);
    }
}
