using Confluent.Kafka;

namespace Wharf.RestProxy.Http;

/// <summary>
/// Maps a Kafka client error to the REST Proxy's code, as the original maps Java client exceptions:
/// authentication 40101, authorization 40301, retriable (Kafka's RetriableException family and librdkafka's
/// transient local errors) 50003, anything else 50002.
/// </summary>
public static class KafkaErrorCodes
{
    private static readonly HashSet<ErrorCode> Retriable =
    [
        ErrorCode.Local_MsgTimedOut, ErrorCode.Local_TimedOut, ErrorCode.Local_Transport, ErrorCode.Local_AllBrokersDown,
        ErrorCode.Local_UnknownTopic, ErrorCode.Local_UnknownPartition, ErrorCode.Local_QueueFull, ErrorCode.Local_Retry,
        ErrorCode.RequestTimedOut, ErrorCode.LeaderNotAvailable, ErrorCode.NotLeaderForPartition, ErrorCode.NetworkException,
        ErrorCode.NotEnoughReplicas, ErrorCode.NotEnoughReplicasAfterAppend, ErrorCode.UnknownTopicOrPart,
        ErrorCode.InvalidMsg, ErrorCode.KafkaStorageError, ErrorCode.NotController, ErrorCode.NotCoordinatorForGroup,
        ErrorCode.GroupCoordinatorNotAvailable, ErrorCode.GroupLoadInProgress, ErrorCode.OffsetNotAvailable, ErrorCode.BrokerNotAvailable,
    ];

    public static int For(Error error) => error.Code switch
    {
        ErrorCode.SaslAuthenticationFailed or ErrorCode.Local_Authentication => RestErrorCodes.KafkaAuthentication,
        ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed
            or ErrorCode.TransactionalIdAuthorizationFailed => RestErrorCodes.KafkaAuthorization,
        var code when Retriable.Contains(code) => RestErrorCodes.KafkaRetriableError,
        _ => RestErrorCodes.KafkaError,
    };
}
