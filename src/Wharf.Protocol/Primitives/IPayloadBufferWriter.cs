using System.Buffers;

namespace Wharf.Protocol.Primitives;

/// <summary>
/// An output that takes large payloads (record sets) by reference. <see cref="KafkaWriter"/> hands such an output
/// a record set's memory instead of copying it; the output writes it later, in order with the bytes around it and
/// in pieces of its choosing, so a response carrying megabytes of records is never copied whole into one buffer.
/// The memory must stay unchanged until the output has written it.
/// </summary>
public interface IPayloadBufferWriter : IBufferWriter<byte>
{
    /// <summary>Appends <paramref name="payload"/> after everything advanced so far, without copying it now.</summary>
    void WritePayload(ReadOnlyMemory<byte> payload);
}
