using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Wharf.Broker.Tests.Support;
using Wharf.Clients;
using Wharf.Protocol.Messages;
using Wharf.Testing;
using WireError = Wharf.Protocol.ErrorCode;

namespace Wharf.Broker.Tests.Integration;

/// <summary>
/// Consumer groups administered with Confluent.Kafka 1.9.3: ListGroups and ListGroup (DescribeGroups), DeleteGroups,
/// and committed offsets read and changed from outside the group. The 1.9.3 API has no DescribeConsumerGroups,
/// ListConsumerGroupOffsets or AlterConsumerGroupOffsets; what those send is sent here the way the Java admin client
/// does: OffsetFetch with null topics for "all committed partitions", and OffsetCommit with generation -1 and no
/// member id (also what a consumer without a subscription sends).
/// </summary>
public sealed class GroupAdminTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private EmbeddedBroker _broker = null!;
    private IAdminClient _admin = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        KafkaClientLibrary.EnsureLoaded();
        _broker = await EmbeddedBroker.StartAsync();
        _admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _broker.BootstrapServers }).Build();
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task A_group_is_listed_described_has_its_offsets_read_and_altered_and_is_deleted_once_empty()
    {
        var topic = UniqueNames.For("groups");
        var group = UniqueNames.For("g");
        await _admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 2 }]);
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build())
        {
            for (var i = 0; i < 20; i++)
            {
                await producer.ProduceAsync(new TopicPartition(topic, i % 2), new Message<Null, string> { Value = "r" + i }, Cancel);
            }
        }

        using (var member = Subscribe(group, topic, "member-one"))
        {
            Assert.Equal(20, ConsumeAndCommit(member, 20).Count);

            var listed = Assert.Single(_admin.ListGroups(Timeout), g => g.Group == group);
            var described = _admin.ListGroup(group, Timeout);
            Assert.Equal(("Stable", "consumer"), (listed.State, listed.ProtocolType));
            Assert.Equal("member-one", Assert.Single(described.Members).ClientId);
            Assert.NotEmpty(described.Members[0].MemberAssignment);

            var notEmpty = await Assert.ThrowsAsync<DeleteGroupsException>(() => _admin.DeleteGroupsAsync([group]));
            Assert.Equal(ErrorCode.NonEmptyGroup, Assert.Single(notEmpty.Results).Error.Code);
            using var outsider = Unsubscribed(group);
            var refused = Assert.ThrowsAny<KafkaException>(() => outsider.Commit([new TopicPartitionOffset(topic, 0, 1)]));
            Assert.Equal(ErrorCode.UnknownMemberId, refused.Error.Code);
            member.Close();
        }

        Assert.Equal("Empty", _admin.ListGroup(group, Timeout).State);
        Assert.Equal([(0, 10L), (1, 10L)], await AllCommittedAsync(group));

        using (var outsider = Unsubscribed(group))
        {
            outsider.Commit([new TopicPartitionOffset(topic, 0, 3), new TopicPartitionOffset(topic, 1, 7)]);
            var committed = outsider.Committed([new TopicPartition(topic, 0), new TopicPartition(topic, 1)], Timeout);
            Assert.Equal([3L, 7L], committed.Select(c => c.Offset.Value));
        }

        using (var resumed = Subscribe(group, topic, "member-two"))
        {
            var records = ConsumeAndCommit(resumed, 10);
            Assert.Equal(
                Enumerable.Range(3, 7).Select(o => (0, (long)o)).Concat(Enumerable.Range(7, 3).Select(o => (1, (long)o))).Order(),
                records.Select(r => (r.Partition.Value, r.Offset.Value)).Order());
            resumed.Close();
        }

        await _admin.DeleteGroupsAsync([group]);
        var gone = await Assert.ThrowsAsync<DeleteGroupsException>(() => _admin.DeleteGroupsAsync([group]));

        Assert.Equal(ErrorCode.GroupIdNotFound, Assert.Single(gone.Results).Error.Code);
        Assert.DoesNotContain(_admin.ListGroups(Timeout), g => g.Group == group);
        Assert.Empty(await AllCommittedAsync(group));
    }

    [Fact]
    public async Task Deleting_several_groups_answers_for_each()
    {
        var topic = UniqueNames.For("groups");
        var (empty, unknown) = (UniqueNames.For("empty"), UniqueNames.For("unknown"));
        await _admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1 }]);
        using (var outsider = Unsubscribed(empty))
        {
            outsider.Commit([new TopicPartitionOffset(topic, 0, 0)]);
        }

        var failed = await Assert.ThrowsAsync<DeleteGroupsException>(() => _admin.DeleteGroupsAsync([empty, unknown]));

        Assert.Equal([ErrorCode.NoError, ErrorCode.GroupIdNotFound], failed.Results.Select(r => r.Error.Code));
        Assert.Empty(await AllCommittedAsync(empty));
    }

    private IConsumer<Ignore, string> Subscribe(string group, string topic, string clientId)
    {
        var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = _broker.BootstrapServers,
            GroupId = group,
            ClientId = clientId,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        return consumer;
    }

    private IConsumer<Ignore, string> Unsubscribed(string group) =>
        new ConsumerBuilder<Ignore, string>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = group, EnableAutoCommit = false }).Build();

    private static List<ConsumeResult<Ignore, string>> ConsumeAndCommit(IConsumer<Ignore, string> consumer, int count)
    {
        var records = new List<ConsumeResult<Ignore, string>>();
        var deadline = DateTime.UtcNow + Timeout;
        while (records.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "only " + records.Count + " of " + count + " records arrived");
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } record)
            {
                records.Add(record);
                consumer.Commit(record);
            }
        }

        return records;
    }

    /// <summary>Every committed offset of the group: OffsetFetch v7 with null topics, as ListConsumerGroupOffsets asks.</summary>
    private async Task<List<(int Partition, long Offset)>> AllCommittedAsync(string group)
    {
        await using var client = await KafkaWireClient.ConnectAsync(_broker.EndPoint, Cancel);
        var response = await client.SendAsync<OffsetFetchRequest, OffsetFetchResponse>(new OffsetFetchRequest { GroupId = group, Topics = null }, 7, Cancel);
        Assert.Equal(WireError.None, (WireError)response.ErrorCode);
        return response.Topics.SelectMany(t => t.Partitions).Select(p => (p.PartitionIndex, p.CommittedOffset)).Order().ToList();
    }
}
