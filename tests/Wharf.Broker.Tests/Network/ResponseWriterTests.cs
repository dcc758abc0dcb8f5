using System.Buffers;
using System.IO.Pipelines;
using Wharf.Broker.Network;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;

namespace Wharf.Broker.Tests.Network;

public sealed class ResponseWriterTests
{
    [Fact]
    public async Task A_fetch_response_with_large_record_sets_reaches_the_pipe_byte_for_byte_as_encoded()
    {
        var response = new FetchResponse
        {
            Responses =
            [
                new FetchResponse.TopicData
                {
                    Topic = "t",
                    Partitions =
                    [
                        Partition(0, Bytes(100, seed: 1)),
                        Partition(1, Bytes(300 * 1024, seed: 2)),
                        Partition(2, Bytes(20 * 1024, seed: 3)),
                        Partition(3, Bytes(KafkaWriter.MinReferencedPayload - 1, seed: 4)),
                    ],
                },
            ],
        };
        var expected = new ArrayBufferWriter<byte>();
        Encode(expected, response);

        // A reader that drains slowly, so the writer's flushes between pieces really wait for it.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024));
        var received = DrainAsync(pipe.Reader);
        using (var writer = new ResponseWriter(pipe.Writer))
        {
            Encode(writer, response);
            Assert.True(await writer.FinishAsync());

            // The writer is ready for the next response: a small one goes straight through.
            Encode(writer, new FetchResponse());
            Assert.True(await writer.FinishAsync());
        }

        await pipe.Writer.CompleteAsync();
        var small = new ArrayBufferWriter<byte>();
        Encode(small, new FetchResponse());
        byte[] all = [.. expected.WrittenSpan, .. small.WrittenSpan];
        Assert.Equal(all, await received);
    }

    private static FetchResponse.PartitionData Partition(int index, byte[] records) =>
        new() { PartitionIndex = index, HighWatermark = 10, LastStableOffset = 10, LogStartOffset = 0, Records = records };

    private static void Encode(IBufferWriter<byte> output, FetchResponse response)
    {
        var writer = new KafkaWriter(output);
        response.Write(ref writer, 11);
        writer.Commit();
    }

    private static async Task<byte[]> DrainAsync(PipeReader reader)
    {
        var all = new List<byte>();
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                all.AddRange(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return [.. all];
            }

            await Task.Yield();
        }
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
