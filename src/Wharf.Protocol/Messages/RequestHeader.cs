using Wharf.Protocol.Primitives;

namespace Wharf.Protocol.Messages;

/// <summary>
/// The request header (RequestHeader v1/v2). The client id keeps the classic int16-length encoding even in v2,
/// so that any broker can read the header of an ApiVersions request of a version it does not know.
/// </summary>
public sealed class RequestHeader
{
    /// <summary>api key, api version and correlation id: the part every header version shares.</summary>
    public const int FixedPrefixSize = 8;

    public short ApiKey { get; set; }

    public short ApiVersion { get; set; }

    public int CorrelationId { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Reads the header; <paramref name="headerVersion"/> is 2 for flexible request versions.</summary>
    public static RequestHeader Read(ref KafkaReader reader, short headerVersion)
    {
        var header = new RequestHeader
        {
            ApiKey = reader.ReadInt16(),
            ApiVersion = reader.ReadInt16(),
            CorrelationId = reader.ReadInt32(),
            ClientId = reader.ReadNullableString(compact: false, nullable: true),
        };
        if (headerVersion >= 2)
        {
            SkipTaggedFields(ref reader);
        }

        return header;
    }

    public void Write(ref KafkaWriter writer, short headerVersion)
    {
        writer.WriteInt16(ApiKey);
        writer.WriteInt16(ApiVersion);
        writer.WriteInt32(CorrelationId);
        writer.WriteString(ClientId, compact: false);
        if (headerVersion >= 2)
        {
            writer.WriteUnsignedVarint(0);
        }
    }

    public int ComputeSize(short headerVersion) =>
        FixedPrefixSize + KafkaWriter.SizeOfString(ClientId, compact: false) + (headerVersion >= 2 ? 1 : 0);

    /// <summary>Skips a tagged-field section whose tags this project does not use.</summary>
    internal static void SkipTaggedFields(ref KafkaReader reader)
    {
        var count = reader.ReadUnsignedVarint();
        for (var i = 0; i < count && !reader.Failed; i++)
        {
            _ = reader.ReadUnsignedVarint();
            var end = reader.BeginTaggedField();
            reader.SkipTo(end);
        }
    }
}
