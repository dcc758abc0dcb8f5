using Wharf.Testing;
using static Wharf.RestProxy.Tests.Consumers.ConsumerApi;

namespace Wharf.RestProxy.Tests.Consumers;

/// <summary>…/subscription and …/assignments: subscribe by topics or pattern, assign manually, and the 40903 rule between them.</summary>
public sealed class SubscriptionTests(RestProxyFixture fixture)
{
    [Fact]
    public async Task A_topic_subscription_is_listed_and_yields_the_topics_partitions()
    {
        var topic = UniqueNames.For("topic");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 2);
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));

        await consumer.SubscribeAsync(topic);
        var subscription = await GetAsync(fixture.Http, consumer.Url("/subscription"));
        var assignment = await consumer.JoinAsync();

        Assert.Equal(200, subscription.Status);
        Assert.Equal(V2, subscription.ContentType);
        Assert.Equal("{\"topics\":[\"" + topic + "\"]}", subscription.Body);
        Assert.Equal([(topic, 0), (topic, 1)], assignment.Order());
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task A_pattern_subscription_lists_the_topics_whose_whole_name_matches_and_reads_from_them()
    {
        var prefix = UniqueNames.For("pat");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, prefix + "-a", 1);
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, prefix + "-b", 1);
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, "x" + prefix + "-c", 1);
        await KafkaData.ProduceValuesAsync(fixture.Broker.BootstrapServers, prefix + "-a", 0, "from-a");
        await KafkaData.ProduceValuesAsync(fixture.Broker.BootstrapServers, "x" + prefix + "-c", 0, "from-c");
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));

        var subscribe = await PostAsync(fixture.Http, consumer.Url("/subscription"), "{\"topic_pattern\":\"" + prefix + "-.*\"}");
        var subscription = await GetAsync(fixture.Http, consumer.Url("/subscription"));
        var records = await consumer.ReadAtLeastAsync(1);

        Assert.Equal(204, subscribe.Status);
        Assert.Equal([prefix + "-a", prefix + "-b"], subscription.Json.GetProperty("topics").EnumerateArray().Select(t => t.GetString()).Order());
        Assert.Equal(["from-a"], records.Select(KafkaData.ValueText));
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task Unsubscribing_ends_the_subscription_and_the_assignment_at_once()
    {
        var topic = UniqueNames.For("topic");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 1);
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));
        await consumer.SubscribeAsync(topic);
        await consumer.JoinAsync();

        var unsubscribe = await DeleteAsync(fixture.Http, consumer.Url("/subscription"));

        Assert.Equal(204, unsubscribe.Status);
        Assert.Equal("{\"topics\":[]}", (await GetAsync(fixture.Http, consumer.Url("/subscription"))).Body);
        Assert.Empty(await consumer.AssignmentAsync());
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task Subscribing_after_a_manual_assignment_and_assigning_after_subscribing_are_illegal_states()
    {
        var topic = UniqueNames.For("topic");
        var assigned = await CreateAsync(fixture.Http, UniqueNames.For("group"));
        var subscribed = await CreateAsync(fixture.Http, UniqueNames.For("group"));
        await assigned.AssignAsync(topic, 0);
        await subscribed.SubscribeAsync(topic);

        var subscribe = await PostAsync(fixture.Http, assigned.Url("/subscription"), "{\"topics\":[\"" + topic + "\"]}");
        var assign = await PostAsync(fixture.Http, subscribed.Url("/assignments"), "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0}]}");
        var pattern = await PostAsync(fixture.Http, subscribed.Url("/subscription"), "{\"topic_pattern\":\"" + topic + ".*\"}");

        foreach (var answer in new[] { subscribe, assign, pattern })
        {
            Assert.Equal((409, 40903), (answer.Status, answer.ErrorCode));
            Assert.Equal("Illegal state: Subscription to topics, partitions and pattern are mutually exclusive", answer.Message);
        }

        // After unsubscribing, either is allowed again.
        Assert.Equal(204, (await DeleteAsync(fixture.Http, assigned.Url("/subscription"))).Status);
        await assigned.SubscribeAsync(topic);
        await assigned.DeleteAsync();
        await subscribed.DeleteAsync();
    }

    [Fact]
    public async Task A_manual_assignment_is_listed_and_read_from()
    {
        var topic = UniqueNames.For("topic");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 3);
        await KafkaData.ProduceValuesAsync(fixture.Broker.BootstrapServers, topic, 1, "one");
        await KafkaData.ProduceValuesAsync(fixture.Broker.BootstrapServers, topic, 2, "two");
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));

        await consumer.AssignAsync(topic, 2);
        var assignments = await GetAsync(fixture.Http, consumer.Url("/assignments"));
        var records = await consumer.ReadAtLeastAsync(1);

        Assert.Equal("{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":2}]}", assignments.Body);
        Assert.Equal(["two"], records.Select(KafkaData.ValueText));
        Assert.Equal("{\"topics\":[]}", (await GetAsync(fixture.Http, consumer.Url("/subscription"))).Body);
        await consumer.DeleteAsync();
    }

    [Theory]
    [InlineData("/subscription", "", 422)]
    [InlineData("/subscription", """{"topics":["t"],"extra":1}""", 422)]
    [InlineData("/subscription", """{"topics":[""]}""", 422)]
    [InlineData("/subscription", """{"topic_pattern":"(unclosed"}""", 422)]
    [InlineData("/assignments", "", 422)]
    [InlineData("/assignments", """{"partitions":[{"topic":"t","partition":-1}]}""", 422)]
    [InlineData("/assignments", """{"partitions":[{"partition":0}]}""", 422)]
    [InlineData("/assignments", """{"partitions":[""", 400)]
    public async Task Bad_subscription_and_assignment_documents_are_refused(string path, string body, int status)
    {
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));

        var answer = await SendAsync(fixture.Http, HttpMethod.Post, consumer.Url(path), body);

        Assert.Equal((status, status), (answer.Status, answer.ErrorCode));
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task An_empty_subscription_document_changes_nothing()
    {
        var topic = UniqueNames.For("topic");
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));
        await consumer.SubscribeAsync(topic);

        var answer = await PostAsync(fixture.Http, consumer.Url("/subscription"), "{}");

        Assert.Equal(204, answer.Status);
        Assert.Equal("{\"topics\":[\"" + topic + "\"]}", (await GetAsync(fixture.Http, consumer.Url("/subscription"))).Body);
        await consumer.DeleteAsync();
    }
}
