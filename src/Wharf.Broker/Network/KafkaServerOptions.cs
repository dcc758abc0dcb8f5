using System.Net;

namespace Wharf.Broker.Network;

/// <summary>Limits and addresses of the Kafka listener.</summary>
public sealed record KafkaServerOptions
{
    /// <summary>Kafka's socket.request.max.bytes default: 100 MiB.</summary>
    public const int DefaultMaxRequestBytes = 100 * 1024 * 1024;

    /// <summary>Bytes received from one connection and not yet copied into request frames (see KafkaServer).</summary>
    public const int InputBufferBytes = 256 * 1024;

    /// <summary>
    /// Bytes written to one connection and not yet sent before a writer waits (see ResponseWriter): room for a
    /// few record-set pieces in flight, so the socket keeps streaming while the next piece is copied.
    /// </summary>
    public const int OutputBufferBytes = 1024 * 1024;

    public required IPEndPoint EndPoint { get; init; }

    /// <summary>socket.request.max.bytes: a frame announcing more closes the connection before anything is buffered.</summary>
    public int MaxRequestBytes { get; init; } = DefaultMaxRequestBytes;

    /// <summary>
    /// Requests read from one connection and not yet answered. Clients pipeline (librdkafka keeps up to
    /// 1,000,000 produce requests in flight by default); past this bound the broker stops reading that socket.
    /// </summary>
    public int MaxInFlightRequestsPerConnection { get; init; } = 64;
}
