using System.Buffers;
using System.Runtime.InteropServices;
using Wharf.Protocol.Primitives;

namespace Wharf.Protocol.Tests.Primitives;

public sealed class KafkaWriterPayloadTests
{
    [Fact]
    public void Record_sets_from_the_threshold_on_are_handed_to_a_payload_writer_by_reference()
    {
        var large = new byte[KafkaWriter.MinReferencedPayload];
        var small = new byte[KafkaWriter.MinReferencedPayload - 1];
        var output = new RecordingWriter();
        var writer = new KafkaWriter(output);

        writer.WriteRecords(large, compact: false);
        writer.WriteRecords(small, compact: false);
        writer.Commit();

        var payload = Assert.Single(output.Payloads);
        Assert.True(MemoryMarshal.TryGetArray(payload.Memory, out var array) && array.Array == large, "the payload is the caller's memory, not a copy");
        Assert.Equal(4, payload.Offset);
        Assert.Equal(4 + large.Length + 4 + small.Length, writer.BytesWritten);
        Assert.Equal(4 + 4 + small.Length, output.Inline.WrittenCount);
    }

    [Fact]
    public void Without_a_payload_writer_record_sets_are_copied()
    {
        var large = new byte[KafkaWriter.MinReferencedPayload * 2];
        new Random(1).NextBytes(large);
        var output = new ArrayBufferWriter<byte>();
        var writer = new KafkaWriter(output);

        writer.WriteRecords(large, compact: true);
        writer.Commit();

        Assert.Equal(large, output.WrittenSpan[Varint.SizeOfUnsigned((uint)large.Length + 1)..].ToArray());
    }

    private readonly record struct PayloadAt(int Offset, ReadOnlyMemory<byte> Memory);

    /// <summary>Keeps inline bytes and notes where each payload was handed over.</summary>
    private sealed class RecordingWriter : IPayloadBufferWriter
    {
        public ArrayBufferWriter<byte> Inline { get; } = new();

        public List<PayloadAt> Payloads { get; } = [];

        public void Advance(int count) => Inline.Advance(count);

        public Memory<byte> GetMemory(int sizeHint = 0) => Inline.GetMemory(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Inline.GetSpan(sizeHint);

        public void WritePayload(ReadOnlyMemory<byte> payload) => Payloads.Add(new PayloadAt(Inline.WrittenCount, payload));
    }
}
