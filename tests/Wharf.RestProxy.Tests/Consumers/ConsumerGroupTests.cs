using System.Text.Json;
using Confluent.Kafka;
using Wharf.Clients;
using Wharf.Testing;
using static Wharf.RestProxy.Tests.Consumers.ConsumerApi;

namespace Wharf.RestProxy.Tests.Consumers;

/// <summary>
/// Consumer groups over HTTP: instances of one group share partitions (on one proxy or spread over two), an idle
/// instance expires and hands its partitions over, an instance lives on the proxy that created it (the other
/// answers 404/40403 for it), and stopping a proxy ends its members.
/// </summary>
public sealed class ConsumerGroupTests(RestProxyFixture fixture)
{
    [Fact]
    public async Task Two_rest_consumers_in_a_group_split_the_partitions_and_an_expired_one_hands_its_partitions_to_the_other()
    {
        await using var proxy = await EmbeddedRestProxy.StartAsync(fixture.Broker.BootstrapServers, new Dictionary<string, string>
        {
            ["consumer.instance.timeout.ms"] = "3000",
            ["consumer.request.timeout.ms"] = "300",
        });
        var topic = UniqueNames.For("split");
        var group = UniqueNames.For("group");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 2);
        var a = await CreateAsync(proxy.Http, group);
        var b = await CreateAsync(proxy.Http, group);
        await a.SubscribeAsync(topic);
        await b.SubscribeAsync(topic);

        await ReadSplitAsync(topic, a, b);

        // a is left alone: it expires, leaves the group, and b takes both partitions and reads what comes next.
        var readAfter = new List<JsonElement>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await b.AssignmentAsync()).Count < 2 && DateTime.UtcNow < deadline)
        {
            readAfter.AddRange(await b.ReadAsync());
        }

        var expired = await GetAsync(proxy.Http, a.Url("/records"));
        Assert.Equal((404, 40403), (expired.Status, expired.ErrorCode));
        Assert.Contains(proxy.Logs.Entries, e => e.EventId.Id == 302 && e.Message.Contains(a.InstanceId, StringComparison.Ordinal));
        await ProduceNumbersAsync(topic, 20, 40);
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (readAfter.Count < 20 && DateTime.UtcNow < deadline)
        {
            readAfter.AddRange(await b.ReadAsync());
        }

        Assert.Equal(Enumerable.Range(20, 20), readAfter.Select(Number).Order());
        await b.DeleteAsync();
    }

    [Fact]
    public async Task A_group_spread_over_two_proxies_splits_the_partitions_and_reads_every_record_once()
    {
        await using var first = await EmbeddedRestProxy.StartAsync(fixture.Broker.BootstrapServers, new Dictionary<string, string> { ["id"] = "first", ["consumer.request.timeout.ms"] = "300" });
        await using var second = await EmbeddedRestProxy.StartAsync(fixture.Broker.BootstrapServers, new Dictionary<string, string> { ["id"] = "second", ["consumer.request.timeout.ms"] = "300" });
        var topic = UniqueNames.For("spread");
        var group = UniqueNames.For("group");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 2);
        var a = await CreateAsync(first.Http, group);
        var b = await CreateAsync(second.Http, group);
        await a.SubscribeAsync(topic);
        await b.SubscribeAsync(topic);

        await ReadSplitAsync(topic, a, b);

        Assert.Equal(2, DescribeGroup(group).Members.Count);
        await a.DeleteAsync();
        await b.DeleteAsync();
    }

    [Fact]
    public async Task An_instance_lives_on_the_proxy_that_created_it_and_its_base_uri_points_there()
    {
        await using var second = await EmbeddedRestProxy.StartAsync(fixture.Broker.BootstrapServers, new Dictionary<string, string> { ["id"] = "second" });
        var group = UniqueNames.For("group");

        var consumer = await CreateAsync(second.Http, group);
        var fromFirst = await GetAsync(fixture.Http, "/consumers/" + group + "/instances/" + consumer.InstanceId + "/records");
        var deleteFromFirst = await DeleteAsync(fixture.Http, "/consumers/" + group + "/instances/" + consumer.InstanceId);

        Assert.StartsWith("rest-consumer-second-", consumer.InstanceId);
        Assert.Equal(second.BaseAddress.Port, consumer.BaseUri.Port);
        Assert.NotEqual(fixture.Proxy.BaseAddress.Port, consumer.BaseUri.Port);
        Assert.Equal((404, 40403), (fromFirst.Status, fromFirst.ErrorCode));
        Assert.Equal((404, 40403), (deleteFromFirst.Status, deleteFromFirst.ErrorCode));
        Assert.Empty(await consumer.ReadAsync());
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task Base_uri_uses_the_advertised_listener_else_host_name()
    {
        await using var advertised = await EmbeddedRestProxy.StartAsync(fixture.Broker.BootstrapServers, new Dictionary<string, string> { ["advertised.listeners"] = "http://proxy.example:9999" });
        await using var named = await EmbeddedRestProxy.StartAsync(fixture.Broker.BootstrapServers, new Dictionary<string, string> { ["host.name"] = "rest.example" });
        var group = UniqueNames.For("group");

        var fromAdvertised = await CreateAsync(advertised.Http, group);
        var fromNamed = await CreateAsync(named.Http, group);

        Assert.Equal("http://proxy.example:9999/consumers/" + group + "/instances/" + fromAdvertised.InstanceId, fromAdvertised.BaseUri.ToString());
        Assert.Equal("http://rest.example:" + named.BaseAddress.Port + "/consumers/" + group + "/instances/" + fromNamed.InstanceId, fromNamed.BaseUri.ToString());
    }

    [Fact]
    public async Task Stopping_the_proxy_closes_its_consumers_and_ends_their_group_membership()
    {
        var topic = UniqueNames.For("topic");
        var group = UniqueNames.For("group");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 1);
        var proxy = await EmbeddedRestProxy.StartAsync(fixture.Broker.BootstrapServers);
        string instanceId;
        try
        {
            var consumer = await CreateAsync(proxy.Http, group);
            instanceId = consumer.InstanceId;
            await consumer.SubscribeAsync(topic);
            await consumer.JoinAsync();
            Assert.Single(DescribeGroup(group).Members);
        }
        finally
        {
            await proxy.DisposeAsync();
        }

        var described = DescribeGroup(group);
        Assert.Empty(described.Members);
        Assert.Equal("Empty", described.State);
        Assert.Contains(proxy.Logs.Entries, e => e.EventId.Id == 303 && e.Message.Contains("Closed 1 consumer", StringComparison.Ordinal));
        Assert.DoesNotContain(proxy.Logs.Entries, e => e.EventId.Id == 302 && e.Message.Contains(instanceId, StringComparison.Ordinal));
    }

    /// <summary>
    /// Both members poll (read) until the group settled on one of the topic's two partitions each; then numbers 0-19
    /// are produced over both partitions and each member must read exactly its own partition's, together all once.
    /// </summary>
    private async Task ReadSplitAsync(string topic, RestConsumer a, RestConsumer b)
    {
        List<(string, int)> assignedA = [], assignedB = [];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!(assignedA.Count == 1 && assignedB.Count == 1) && DateTime.UtcNow < deadline)
        {
            Assert.Empty(await a.ReadAsync());
            Assert.Empty(await b.ReadAsync());
            (assignedA, assignedB) = (await a.AssignmentAsync(), await b.AssignmentAsync());
        }

        Assert.Equal([(topic, 0), (topic, 1)], assignedA.Concat(assignedB).Order());
        await ProduceNumbersAsync(topic, 0, 20);

        var readByA = new List<JsonElement>();
        var readByB = new List<JsonElement>();
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (readByA.Count + readByB.Count < 20 && DateTime.UtcNow < deadline)
        {
            readByA.AddRange(await a.ReadAsync());
            readByB.AddRange(await b.ReadAsync());
        }

        Assert.Equal(Enumerable.Range(0, 20), readByA.Concat(readByB).Select(Number).Order());
        Assert.All(readByA, r => Assert.Equal(assignedA[0].Item2, r.GetProperty("partition").GetInt32()));
        Assert.All(readByB, r => Assert.Equal(assignedB[0].Item2, r.GetProperty("partition").GetInt32()));
    }

    private GroupInfo DescribeGroup(string group)
    {
        KafkaClientLibrary.EnsureLoaded();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Broker.BootstrapServers }).Build();
        return admin.ListGroup(group, TimeSpan.FromSeconds(30));
    }

    private Task ProduceNumbersAsync(string topic, int from, int to) =>
        Task.WhenAll(
            KafkaData.ProduceAsync(fixture.Broker.BootstrapServers, topic, 0, Enumerable.Range(from, to - from).Where(i => i % 2 == 0).Select(Record)),
            KafkaData.ProduceAsync(fixture.Broker.BootstrapServers, topic, 1, Enumerable.Range(from, to - from).Where(i => i % 2 == 1).Select(Record)));

    private static (byte[]?, byte[]?) Record(int number) => (null, BitConverter.GetBytes(number));

    private static int Number(JsonElement record) => BitConverter.ToInt32(Convert.FromBase64String(record.GetProperty("value").GetString()!));
}
