using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Wharf.Clients;

/// <summary>
/// A Confluent.Kafka client's librdkafka handle (rd_kafka_t*), for the few librdkafka calls Confluent.Kafka 1.9 does
/// not expose or makes costly. The handle is referenced while this lease lives, so disposing the client meanwhile
/// defers rd_kafka_destroy until the lease ends instead of freeing memory still in use.
/// </summary>
public sealed class NativeHandle : IDisposable
{
    private static readonly PropertyInfo? HandleProperty = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic);

    private readonly SafeHandle _handle;
    private bool _leased;

    private NativeHandle(SafeHandle handle)
    {
        _handle = handle;
        handle.DangerousAddRef(ref _leased);
        Pointer = handle.DangerousGetHandle();
    }

    /// <summary>The rd_kafka_t*.</summary>
    public IntPtr Pointer { get; }

    /// <summary>Leases the client's handle; null when this Confluent.Kafka version keeps it elsewhere.</summary>
    public static NativeHandle? Of(IClient client) =>
        HandleProperty?.GetValue(client.Handle) is SafeHandle { IsInvalid: false, IsClosed: false } handle ? new NativeHandle(handle) : null;

    public void Dispose()
    {
        if (_leased)
        {
            _leased = false;
            _handle.DangerousRelease();
        }
    }
}
