using System.Buffers.Binary;
using System.Net.Sockets;
using Wharf.Broker.Tests.Support;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Network;

/// <summary>
/// Bytes no client should send, over raw sockets (section 1.1). Each bad connection is closed (Kafka closes a
/// connection whose request it cannot parse), while a Confluent.Kafka producer and consumer keep working on their
/// own connections and the records stored before read back identically.
/// </summary>
public sealed class BadInputTests(UndisturbedBroker fixture) : IClassFixture<UndisturbedBroker>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public async Task A_frame_size_that_cannot_hold_a_request_header_closes_the_connection(int size)
    {
        var frame = new byte[4 + Math.Max(size, 0)];
        BinaryPrimitives.WriteInt32BigEndian(frame, size);

        await AssertClosedAsync(frame);
        await fixture.AssertUndisturbedAsync();
    }

    [Fact]
    public async Task A_frame_announcing_100_MiB_then_abandoned_after_10_bytes_costs_the_broker_nothing()
    {
        for (var i = 0; i < 5; i++)
        {
            using var socket = await ConnectAsync();
            var frame = new byte[4 + 10];
            BinaryPrimitives.WriteInt32BigEndian(frame, 100 * 1024 * 1024);
            BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(4), 3);
            await socket.SendAsync(frame, Cancel);
        }

        await fixture.AssertUndisturbedAsync();
    }

    [Fact]
    public async Task A_frame_announcing_100_MiB_keeps_the_connection_waiting_for_the_rest_without_answering()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var frame = new byte[4 + 10];
        BinaryPrimitives.WriteInt32BigEndian(frame, 100 * 1024 * 1024);
        await client.SendRawAsync(frame, Cancel);

        await fixture.AssertUndisturbedAsync();
        Assert.False(await client.IsClosedByBrokerAsync(TimeSpan.FromMilliseconds(200)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(67)]
    [InlineData(1000)]
    [InlineData(short.MaxValue)]
    public async Task An_unknown_api_key_closes_the_connection(short apiKey)
    {
        await AssertClosedAsync(Frame(apiKey, 0, [0xFF, 0xFF]));
        await fixture.AssertUndisturbedAsync();
    }

    [Theory]
    [InlineData(ApiKey.Fetch, 3)]
    [InlineData(ApiKey.Fetch, 13)]
    [InlineData(ApiKey.Produce, -1)]
    [InlineData(ApiKey.Metadata, 13)]
    [InlineData(ApiKey.JoinGroup, 99)]
    public async Task An_unsupported_version_of_a_known_api_closes_the_connection(ApiKey api, short version)
    {
        await AssertClosedAsync(Frame((short)api, version, [0xFF, 0xFF, 0, 0, 0, 0]));
        await fixture.AssertUndisturbedAsync();
    }

    [Theory]
    [InlineData(new byte[] { 0x03, 0xE8, (byte)'a', (byte)'b' })]
    [InlineData(new byte[] { 0xFF, 0xF0 })]
    [InlineData(new byte[] { 0x00 })]
    public async Task A_request_header_that_does_not_decode_closes_the_connection(byte[] clientIdAndRest)
    {
        await AssertClosedAsync(Frame((short)ApiKey.Metadata, 1, clientIdAndRest));
        await fixture.AssertUndisturbedAsync();
    }

    [Fact]
    public async Task A_flexible_request_header_with_broken_tagged_fields_closes_the_connection()
    {
        // Metadata v12: header v2; after the client id, a tag count of 5 with nothing behind it.
        await AssertClosedAsync(Frame((short)ApiKey.Metadata, 12, [0xFF, 0xFF, 0x05]));
        await fixture.AssertUndisturbedAsync();
    }

    [Fact]
    public async Task An_array_length_of_int_MaxValue_closes_the_connection()
    {
        var classic = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(classic, int.MaxValue);
        byte[] compact = [0xFF, 0xFF, 0xFF, 0xFF, 0x07];

        await AssertClosedAsync(Frame((short)ApiKey.Metadata, 1, [0xFF, 0xFF, .. classic]));
        await AssertClosedAsync(Frame((short)ApiKey.Produce, 3, [0xFF, 0xFF, 0xFF, 0xFF, 0, 1, 0, 0, 0x75, 0x30, .. classic]));
        await AssertClosedAsync(Frame((short)ApiKey.Metadata, 12, [0xFF, 0xFF, 0x00, .. compact]));
        await AssertClosedAsync(Frame((short)ApiKey.ListOffsets, 7, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, .. classic]));
        await fixture.AssertUndisturbedAsync();
    }

    [Fact]
    public async Task A_truncated_body_closes_the_connection()
    {
        var request = Wire.Encode(Wire.Produce(fixture.StoredTopic, 0, Wire.Batch(["never stored"])), ApiKey.Produce, 9);
        for (var cut = 10; cut < request.Length - 4; cut += 7)
        {
            var truncated = request[..(4 + cut)];
            BinaryPrimitives.WriteInt32BigEndian(truncated, cut);
            await AssertAnsweredOrClosedAsync(truncated);
        }

        await fixture.AssertUndisturbedAsync();
    }

    [Fact]
    public async Task Requests_before_a_bad_frame_are_answered_before_the_connection_closes()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var first = Wire.Encode(new MetadataRequest { Topics = null }, ApiKey.Metadata, 12);
        var second = Wire.Encode(new ApiVersionsRequest(), ApiKey.ApiVersions, 0);
        var bad = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bad, -7);

        await client.SendRawAsync((byte[])[.. first, .. second, .. bad], Cancel);

        Assert.NotNull(await client.ReadFrameAsync(Cancel).WaitAsync(Deadline, Cancel));
        Assert.NotNull(await client.ReadFrameAsync(Cancel).WaitAsync(Deadline, Cancel));
        Assert.True(await client.IsClosedByBrokerAsync(Deadline));
        await fixture.AssertUndisturbedAsync();
    }

    [Fact]
    public async Task Random_bodies_for_every_api_and_version_are_answered_or_close_the_connection()
    {
        var random = new Random(20240611);
        foreach (var api in KafkaApis.All)
        {
            // These may legitimately park (a long poll, a rebalance) for as long as their random body says.
            var mayWait = api.Key is ApiKey.Fetch or ApiKey.JoinGroup or ApiKey.SyncGroup;
            for (var version = api.LowestVersion; version <= api.HighestVersion; version++)
            {
                var tasks = Enumerable.Range(0, 4).Select(_ =>
                {
                    var body = new byte[random.Next(0, 120)];
                    random.NextBytes(body);
                    return AssertAnsweredOrClosedAsync(Frame((short)api.Key, version, [0xFF, 0xFF, .. api.IsFlexible(version) ? new byte[] { 0 } : [], .. body]), mayWait);
                });
                await Task.WhenAll(tasks);
            }
        }

        await fixture.AssertUndisturbedAsync();
    }

    [Fact]
    public async Task Random_garbage_in_whole_frames_is_answered_or_closes_the_connection()
    {
        var random = new Random(4711);
        for (var round = 0; round < 50; round++)
        {
            var tasks = Enumerable.Range(0, 8).Select(_ =>
            {
                var frame = new byte[4 + random.Next(0, 300)];
                random.NextBytes(frame);
                BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);
                return AssertAnsweredOrClosedAsync(frame);
            });
            await Task.WhenAll(tasks);
        }

        await fixture.AssertUndisturbedAsync();
    }

    [Fact]
    public async Task Random_garbage_streams_cut_off_by_the_client_leave_the_broker_unharmed()
    {
        var random = new Random(99);
        for (var i = 0; i < 100; i++)
        {
            using var socket = await ConnectAsync();
            var garbage = new byte[random.Next(1, 2000)];
            random.NextBytes(garbage);
            await socket.SendAsync(garbage, Cancel);
        }

        await fixture.AssertUndisturbedAsync();
    }

    /// <summary>A request frame: api key, version, correlation id 1, then <paramref name="rest"/> (client id onwards).</summary>
    internal static byte[] Frame(short apiKey, short version, byte[] rest)
    {
        var frame = new byte[4 + 8 + rest.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(4), apiKey);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(6), version);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), 1);
        rest.CopyTo(frame.AsSpan(12));
        return frame;
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        return socket;
    }

    private async Task AssertClosedAsync(byte[] bytes)
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        await client.SendRawAsync(bytes, Cancel);
        Assert.True(await client.IsClosedByBrokerAsync(Deadline), "the broker kept the connection open");
    }

    private async Task AssertAnsweredOrClosedAsync(byte[] bytes, bool mayWait = false)
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        try
        {
            await client.SendRawAsync(bytes, Cancel);
        }
        catch (IOException)
        {
            return;
        }

        // Either a frame comes back (null means the broker closed): anything but silence is an answer.
        var answer = client.ReadFrameAsync(Cancel);
        if (mayWait)
        {
            await Task.WhenAny(answer, Task.Delay(500, Cancel));
            return;
        }

        await answer.WaitAsync(Deadline, Cancel);
    }
}
