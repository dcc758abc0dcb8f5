using Wharf.Protocol.Primitives;

namespace Wharf.Protocol.Messages;

/// <summary>The response header: the correlation id, plus an (empty) tagged-field section in v1.</summary>
public static class ResponseHeader
{
    public static int ComputeSize(short headerVersion) => headerVersion >= 1 ? 5 : 4;

    public static void Write(ref KafkaWriter writer, int correlationId, short headerVersion)
    {
        writer.WriteInt32(correlationId);
        if (headerVersion >= 1)
        {
            writer.WriteUnsignedVarint(0);
        }
    }

    public static int Read(ref KafkaReader reader, short headerVersion)
    {
        var correlationId = reader.ReadInt32();
        if (headerVersion >= 1)
        {
            RequestHeader.SkipTaggedFields(ref reader);
        }

        return correlationId;
    }
}
