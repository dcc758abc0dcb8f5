using Wharf.Protocol.Primitives;

namespace Wharf.Broker.Groups;

/// <summary>
/// The little the coordinator reads of the "consumer" embedded protocol (Kafka's ConsumerProtocolSubscription and
/// ConsumerProtocolAssignment, never flexible): the topics a member subscribes to, and an empty assignment.
/// </summary>
internal static class ConsumerProtocol
{
    /// <summary>The protocol type every consumer client (Java, librdkafka, kafka-python, kafkajs) joins with.</summary>
    public const string ProtocolType = "consumer";

    /// <summary>
    /// An assignment of no partitions: version 0, an empty topic array and null user data. Given to members the
    /// leader left out, instead of zero bytes that some clients fail to decode (kfake does the same).
    /// </summary>
    public static ReadOnlySpan<byte> EmptyAssignment => [0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF];

    /// <summary>
    /// Reads the subscribed topics of a subscription. Every version starts with the version (int16) and the
    /// topic array, so any non-negative version is read that far, as Kafka's coordinator does (it parses with v0
    /// whatever the version); false when the bytes do not hold that prefix.
    /// </summary>
    public static bool TryReadSubscribedTopics(byte[] metadata, ICollection<string> topics)
    {
        var reader = new KafkaReader(metadata);
        var version = reader.ReadInt16();
        if (reader.Failed || version < 0)
        {
            return false;
        }

        var count = reader.ReadArrayLength(compact: false, nullable: false);
        for (var i = 0; i < count && !reader.Failed; i++)
        {
            var topic = reader.ReadString(compact: false);
            if (!reader.Failed)
            {
                topics.Add(topic);
            }
        }

        return !reader.Failed;
    }
}
