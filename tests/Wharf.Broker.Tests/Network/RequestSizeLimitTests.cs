using System.Buffers.Binary;
using Wharf.Broker.Tests.Support;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Network;

/// <summary>socket.request.max.bytes (1 MiB here): a frame of exactly the limit is served, one byte more closes the connection.</summary>
public sealed class RequestSizeLimitTests(RequestSizeLimitTests.SmallRequestsBroker fixture) : IClassFixture<RequestSizeLimitTests.SmallRequestsBroker>
{
    private const int Limit = 1024 * 1024;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_of_exactly_socket_request_max_bytes_is_answered()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await LargeTopicAsync(client);

        await client.SendRawAsync(ProduceFrameOfSize(topic, Limit), Cancel);

        var frame = await client.ReadFrameAsync(Cancel).WaitAsync(TimeSpan.FromSeconds(20), Cancel);
        Assert.NotNull(frame);
        var reader = new KafkaReader(frame);
        ResponseHeader.Read(ref reader, 1);
        Assert.Equal(ErrorCode.None, (ErrorCode)Wire.Single(ProduceResponse.Read(ref reader, 9)).ErrorCode);
        await fixture.AssertUndisturbedAsync();
    }

    [Fact]
    public async Task A_request_one_byte_over_socket_request_max_bytes_closes_the_connection_and_stores_nothing()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await LargeTopicAsync(client);

        try
        {
            await client.SendRawAsync(ProduceFrameOfSize(topic, Limit + 1), Cancel);
        }
        catch (IOException)
        {
            // The broker may close while the rest of the frame is still being sent.
        }

        Assert.True(await client.IsClosedByBrokerAsync(TimeSpan.FromSeconds(10)));
        await using var other = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        Assert.Empty(await Wire.ReadAllAsync(other, topic, 0));
        await fixture.AssertUndisturbedAsync();
    }

    [Fact]
    public async Task A_frame_size_over_the_limit_closes_the_connection_before_the_body_is_sent()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var prefix = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(prefix, Limit + 1);

        await client.SendRawAsync(prefix, Cancel);

        Assert.True(await client.IsClosedByBrokerAsync(TimeSpan.FromSeconds(10)));
        await fixture.AssertUndisturbedAsync();
    }

    private static async Task<string> LargeTopicAsync(KafkaWireClient client)
    {
        var topic = UniqueNames.For("limit");
        await Wire.CreateTopicAsync(client, topic, configs: new Dictionary<string, string> { ["max.message.bytes"] = (4 * Limit).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return topic;
    }

    /// <summary>A Produce v9 request frame whose size (without the 4-byte prefix) is exactly <paramref name="size"/>.</summary>
    private static byte[] ProduceFrameOfSize(string topic, int size)
    {
        var valueBytes = size - 200;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var frame = Wire.Encode(Wire.Produce(topic, 0, Wire.BatchOfSize(valueBytes)), ApiKey.Produce, 9);
            var actual = frame.Length - 4;
            if (actual == size)
            {
                return frame;
            }

            valueBytes += size - actual;
        }

        throw new InvalidOperationException("Could not build a request of exactly " + size + " bytes.");
    }

    public sealed class SmallRequestsBroker : UndisturbedBroker
    {
        protected override IReadOnlyDictionary<string, string>? Settings =>
            new Dictionary<string, string> { ["socket.request.max.bytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }
}
