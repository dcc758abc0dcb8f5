using System.Net;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests.Negotiation;

/// <summary>
/// Content types in and out, as JAX-RS and rest-utils negotiate them for the original: 406 without a body, 415
/// with one, the framework's 404 and 405, and the exact type of every answer (RootResourceTest).
/// </summary>
public sealed class ContentNegotiationTests(RestProxyFixture fixture)
{
    private const string V2 = "application/vnd.kafka.v2+json";
    private const string Binary = "application/vnd.kafka.binary.v2+json";

    private HttpClient Http => fixture.Http;

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/*")]
    [InlineData(V2)]
    [InlineData("application/vnd.kafka.v2+json, application/vnd.kafka+json, application/json")]
    [InlineData("application/vnd.kafka.v2+json; q=0.9, application/json; q=0.5")]
    [InlineData("text/html;q=1, */*;q=0.1")]
    public async Task Metadata_is_answered_as_vnd_kafka_v2_json_for_any_accept_that_allows_it(string? accept)
    {
        foreach (var path in new[] { "/", "/topics", "/brokers" })
        {
            var answer = await Http.RestGetAsync(path, accept);

            answer.AssertOk(V2);
        }
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("application/vnd.kafka.v2+json;q=0")]
    [InlineData("application/vnd.kafka.binary.v2+json")]
    public async Task An_accept_the_endpoint_cannot_satisfy_is_406_without_a_body_or_a_content_type(string accept)
    {
        var answer = await Http.RestGetAsync("/", accept);

        Assert.Equal(HttpStatusCode.NotAcceptable, answer.Status);
        Assert.Null(answer.ContentType);
        Assert.Equal(string.Empty, answer.Body);
    }

    [Fact]
    public async Task A_v1_client_is_answered_in_v1_when_it_asks_for_v1()
    {
        var answer = await Http.RestGetAsync("/topics", "application/vnd.kafka.v1+json, application/vnd.kafka+json, application/json");

        answer.AssertOk("application/vnd.kafka.v1+json");
    }

    [Fact]
    public async Task The_client_q_decides_before_the_order_of_the_accept_header()
    {
        var answer = await Http.RestGetAsync("/brokers", "application/vnd.kafka.v2+json;q=0.2, application/vnd.kafka.v1+json;q=0.8");

        answer.AssertOk("application/vnd.kafka.v1+json");
    }

    [Fact]
    public async Task A_body_of_a_type_the_endpoint_does_not_take_is_415_as_rest_utils_answers_it()
    {
        // RootResourceTest.testInvalidEntityContentType: the type of the error follows the Accept header.
        var answer = await Http.RestPostAsync("/", string.Empty, "text/plain", "application/vnd.kafka.v2+json, application/octet-stream");

        answer.AssertError(HttpStatusCode.UnsupportedMediaType, 415, "HTTP 415 Unsupported Media Type", V2);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/octet-stream")]
    [InlineData(V2)]
    [InlineData("application/vnd.kafka+json")]
    [InlineData("text/plain")]
    public async Task Produce_takes_only_the_embedded_format_types_and_answers_others_415_as_application_json(string contentType)
    {
        var topic = UniqueNames.For("415");

        var answer = await Http.RestPostAsync("/topics/" + topic, """{"records":[{"value":"YQ=="}]}""", contentType);

        answer.AssertError(HttpStatusCode.UnsupportedMediaType, 415, "HTTP 415 Unsupported Media Type", "application/json");
    }

    [Fact]
    public async Task A_get_that_names_a_foreign_content_type_is_415_except_on_brokers()
    {
        var topics = await Http.RestGetAsync("/topics", contentType: "application/json");
        var brokers = await Http.RestGetAsync("/brokers", contentType: "application/json");

        topics.AssertError(HttpStatusCode.UnsupportedMediaType, 415, "HTTP 415 Unsupported Media Type", "application/json");
        brokers.AssertOk(V2);
    }

    [Fact]
    public async Task A_wrong_content_type_is_answered_before_a_wrong_accept()
    {
        var answer = await Http.RestPostAsync("/topics/t", "{}", "text/plain", "text/plain");

        answer.AssertError(HttpStatusCode.UnsupportedMediaType, 415, "HTTP 415 Unsupported Media Type", "application/json");
    }

    [Fact]
    public async Task Produce_with_an_accept_it_cannot_answer_is_406_and_produces_nothing()
    {
        var topic = UniqueNames.For("406");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 1);

        var answer = await Http.RestPostAsync("/topics/" + topic, """{"records":[{"value":"YQ=="}]}""", Binary, "application/json");

        Assert.Equal(HttpStatusCode.NotAcceptable, answer.Status);
        Assert.Empty(await KafkaTopics.ReadRecordsAsync(fixture.Broker.EndPoint, topic, 0));
    }

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData(V2, V2)]
    [InlineData("application/json, application/vnd.kafka.v2+json", "application/json")]
    public async Task An_unknown_path_is_the_frameworks_404_in_the_error_shape(string? accept, string contentType)
    {
        var answer = await Http.RestGetAsync("/no/such/resource", accept);

        answer.AssertError(HttpStatusCode.NotFound, 404, "HTTP 404 Not Found", contentType);
    }

    [Theory]
    [InlineData("DELETE", "/topics")]
    [InlineData("PUT", "/topics/t")]
    [InlineData("POST", "/brokers")]
    [InlineData("GET", "/topics/t/partitions/0/offsets/x")]
    public async Task A_method_the_path_does_not_take_is_the_frameworks_405_or_404(string method, string path)
    {
        var answer = await Http.RestSendAsync(new HttpMethod(method), path, null, null, null);

        if (path.EndsWith("/x", StringComparison.Ordinal))
        {
            answer.AssertError(HttpStatusCode.NotFound, 404, "HTTP 404 Not Found", "application/json");
        }
        else
        {
            answer.AssertError(HttpStatusCode.MethodNotAllowed, 405, "HTTP 405 Method Not Allowed", "application/json");
        }
    }

    [Fact]
    public async Task Every_answer_names_its_type_without_a_charset()
    {
        var topic = UniqueNames.For("types");
        var produced = await Http.ProduceAsync("/topics/" + topic, """{"records":[{"value":"YQ=="}]}""");

        var answers = new[]
        {
            produced,
            await Http.RestGetAsync("/topics/" + topic),
            await Http.RestGetAsync("/topics/" + topic + "/partitions"),
            await Http.RestGetAsync("/topics/" + topic + "/partitions/0"),
            await Http.RestGetAsync("/topics/" + topic + "/partitions/0/offsets"),
            await Http.RestGetAsync("/topics/" + topic + "/partitions/9"),
        };

        Assert.All(answers, answer => Assert.Equal(V2, answer.ContentType));
    }
}
