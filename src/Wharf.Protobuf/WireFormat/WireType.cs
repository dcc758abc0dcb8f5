namespace Wharf.Protobuf.WireFormat;

/// <summary>The low three bits of a tag (protobuf encoding guide, "Message Structure"); groups are not supported.</summary>
public enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}
