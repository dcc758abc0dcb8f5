using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Wharf.Clients;

/// <summary>
/// The Kafka cluster id (Connect's GET /, the registry's /v1/metadata/id). Confluent.Kafka 1.9 does not expose librdkafka's
/// rd_kafka_clusterid, so it is called directly on the client's native handle; null when that is not possible.
/// </summary>
public static partial class KafkaClusterId
{
    public static string? Of(IClient client)
    {
        using var handle = NativeHandle.Of(client);
        if (handle is null)
        {
            return null;
        }

        var text = ClusterId(handle.Pointer, 10_000);
        if (text == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(text);
        }
        finally
        {
            MemFree(handle.Pointer, text);
        }
    }

    [LibraryImport("librdkafka.so.1", EntryPoint = "rd_kafka_clusterid")]
    private static partial IntPtr ClusterId(IntPtr kafka, int timeoutMs);

    [LibraryImport("librdkafka.so.1", EntryPoint = "rd_kafka_mem_free")]
    private static partial void MemFree(IntPtr kafka, IntPtr pointer);
}
