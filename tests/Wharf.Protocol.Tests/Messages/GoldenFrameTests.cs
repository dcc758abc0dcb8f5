using System.Reflection;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;

namespace Wharf.Protocol.Tests.Messages;

/// <summary>
/// Request frames captured from real clients talking to the broker through a recording proxy
/// (Golden/capture_frames.py): librdkafka 2.0.2 (kcat and confluent-kafka-python 1.7: producer, idempotent
/// producer, group consumer, admin) and kafkajs 2.2.4 (producer, group consumer, admin). Every frame's header
/// and body must decode at its version, consume the whole frame, and re-encode to exactly the captured bytes.
/// </summary>
public sealed class GoldenFrameTests
{
    public static TheoryData<string, int> Frames()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in Directory.GetFiles(GoldenDirectory, "*.frames").Order())
        {
            var lines = File.ReadAllLines(file).Count(l => l.Length > 0);
            for (var line = 0; line < lines; line++)
            {
                data.Add(Path.GetFileName(file), line);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Captured_request_decodes_and_reencodes_to_the_same_bytes(string client, int line)
    {
        var frame = Convert.FromHexString(File.ReadAllLines(Path.Combine(GoldenDirectory, client)).Where(l => l.Length > 0).ElementAt(line));
        var reader = new KafkaReader(frame);
        var apiKey = reader.ReadInt16();
        var version = reader.ReadInt16();
        Assert.True(KafkaApis.TryGet(apiKey, out var api), "api key " + apiKey + " has no codec");
        Assert.True(api.Supports(version), api.Name + " v" + version + " is outside the implemented range");

        reader = new KafkaReader(frame);
        var header = RequestHeader.Read(ref reader, api.RequestHeaderVersion(version));
        var requestType = typeof(IKafkaMessage).Assembly.GetType("Wharf.Protocol.Messages." + api.Name + "Request", throwOnError: true)!;
        var bodyStart = reader.Position;
        var reencoded = (byte[])typeof(GoldenFrameTests).GetMethod(nameof(DecodeAndEncode), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(requestType)
            .Invoke(null, [(ReadOnlyMemory<byte>)frame.AsMemory(bodyStart), version, api.Name])!;

        var headerBytes = MessageRoundTripTests.Encode(new HeaderMessage(header, api.RequestHeaderVersion(version)), version);
        Assert.Equal(frame, headerBytes.Concat(reencoded).ToArray());
    }

    private static byte[] DecodeAndEncode<T>(ReadOnlyMemory<byte> body, short version, string name) where T : class, IKafkaMessage<T>
    {
        var reader = new KafkaReader(body);
        var request = T.Read(ref reader, version);
        Assert.False(reader.Failed, name + " v" + version + ": " + reader.FailureReason);
        Assert.True(reader.End, name + " v" + version + ": " + reader.Remaining + " bytes left unread");
        return MessageRoundTripTests.Encode(request, version);
    }

    private static string GoldenDirectory => Path.Combine(AppContext.BaseDirectory, "Messages", "Golden");

    /// <summary>Lets the header go through the same encoding helper as message bodies.</summary>
    private sealed class HeaderMessage(RequestHeader header, short headerVersion) : IKafkaMessage
    {
        public int ComputeSize(short version) => header.ComputeSize(headerVersion);

        public void Write(ref KafkaWriter writer, short version) => header.Write(ref writer, headerVersion);
    }
}
