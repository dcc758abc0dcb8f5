using System.Buffers;
using System.Buffers.Binary;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;

namespace Wharf.Broker.Groups;

/// <summary>A group's committed offset for one partition, as the coordinator keeps it.</summary>
/// <param name="ExpireTimestamp">The explicit expiry of OffsetCommit v2-4 (retention time), or -1.</param>
internal readonly record struct CommittedOffset(long Offset, int LeaderEpoch, string Metadata, long CommitTimestamp, long ExpireTimestamp);

/// <summary>
/// Kafka's record layout for committed offsets in <c>__consumer_offsets</c> (GroupCoordinatorRecordSerde): the
/// key is an int16 key version (0 or 1 for an offset commit, 2 for group metadata) followed by OffsetCommitKey;
/// the value an int16 value version followed by OffsetCommitValue, or null to delete the key. Values are written
/// as v3 (with the leader epoch), or v1 when the commit carried an explicit retention, as Kafka does.
/// </summary>
internal static class OffsetRecordCodec
{
    private const short KeyVersion = 1;
    private const short ValueVersion = 3;
    private const short ValueVersionWithExpiry = 1;

    public static byte[] EncodeKey(string group, string topic, int partition) =>
        Encode(new OffsetCommitKey { Group = group, Topic = topic, Partition = partition }, KeyVersion);

    public static byte[] EncodeValue(in CommittedOffset offset)
    {
        var value = new OffsetCommitValue
        {
            Offset = offset.Offset,
            LeaderEpoch = offset.LeaderEpoch,
            Metadata = offset.Metadata,
            CommitTimestamp = offset.CommitTimestamp,
            ExpireTimestamp = offset.ExpireTimestamp,
        };
        return Encode(value, offset.ExpireTimestamp >= 0 ? ValueVersionWithExpiry : ValueVersion);
    }

    /// <summary>Decodes an offset-commit key; false for other record types (group metadata) and for bad bytes.</summary>
    public static bool TryDecodeKey(byte[] key, out string group, out string topic, out int partition)
    {
        group = topic = string.Empty;
        partition = 0;
        if (key.Length < 2)
        {
            return false;
        }

        var version = BinaryPrimitives.ReadInt16BigEndian(key);
        if (version is < 0 or > 1)
        {
            return false;
        }

        var reader = new KafkaReader(key.AsMemory(2));
        var decoded = OffsetCommitKey.Read(ref reader, version);
        if (reader.Failed)
        {
            return false;
        }

        (group, topic, partition) = (decoded.Group, decoded.Topic, decoded.Partition);
        return true;
    }

    /// <summary>Decodes an offset-commit value of any version Kafka has written (0-4); false for bad bytes.</summary>
    public static bool TryDecodeValue(byte[] value, out CommittedOffset offset)
    {
        offset = default;
        if (value.Length < 2)
        {
            return false;
        }

        var version = BinaryPrimitives.ReadInt16BigEndian(value);
        if (version < OffsetCommitValue.LowestVersion || version > OffsetCommitValue.HighestVersion)
        {
            return false;
        }

        var reader = new KafkaReader(value.AsMemory(2));
        var decoded = OffsetCommitValue.Read(ref reader, version);
        if (reader.Failed)
        {
            return false;
        }

        offset = new CommittedOffset(decoded.Offset, decoded.LeaderEpoch, decoded.Metadata, decoded.CommitTimestamp, decoded.ExpireTimestamp);
        return true;
    }

    private static byte[] Encode(IKafkaMessage message, short version)
    {
        var buffer = new ArrayBufferWriter<byte>(2 + message.ComputeSize(version));
        BinaryPrimitives.WriteInt16BigEndian(buffer.GetSpan(2), version);
        buffer.Advance(2);
        var writer = new KafkaWriter(buffer);
        message.Write(ref writer, version);
        writer.Commit();
        return buffer.WrittenSpan.ToArray();
    }
}
