using System.Reflection;
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
        var handleProperty = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic);
        if (handleProperty?.GetValue(client.Handle) is not SafeHandle handle)
        {
            return null;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var text = ClusterId(handle.DangerousGetHandle(), 10_000);
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
                MemFree(handle.DangerousGetHandle(), text);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    [LibraryImport("librdkafka.so.1", EntryPoint = "rd_kafka_clusterid")]
    private static partial IntPtr ClusterId(IntPtr kafka, int timeoutMs);

    [LibraryImport("librdkafka.so.1", EntryPoint = "rd_kafka_mem_free")]
    private static partial void MemFree(IntPtr kafka, IntPtr pointer);
}
