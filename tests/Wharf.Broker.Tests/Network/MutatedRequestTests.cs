using System.Buffers.Binary;
using Wharf.Broker.Tests.Support;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Records;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Network;

/// <summary>
/// A small deterministic fuzzer: a valid request of every API at every version, with bytes flipped, integers
/// replaced by edge values, or the body cut short. Each must be answered or close its connection, never make the
/// broker log an error, and the well-behaved clients and stored records stay untouched.
/// </summary>
public sealed class MutatedRequestTests(UndisturbedBroker fixture) : IClassFixture<UndisturbedBroker>
{
    private const int MutationsPerVersion = 30;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static readonly int[] EdgeValues = [0, -1, 1, int.MaxValue, int.MinValue, short.MaxValue, short.MinValue, 0x7F, 0xFF];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mutated_requests_of_every_api_and_version_are_answered_or_close_the_connection()
    {
        var topic = UniqueNames.For("fuzz");
        await using (var setup = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel))
        {
            await Wire.CreateTopicAsync(setup, topic, partitions: 2);
            await Wire.ProduceAsync(setup, topic, 0, Wire.Batch(["a", "b", "c"]));
        }

        var random = new Random(1234);
        foreach (var api in KafkaApis.All)
        {
            // These may legitimately wait (a long poll, a rebalance) as long as a mutated field says: each gets its
            // own connection, and they are given a moment together instead of an answer each.
            var mayWait = api.Key is ApiKey.Fetch or ApiKey.JoinGroup or ApiKey.SyncGroup;
            var parked = new List<Task>();
            await using var connection = new Connection(fixture);
            for (var version = api.LowestVersion; version <= api.HighestVersion; version++)
            {
                var valid = Wire.Encode(Template(api.Key, topic), api.Key, version);
                for (var i = 0; i < MutationsPerVersion; i++)
                {
                    var mutated = Mutate(valid, random);
                    if (mayWait)
                    {
                        parked.Add(SendAloneAsync(mutated));
                    }
                    else
                    {
                        await connection.SendAndExpectAnswerOrCloseAsync(mutated);
                    }
                }
            }

            await Task.WhenAll(parked);
            Assert.Empty(fixture.Broker.Logs.Unexpected());
        }

        await fixture.AssertUndisturbedAsync();
    }

    private async Task SendAloneAsync(byte[] frame)
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        await client.SendRawAsync(frame, Cancel);
        await Task.WhenAny(client.ReadFrameAsync(Cancel), Task.Delay(1_000, Cancel));
    }

    /// <summary>One of: flip up to three bytes, write an edge value as int16 or int32, or cut the frame short.</summary>
    private static byte[] Mutate(byte[] valid, Random random)
    {
        var frame = (byte[])valid.Clone();

        // Past the length prefix, api key and version: those are the bad-input tests' business.
        const int first = 8;
        switch (random.Next(4))
        {
            case 0:
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    frame[random.Next(first, frame.Length)] ^= (byte)random.Next(1, 256);
                }

                return frame;
            case 1 when frame.Length >= first + 2:
                BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(random.Next(first, frame.Length - 1)), (short)EdgeValues[random.Next(EdgeValues.Length)]);
                return frame;
            case 2 when frame.Length >= first + 4:
                BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(random.Next(first, frame.Length - 3)), EdgeValues[random.Next(EdgeValues.Length)]);
                return frame;
            default:
                var cut = frame[..random.Next(first + 4, frame.Length)];
                BinaryPrimitives.WriteInt32BigEndian(cut, cut.Length - 4);
                return cut;
        }
    }

    /// <summary>A request that does something real on the fuzz topic (never on the fixture's stored topic).</summary>
    private static IKafkaMessage Template(ApiKey api, string topic) => api switch
    {
        ApiKey.Produce => Wire.Produce(topic, 1, Wire.Batch(["fuzz"], new RecordBatchOptions { Compression = CompressionType.Gzip })),
        ApiKey.Fetch => new FetchRequest
        {
            MaxWaitMs = 0,
            MinBytes = 0,
            Topics = [new() { Topic = topic, Partitions = [new() { Partition = 0, FetchOffset = 1, PartitionMaxBytes = 1 << 16 }] }],
            ForgottenTopicsData = [new() { Topic = topic, Partitions = [1] }],
        },
        ApiKey.ListOffsets => new ListOffsetsRequest { ReplicaId = -1, Topics = [new() { Name = topic, Partitions = [new() { PartitionIndex = 0, Timestamp = 1_700_000_000_001 }] }] },
        ApiKey.Metadata => new MetadataRequest { Topics = [new() { Name = topic }, new() { Name = topic + "-auto" }] },
        ApiKey.OffsetCommit => new OffsetCommitRequest
        {
            GroupId = topic,
            GenerationIdOrMemberEpoch = -1,
            MemberId = string.Empty,
            Topics = [new() { Name = topic, Partitions = [new() { PartitionIndex = 0, CommittedOffset = 2, CommittedMetadata = "meta" }] }],
        },
        ApiKey.OffsetFetch => new OffsetFetchRequest { GroupId = topic, Topics = [new() { Name = topic, PartitionIndexes = [0, 1] }] },
        ApiKey.FindCoordinator => new FindCoordinatorRequest { Key = topic, KeyType = 0 },
        ApiKey.JoinGroup => new JoinGroupRequest
        {
            GroupId = topic,
            SessionTimeoutMs = 10_000,
            RebalanceTimeoutMs = 10_000,
            MemberId = string.Empty,
            ProtocolType = "consumer",
            Protocols = [new() { Name = "range", Metadata = [0, 1, 0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 0] }],
        },
        ApiKey.SyncGroup => new SyncGroupRequest { GroupId = topic, GenerationId = 1, MemberId = "m", Assignments = [new() { MemberId = "m", Assignment = [0, 1, 2] }] },
        ApiKey.Heartbeat => new HeartbeatRequest { GroupId = topic, GenerationId = 1, MemberId = "m" },
        ApiKey.LeaveGroup => new LeaveGroupRequest { GroupId = topic, MemberId = "m", Members = [new() { MemberId = "m" }] },
        ApiKey.DescribeGroups => new DescribeGroupsRequest { Groups = [topic, "other"] },
        ApiKey.ListGroups => new ListGroupsRequest { StatesFilter = ["Stable", "Empty"] },
        ApiKey.DeleteGroups => new DeleteGroupsRequest { GroupsNames = [topic + "-group"] },
        ApiKey.OffsetDelete => new OffsetDeleteRequest { GroupId = topic, Topics = [new() { Name = topic, Partitions = [new() { PartitionIndex = 0 }] }] },
        ApiKey.InitProducerId => new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = 60_000 },
        ApiKey.OffsetForLeaderEpoch => new OffsetForLeaderEpochRequest { Topics = [new() { Topic = topic, Partitions = [new() { Partition = 0, LeaderEpoch = 0 }] }] },
        ApiKey.CreateTopics => new CreateTopicsRequest
        {
            Topics = [new() { Name = topic + "-new", NumPartitions = 1, ReplicationFactor = 1, Configs = [new() { Name = "retention.ms", Value = "1000" }] }],
            ValidateOnly = true,
        },
        ApiKey.DeleteTopics => new DeleteTopicsRequest { TopicNames = [topic + "-new"], TimeoutMs = 1_000 },
        ApiKey.CreatePartitions => new CreatePartitionsRequest { Topics = [new() { Name = topic, Count = 3, Assignments = null }], ValidateOnly = true },
        ApiKey.DeleteRecords => new DeleteRecordsRequest { Topics = [new() { Name = topic, Partitions = [new() { PartitionIndex = 1, Offset = 0 }] }] },
        ApiKey.DescribeConfigs => new DescribeConfigsRequest { Resources = [new() { ResourceType = 2, ResourceName = topic, ConfigurationKeys = ["retention.ms"] }, new() { ResourceType = 4, ResourceName = "0" }] },
        ApiKey.AlterConfigs => new AlterConfigsRequest { Resources = [new() { ResourceType = 2, ResourceName = topic, Configs = [new() { Name = "retention.ms", Value = "86400000" }] }], ValidateOnly = true },
        ApiKey.IncrementalAlterConfigs => new IncrementalAlterConfigsRequest
        {
            Resources = [new() { ResourceType = 2, ResourceName = topic, Configs = [new() { Name = "cleanup.policy", ConfigOperation = 2, Value = "compact" }] }],
            ValidateOnly = true,
        },
        ApiKey.ApiVersions => new ApiVersionsRequest { ClientSoftwareName = "fuzz", ClientSoftwareVersion = "1.0" },
        _ => throw new InvalidOperationException("No template for " + api + "; add one."),
    };

    /// <summary>One connection reused while the broker keeps it open; a new one after the broker closed it.</summary>
    private sealed class Connection(UndisturbedBroker fixture) : IAsyncDisposable
    {
        private const int ProbeCorrelationId = 0x0BADCAFE;

        private static readonly byte[] Probe = ProbeFrame();

        private KafkaWireClient? _client;

        /// <summary>
        /// Sends <paramref name="frame"/> and then an ApiVersions probe: the probe's answer shows the connection is
        /// still served (whether the frame was answered or, as an acks=0 produce, not); a close ends it. Silence
        /// until the deadline fails the test.
        /// </summary>
        public async Task SendAndExpectAnswerOrCloseAsync(byte[] frame)
        {
            _client ??= await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
            try
            {
                await _client.SendRawAsync((byte[])[.. frame, .. Probe], Cancel);
            }
            catch (IOException)
            {
                await DisposeAsync();
                return;
            }

            for (var answers = 0; answers < 3; answers++)
            {
                var answer = await _client.ReadFrameAsync(Cancel).WaitAsync(Deadline, Cancel);
                if (answer is null)
                {
                    await DisposeAsync();
                    return;
                }

                if (BinaryPrimitives.ReadInt32BigEndian(answer) == ProbeCorrelationId)
                {
                    return;
                }
            }

            Assert.Fail("More than one answer to one request.");
        }

        private static byte[] ProbeFrame()
        {
            var frame = Wire.Encode(new ApiVersionsRequest(), ApiKey.ApiVersions, 0);
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), ProbeCorrelationId);
            return frame;
        }

        public async ValueTask DisposeAsync()
        {
            if (_client is not null)
            {
                await _client.DisposeAsync();
                _client = null;
            }
        }
    }
}
