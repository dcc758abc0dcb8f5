using System.Buffers;
using System.Reflection;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;

namespace Wharf.Protocol.Tests.Messages;

/// <summary>
/// Every generated message, at every version its codec implements: random content encodes to exactly
/// ComputeSize bytes, decodes without error to the end of the frame, and re-encodes to the same bytes.
/// </summary>
public sealed class MessageRoundTripTests
{
    private const int SeedsPerVersion = 8;

    public static TheoryData<string, short> MessagesAndVersions()
    {
        var data = new TheoryData<string, short>();
        foreach (var type in MessageTypes())
        {
            var lowest = (short)type.GetProperty("LowestVersion", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            var highest = (short)type.GetProperty("HighestVersion", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            for (var version = lowest; version <= highest; version++)
            {
                data.Add(type.Name, version);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MessagesAndVersions))]
    public void Message_survives_encode_decode_encode_unchanged(string messageName, short version)
    {
        var type = MessageTypes().Single(t => t.Name == messageName);
        var roundTrip = typeof(MessageRoundTripTests).GetMethod(nameof(RoundTrip), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);
        for (var seed = 0; seed < SeedsPerVersion; seed++)
        {
            roundTrip.Invoke(null, [version, seed]);
        }
    }

    [Fact]
    public void Every_api_in_the_table_has_a_request_and_a_response_codec()
    {
        var names = MessageTypes().Select(t => t.Name).ToHashSet();
        foreach (var api in KafkaApis.All)
        {
            Assert.Contains(api.Name + "Request", names);
            Assert.Contains(api.Name + "Response", names);
        }
    }

    private static void RoundTrip<T>(short version, int seed) where T : class, IKafkaMessage<T>
    {
        var message = new MessagePopulator(seed * 7919 + version).Create<T>(version);
        var first = Encode(message, version);
        Assert.Equal(message.ComputeSize(version), first.Length);

        var reader = new KafkaReader(first);
        var decoded = T.Read(ref reader, version);
        Assert.False(reader.Failed, typeof(T).Name + " v" + version + ": " + reader.FailureReason);
        Assert.True(reader.End, typeof(T).Name + " v" + version + ": " + reader.Remaining + " bytes left unread");

        var second = Encode(decoded, version);
        Assert.Equal(first, second);
    }

    internal static byte[] Encode(IKafkaMessage message, short version)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new KafkaWriter(buffer);
        message.Write(ref writer, version);
        writer.Commit();
        return buffer.WrittenSpan.ToArray();
    }

    private static IEnumerable<Type> MessageTypes() =>
        typeof(IKafkaMessage).Assembly.GetTypes()
            .Where(t => !t.IsNested && t.IsClass && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IKafkaMessage<>)))
            .OrderBy(t => t.Name);
}
