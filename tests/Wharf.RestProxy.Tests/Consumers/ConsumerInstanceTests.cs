using Wharf.Testing;
using static Wharf.RestProxy.Tests.Consumers.ConsumerApi;

namespace Wharf.RestProxy.Tests.Consumers;

/// <summary>POST /consumers/{group} and DELETE …/instances/{instance}: names, base_uri, and the original's error answers.</summary>
public sealed class ConsumerInstanceTests(RestProxyFixture fixture)
{
    [Fact]
    public async Task An_instance_created_without_a_body_gets_a_generated_name_and_a_base_uri_on_this_proxy()
    {
        var group = UniqueNames.For("group");

        var answer = await SendAsync(fixture.Http, HttpMethod.Post, "/consumers/" + group, accept: V2);

        Assert.Equal(200, answer.Status);
        Assert.Equal(V2, answer.ContentType);
        var name = answer.Json.GetProperty("instance_id").GetString()!;
        Assert.Matches("^rest-consumer-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", name);
        Assert.Equal(fixture.Proxy.BaseAddress + "consumers/" + group + "/instances/" + name, answer.Json.GetProperty("base_uri").GetString());
        Assert.Equal(204, (await DeleteAsync(fixture.Http, "/consumers/" + group + "/instances/" + name)).Status);
    }

    [Fact]
    public async Task A_named_instance_keeps_its_name_and_the_deprecated_id_wins_over_the_name()
    {
        var group = UniqueNames.For("group");

        var named = await PostAsync(fixture.Http, "/consumers/" + group, """{"name":"alpha","format":"BINARY"}""");
        var withId = await PostAsync(fixture.Http, "/consumers/" + group, """{"name":"ignored","id":"beta"}""");

        Assert.Equal("alpha", named.Json.GetProperty("instance_id").GetString());
        Assert.EndsWith("/consumers/" + group + "/instances/alpha", named.Json.GetProperty("base_uri").GetString());
        Assert.Equal("beta", withId.Json.GetProperty("instance_id").GetString());
        Assert.Equal(204, (await DeleteAsync(fixture.Http, "/consumers/" + group + "/instances/alpha")).Status);
        Assert.Equal(204, (await DeleteAsync(fixture.Http, "/consumers/" + group + "/instances/beta")).Status);
    }

    [Fact]
    public async Task A_second_instance_with_the_same_name_in_the_group_is_a_conflict()
    {
        var group = UniqueNames.For("group");
        Assert.Equal(200, (await PostAsync(fixture.Http, "/consumers/" + group, """{"name":"same"}""")).Status);

        var again = await PostAsync(fixture.Http, "/consumers/" + group, """{"name":"same"}""");
        var otherGroup = await PostAsync(fixture.Http, "/consumers/" + group + "-other", """{"name":"same"}""");

        Assert.Equal((409, 40902), (again.Status, again.ErrorCode));
        Assert.Equal("Consumer with specified consumer ID already exists in the specified consumer group.", again.Message);
        Assert.Equal(V2, again.ContentType);
        Assert.Equal(200, otherGroup.Status);
        await DeleteAsync(fixture.Http, "/consumers/" + group + "/instances/same");
        await DeleteAsync(fixture.Http, "/consumers/" + group + "-other/instances/same");
    }

    [Theory]
    [InlineData("""{"auto.offset.reset":"bad-config"}""", "Invalid consumer configuration: Invalid value bad-config for configuration auto.offset.reset: String must be one of: latest, earliest, none")]
    [InlineData("""{"auto.offset.reset":"smallest"}""", "Invalid consumer configuration: Invalid value smallest for configuration auto.offset.reset: String must be one of: latest, earliest, none")]
    [InlineData("""{"auto.commit.enable":"yes"}""", "Invalid consumer configuration: Invalid value yes for configuration enable.auto.commit: Expected value to be either true or false")]
    [InlineData("""{"consumer.request.timeout.ms":-5}""", "Invalid consumer configuration: Invalid value -5 for configuration consumer.request.timeout.ms: Value must be at least 0")]
    public async Task A_setting_Kafka_rejects_is_an_invalid_consumer_configuration(string body, string message)
    {
        var group = UniqueNames.For("group");

        var answer = await PostAsync(fixture.Http, "/consumers/" + group, body);

        Assert.Equal((422, 42204, message), (answer.Status, answer.ErrorCode, answer.Message));
        Assert.Equal(V2, answer.ContentType);
    }

    [Theory]
    [InlineData("""{"fetch.min.bytes":10000001}""", "Value must be no more than 10000000", 10000001)]
    [InlineData("""{"responseMinBytes":-2}""", "Value must be at least -1", -2)]
    public async Task Fetch_min_bytes_outside_its_range_is_a_constraint_violation(string body, string bound, int value)
    {
        var answer = await PostAsync(fixture.Http, "/consumers/" + UniqueNames.For("group"), body);

        Assert.Equal((422, 40001), (answer.Status, answer.ErrorCode));
        Assert.Equal("Invalid consumer configuration. It does not abide by the constraints: Invalid value " + value + " for configuration fetch.min.bytes: " + bound, answer.Message);
    }

    [Fact]
    public async Task An_unknown_format_is_unprocessable_and_a_schema_format_needs_a_schema_registry()
    {
        var unknown = await PostAsync(fixture.Http, "/consumers/" + UniqueNames.For("group"), """{"format":"xml"}""");
        var avro = await PostAsync(fixture.Http, "/consumers/" + UniqueNames.For("group"), """{"format":"avro"}""");

        Assert.Equal((422, 422, "Invalid format type."), (unknown.Status, unknown.ErrorCode, unknown.Message));
        Assert.Equal((422, 42207), (avro.Status, avro.ErrorCode));
    }

    [Fact]
    public async Task Bad_documents_are_answered_as_the_original_answers_them()
    {
        var group = "/consumers/" + UniqueNames.For("group");

        var unknownField = await PostAsync(fixture.Http, group, """{"nmae":"typo"}""");
        var malformed = await PostAsync(fixture.Http, group, """{"name":""");
        var wrongType = await PostAsync(fixture.Http, group, "{}", contentType: "text/plain");

        Assert.Equal((422, 422, "Unrecognized field: nmae"), (unknownField.Status, unknownField.ErrorCode, unknownField.Message));
        Assert.Equal((400, 400), (malformed.Status, malformed.ErrorCode));
        Assert.Equal((415, 415), (wrongType.Status, wrongType.ErrorCode));
    }

    [Fact]
    public async Task A_deleted_instance_is_gone()
    {
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));

        await consumer.DeleteAsync();
        var again = await DeleteAsync(fixture.Http, consumer.Url());
        var read = await GetAsync(fixture.Http, consumer.Url("/records"));

        Assert.Equal((404, 40403, "Consumer instance not found."), (again.Status, again.ErrorCode, again.Message));
        Assert.Equal((404, 40403), (read.Status, read.ErrorCode));
        Assert.Equal(Binary, read.ContentType);
    }

    [Fact]
    public async Task Concurrent_deletes_of_one_instance_answer_one_204_and_one_404()
    {
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));
        await consumer.SubscribeAsync(UniqueNames.For("topic"));

        var answers = await Task.WhenAll(
            Task.Run(() => DeleteAsync(fixture.Http, consumer.Url())),
            Task.Run(() => DeleteAsync(fixture.Http, consumer.Url())));

        Assert.Equal([204, 404], answers.Select(a => a.Status).Order());
        Assert.Equal(40403, answers.Single(a => a.Status == 404).ErrorCode);
    }

    [Fact]
    public async Task Every_operation_on_an_unknown_instance_is_40403()
    {
        var url = "/consumers/" + UniqueNames.For("group") + "/instances/nobody";
        var partitions = """{"partitions":[{"topic":"t","partition":0}]}""";

        Answer[] answers =
        [
            await PostAsync(fixture.Http, url + "/subscription", """{"topics":["t"]}"""),
            await GetAsync(fixture.Http, url + "/subscription"),
            await DeleteAsync(fixture.Http, url + "/subscription"),
            await PostAsync(fixture.Http, url + "/assignments", partitions),
            await GetAsync(fixture.Http, url + "/assignments"),
            await PostAsync(fixture.Http, url + "/positions", """{"offsets":[{"topic":"t","partition":0,"offset":1}]}"""),
            await PostAsync(fixture.Http, url + "/positions/beginning", partitions),
            await PostAsync(fixture.Http, url + "/positions/end", partitions),
            await PostAsync(fixture.Http, url + "/offsets", null),
            await SendAsync(fixture.Http, HttpMethod.Get, url + "/offsets", partitions),
            await GetAsync(fixture.Http, url + "/records"),
        ];

        Assert.All(answers, a => Assert.Equal((404, 40403), (a.Status, a.ErrorCode)));
    }
}
