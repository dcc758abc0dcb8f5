using Confluent.Kafka;

namespace Wharf.Clients.Producing;

/// <summary>
/// A <see cref="DeliveryError"/> as the librdkafka error a librdkafka producer reports for the same outcome (same
/// code, same reason text), so that what a service answers or logs does not depend on which client sent.
/// </summary>
public static class LibrdkafkaErrors
{
    private static readonly Error UnknownTopic = new(ErrorCode.UnknownTopicOrPart);
    private static readonly Error UnknownPartition = new(ErrorCode.Local_UnknownPartition);
    private static readonly Error RecordTooLarge = new(ErrorCode.MsgSizeTooLarge);
    private static readonly Error TimedOut = new(ErrorCode.Local_MsgTimedOut);

    public static Error From(DeliveryError error) => error.Kind switch
    {
        DeliveryErrorKind.UnknownTopic => UnknownTopic,
        DeliveryErrorKind.UnknownPartition => UnknownPartition,
        DeliveryErrorKind.RecordTooLarge => RecordTooLarge,
        DeliveryErrorKind.TimedOut => TimedOut,
        _ => new Error((Confluent.Kafka.ErrorCode)(int)error.BrokerCode),
    };
}
