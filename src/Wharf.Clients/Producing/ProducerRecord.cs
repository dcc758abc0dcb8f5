using Wharf.Protocol;
using Wharf.Protocol.Records;

namespace Wharf.Clients.Producing;

/// <summary>
/// A record to produce. Without a partition, a keyed record goes where the Java producer puts its key
/// (<see cref="JavaPartitioner"/>); unkeyed records of one call share one partition chosen at random, so that
/// they travel as one batch, as the Java producer's sticky partitioner (KIP-480) sends them. A timestamp of 0 or
/// less means "now".
/// </summary>
public readonly record struct ProducerRecord(int? Partition, byte[]? Key, byte[]? Value, long Timestamp = 0, RecordHeader[]? Headers = null);

/// <summary>Where a record went, or why it did not.</summary>
public readonly record struct RecordDelivery(int Partition, long Offset, DeliveryError Error)
{
    public bool Succeeded => Error.Kind == DeliveryErrorKind.None;
}

public enum DeliveryErrorKind
{
    None,

    /// <summary>The broker refused the batch with <see cref="DeliveryError.BrokerCode"/>.</summary>
    Broker,

    /// <summary>The cluster does not have the topic.</summary>
    UnknownTopic,

    /// <summary>The topic does not have the partition asked for.</summary>
    UnknownPartition,

    /// <summary>The record alone is larger than <c>message.max.bytes</c>; it was not sent.</summary>
    RecordTooLarge,

    /// <summary>Not acknowledged within the delivery timeout (<c>message.timeout.ms</c> / <c>delivery.timeout.ms</c>).</summary>
    TimedOut,
}

public readonly record struct DeliveryError(DeliveryErrorKind Kind, ErrorCode BrokerCode = ErrorCode.None)
{
    public static DeliveryError None => default;

    public override string ToString() => Kind == DeliveryErrorKind.Broker ? BrokerCode.ToString() : Kind.ToString();
}
