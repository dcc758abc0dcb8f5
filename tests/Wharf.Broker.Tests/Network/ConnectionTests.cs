using Wharf.Broker.Tests.Support;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Network;

/// <summary>Connections (section 1.1): pipelined requests answered in order, independent connections, many at once.</summary>
public sealed class ConnectionTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fifty_pipelined_requests_are_answered_in_request_order()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = UniqueNames.For("pipeline");
        var idle = UniqueNames.For("idle");
        await Wire.CreateTopicAsync(client, topic);
        await Wire.CreateTopicAsync(client, idle);

        // A mix whose handlers finish out of order: long polls that wait, produces that append, quick lookups.
        var sent = new List<(int CorrelationId, ApiKey Api, short Version)>();
        for (var i = 0; i < 50; i++)
        {
            (IKafkaMessage request, ApiKey api, short version) = (i % 5) switch
            {
                0 => ((IKafkaMessage)Wire.Fetch(idle, 0, 0, maxWaitMs: 100 + i), ApiKey.Fetch, (short)11),
                1 => (Wire.Produce(topic, 0, Wire.Batch(["r" + i])), ApiKey.Produce, (short)9),
                2 => (new MetadataRequest { Topics = null }, ApiKey.Metadata, (short)12),
                3 => (new ApiVersionsRequest { ClientSoftwareName = "wharf", ClientSoftwareVersion = "1" }, ApiKey.ApiVersions, (short)3),
                _ => (new ListOffsetsRequest { ReplicaId = -1, Topics = [new() { Name = topic, Partitions = [new() { PartitionIndex = 0, Timestamp = -1 }] }] }, ApiKey.ListOffsets, (short)7),
            };
            sent.Add((await client.SendRequestAsync(request, api, version, Cancel), api, version));
        }

        var answered = new List<int>();
        var produced = new List<long>();
        foreach (var (correlationId, api, version) in sent)
        {
            var frame = await client.ReadFrameAsync(Cancel).WaitAsync(Deadline, Cancel) ?? throw new IOException("closed after " + answered.Count + " answers");
            var reader = new KafkaReader(frame);
            answered.Add(ResponseHeader.Read(ref reader, KafkaApis.Get(api).ResponseHeaderVersion(version)));
            if (api == ApiKey.Produce)
            {
                var response = ProduceResponse.Read(ref reader, version);
                produced.Add(Wire.Single(response).BaseOffset);
            }
        }

        Assert.Equal(sent.Select(s => s.CorrelationId), answered);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), produced);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => "r" + (i * 5 + 1)), (await Wire.ReadAllAsync(client, topic, 0)).Select(r => r.Value));
    }

    [Fact]
    public async Task A_long_polling_fetch_does_not_delay_requests_on_another_connection()
    {
        await using var polling = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        await using var other = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = UniqueNames.For("poll");
        await Wire.CreateTopicAsync(other, topic);

        var fetch = polling.SendAsync<FetchRequest, FetchResponse>(Wire.Fetch(topic, 0, 0, maxWaitMs: 120_000), 11, Cancel);
        for (var i = 0; i < 20; i++)
        {
            await other.SendAsync<MetadataRequest, MetadataResponse>(new MetadataRequest { Topics = null }, 12, Cancel).WaitAsync(Deadline, Cancel);
            await other.SendAsync<ListOffsetsRequest, ListOffsetsResponse>(new ListOffsetsRequest { ReplicaId = -1, Topics = [new() { Name = topic, Partitions = [new() { PartitionIndex = 0, Timestamp = -1 }] }] }, 7, Cancel).WaitAsync(Deadline, Cancel);
        }

        Assert.False(fetch.IsCompleted);
        await Wire.ProduceAsync(other, topic, 0, Wire.Batch(["done"]));
        Assert.Equal("done", Assert.Single(Wire.Records(Wire.Single(await fetch.WaitAsync(Deadline, Cancel)).Records)).Value);
    }

    [Fact]
    public async Task Three_hundred_connections_at_once_are_all_served()
    {
        var topic = UniqueNames.For("crowd");
        await using (var setup = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel))
        {
            await Wire.CreateTopicAsync(setup, topic, partitions: 3);
        }

        var clients = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel)));
        try
        {
            var answers = await Task.WhenAll(clients.Select(async client =>
            {
                var versions = await client.SendAsync<ApiVersionsRequest, ApiVersionsResponse>(new ApiVersionsRequest { ClientSoftwareName = "crowd", ClientSoftwareVersion = "1" }, 3, Cancel);
                var metadata = await client.SendAsync<MetadataRequest, MetadataResponse>(new MetadataRequest { Topics = [new() { Name = topic }] }, 12, Cancel);
                return ((ErrorCode)versions.ErrorCode, (ErrorCode)Assert.Single(metadata.Topics).ErrorCode, metadata.Topics[0].Partitions.Count);
            })).WaitAsync(TimeSpan.FromSeconds(60), Cancel);

            Assert.All(answers, a => Assert.Equal((ErrorCode.None, ErrorCode.None, 3), a));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_broker_stops_even_when_a_client_never_reads_its_responses()
    {
        var broker = await EmbeddedBroker.StartAsync();
        try
        {
            var topic = UniqueNames.For("unread");
            await using var client = await KafkaWireClient.ConnectAsync(broker.EndPoint, Cancel);
            await Wire.CreateTopicAsync(client, topic, configs: new Dictionary<string, string> { ["max.message.bytes"] = "2000000" });
            await Wire.ProduceAsync(client, topic, 0, Wire.BatchOfSize(1_000_000));

            // 40 MB of answers that the client never reads: the socket buffers fill and the broker's writes stall.
            for (var i = 0; i < 40; i++)
            {
                await client.SendRequestAsync(Wire.Fetch(topic, 0, 0, partitionMaxBytes: 2_000_000), ApiKey.Fetch, 11, Cancel);
            }

            await Task.Delay(500, Cancel);
            await broker.StopAsync().WaitAsync(Deadline, Cancel);
        }
        finally
        {
            await broker.DisposeAsync();
        }
    }
}
