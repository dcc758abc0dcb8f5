using System.Buffers.Binary;

namespace Wharf.Protocol.Records;

/// <summary>The type in a control record's key (Kafka's ControlRecordType). 2 to 6 are KRaft's own.</summary>
public enum ControlRecordType : short
{
    Abort = 0,
    Commit = 1,
    LeaderChange = 2,
    SnapshotHeader = 3,
    SnapshotFooter = 4,
    KRaftVersion = 5,
    KRaftVoters = 6,
}

/// <summary>
/// Keys and values of control records, the single record of a control batch (attributes bit 5, KIP-98). The key
/// is version int16 (0) + type int16; a transaction marker's value is version int16 (0) + coordinator epoch int32
/// (Kafka's ControlRecordType and EndTransactionMarker). Later versions may append fields, so longer keys and
/// values are read by their first fields, as Kafka does.
/// </summary>
public static class ControlRecord
{
    public const short CurrentVersion = 0;
    public const int KeySize = 4;
    public const int EndTransactionMarkerSize = 6;

    /// <summary>Reads a control record key; false when shorter than 4 bytes or with a negative version. The
    /// type is returned as found, also when it is not one of the known values.</summary>
    public static bool TryReadKey(ReadOnlySpan<byte> key, out ControlRecordType type)
    {
        if (key.Length < KeySize || BinaryPrimitives.ReadInt16BigEndian(key) < 0)
        {
            type = default;
            return false;
        }

        type = (ControlRecordType)BinaryPrimitives.ReadInt16BigEndian(key[2..]);
        return true;
    }

    /// <summary>Reads a transaction marker's value (ABORT or COMMIT records); false when shorter than 6 bytes
    /// or with a negative version.</summary>
    public static bool TryReadEndTransactionMarker(ReadOnlySpan<byte> value, out int coordinatorEpoch)
    {
        if (value.Length < EndTransactionMarkerSize || BinaryPrimitives.ReadInt16BigEndian(value) < 0)
        {
            coordinatorEpoch = 0;
            return false;
        }

        coordinatorEpoch = BinaryPrimitives.ReadInt32BigEndian(value[2..]);
        return true;
    }

    public static byte[] CreateKey(ControlRecordType type)
    {
        var key = new byte[KeySize];
        BinaryPrimitives.WriteInt16BigEndian(key, CurrentVersion);
        BinaryPrimitives.WriteInt16BigEndian(key.AsSpan(2), (short)type);
        return key;
    }

    public static byte[] CreateEndTransactionMarker(int coordinatorEpoch)
    {
        var value = new byte[EndTransactionMarkerSize];
        BinaryPrimitives.WriteInt16BigEndian(value, CurrentVersion);
        BinaryPrimitives.WriteInt32BigEndian(value.AsSpan(2), coordinatorEpoch);
        return value;
    }
}
