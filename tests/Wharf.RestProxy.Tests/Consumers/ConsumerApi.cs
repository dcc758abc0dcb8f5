using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Wharf.Clients;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests.Consumers;

/// <summary>An HTTP answer: status, content type (without parameters) and body text.</summary>
internal sealed record Answer(int Status, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public int ErrorCode => Json.GetProperty("error_code").GetInt32();

    public string Message => Json.GetProperty("message").GetString() ?? string.Empty;

    public override string ToString() => Status + " " + ContentType + " " + Body;
}

/// <summary>Raw HTTP calls to the consumer API, with the content types and bodies spelled out by each test.</summary>
internal static class ConsumerApi
{
    public const string V2 = "application/vnd.kafka.v2+json";
    public const string Binary = "application/vnd.kafka.binary.v2+json";
    public const string Json = "application/vnd.kafka.json.v2+json";
    public const string V1 = "application/vnd.kafka.v1+json";
    public const string BinaryV1 = "application/vnd.kafka.binary.v1+json";

    public static async Task<Answer> SendAsync(HttpClient http, HttpMethod method, string url, string? body = null, string contentType = V2, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
    }

    public static Task<Answer> PostAsync(HttpClient http, string url, string? body, string contentType = V2, string? accept = null) =>
        SendAsync(http, HttpMethod.Post, url, body, contentType, accept);

    public static Task<Answer> GetAsync(HttpClient http, string url, string? accept = null) => SendAsync(http, HttpMethod.Get, url, accept: accept);

    public static Task<Answer> DeleteAsync(HttpClient http, string url, string? accept = null) => SendAsync(http, HttpMethod.Delete, url, accept: accept);

    /// <summary>Creates an instance and returns it; the test fails when the proxy does not answer 200.</summary>
    public static async Task<RestConsumer> CreateAsync(HttpClient http, string group, string body = """{"auto.offset.reset":"earliest"}""")
    {
        var answer = await PostAsync(http, "/consumers/" + group, body);
        Assert.True(answer.Status == 200, answer.ToString());
        var json = answer.Json;
        return new RestConsumer(http, json.GetProperty("instance_id").GetString()!, new Uri(json.GetProperty("base_uri").GetString()!));
    }
}

/// <summary>A consumer instance under test, addressed through its base_uri.</summary>
internal sealed class RestConsumer(HttpClient http, string instanceId, Uri baseUri)
{
    public string InstanceId { get; } = instanceId;

    public Uri BaseUri { get; } = baseUri;

    public string Url(string suffix = "") => BaseUri + suffix;

    public async Task SubscribeAsync(params string[] topics)
    {
        var answer = await ConsumerApi.PostAsync(http, Url("/subscription"), JsonSerializer.Serialize(new Dictionary<string, string[]> { ["topics"] = topics }));
        Assert.True(answer.Status == 204, answer.ToString());
    }

    public async Task AssignAsync(string topic, params int[] partitions)
    {
        var body = "{\"partitions\":[" + string.Join(",", partitions.Select(p => "{\"topic\":\"" + topic + "\",\"partition\":" + p + "}")) + "]}";
        var answer = await ConsumerApi.PostAsync(http, Url("/assignments"), body);
        Assert.True(answer.Status == 204, answer.ToString());
    }

    public async Task<List<(string Topic, int Partition)>> AssignmentAsync()
    {
        var answer = await ConsumerApi.GetAsync(http, Url("/assignments"));
        Assert.True(answer.Status == 200, answer.ToString());
        return answer.Json.GetProperty("partitions").EnumerateArray().Select(p => (p.GetProperty("topic").GetString()!, p.GetProperty("partition").GetInt32())).ToList();
    }

    /// <summary>One read; the test fails unless it is a 200 with a JSON array.</summary>
    public async Task<List<JsonElement>> ReadAsync(string query = "", string accept = ConsumerApi.Binary)
    {
        var answer = await ConsumerApi.GetAsync(http, Url("/records" + query), accept);
        Assert.True(answer.Status == 200, answer.ToString());
        return answer.Json.EnumerateArray().ToList();
    }

    /// <summary>Reads until <paramref name="count"/> records came (or a generous deadline passes); the first reads of a group member are often empty.</summary>
    public async Task<List<JsonElement>> ReadAtLeastAsync(int count, string query = "", string accept = ConsumerApi.Binary)
    {
        var records = new List<JsonElement>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (records.Count < count && DateTime.UtcNow < deadline)
        {
            records.AddRange(await ReadAsync(query, accept));
        }

        return records;
    }

    /// <summary>Reads (discarding records) until the group has given this instance partitions.</summary>
    public async Task<List<(string Topic, int Partition)>> JoinAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await ReadAsync();
            var assignment = await AssignmentAsync();
            if (assignment.Count > 0)
            {
                return assignment;
            }
        }

        Assert.Fail("the instance got no partitions");
        return [];
    }

    public async Task DeleteAsync()
    {
        var answer = await ConsumerApi.DeleteAsync(http, Url());
        Assert.True(answer.Status == 204, answer.ToString());
    }
}

/// <summary>Topics and records made with Kafka's own client, so the consumer API is tested against data it did not produce.</summary>
internal static class KafkaData
{
    public static async Task CreateTopicAsync(string bootstrapServers, string topic, int partitions)
    {
        try
        {
            await KafkaTopics.CreateAsync(bootstrapServers, topic, partitions);
        }
        catch (CreateTopicsException exception) when (exception.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            // Created by an earlier run of the same flow.
        }
    }

    public static async Task ProduceAsync(string bootstrapServers, string topic, int partition, IEnumerable<(byte[]? Key, byte[]? Value)> records, Headers? headers = null)
    {
        KafkaClientLibrary.EnsureLoaded();
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        foreach (var (key, value) in records)
        {
            await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = headers }, TestContext.Current.CancellationToken);
        }
    }

    public static Task ProduceValuesAsync(string bootstrapServers, string topic, int partition, params string[] values) =>
        ProduceAsync(bootstrapServers, topic, partition, values.Select(v => ((byte[]?)null, (byte[]?)Encoding.UTF8.GetBytes(v))));

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>The text of a binary record's base64 value.</summary>
    public static string ValueText(JsonElement record) => Encoding.UTF8.GetString(Convert.FromBase64String(record.GetProperty("value").GetString()!));
}
