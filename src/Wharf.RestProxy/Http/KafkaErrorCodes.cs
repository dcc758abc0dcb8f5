using Confluent.Kafka;

namespace Wharf.RestProxy.Http;

/// <summary>
/// Maps Kafka client errors to the REST Proxy's answers, as the original maps the Java client's exceptions:
/// per produced record (AbstractProduceAction: authentication 40101, authorization 40301, retriable 50003, other
/// 50002), and for a whole request that failed in a Kafka call (rest-utils KafkaExceptionMapper).
/// librdkafka's local errors stand for the Java exceptions with the same meaning (an unknown topic or partition
/// on produce is the Java producer's metadata TimeoutException, so retriable).
/// </summary>
public static class KafkaErrorCodes
{
    /// <summary>Kafka's RetriableException family, and librdkafka's transient local errors.</summary>
    private static readonly HashSet<ErrorCode> Retriable =
    [
        ErrorCode.Local_MsgTimedOut, ErrorCode.Local_TimedOut, ErrorCode.Local_TimedOutQueue, ErrorCode.Local_Transport,
        ErrorCode.Local_AllBrokersDown, ErrorCode.Local_Resolve, ErrorCode.Local_UnknownTopic, ErrorCode.Local_UnknownPartition,
        ErrorCode.Local_QueueFull, ErrorCode.Local_Retry, ErrorCode.Local_WaitCoord,
        ErrorCode.InvalidMsg, ErrorCode.UnknownTopicOrPart, ErrorCode.LeaderNotAvailable, ErrorCode.NotLeaderForPartition,
        ErrorCode.RequestTimedOut, ErrorCode.ReplicaNotAvailable, ErrorCode.NetworkException, ErrorCode.GroupLoadInProgress,
        ErrorCode.GroupCoordinatorNotAvailable, ErrorCode.NotCoordinatorForGroup, ErrorCode.NotEnoughReplicas,
        ErrorCode.NotEnoughReplicasAfterAppend, ErrorCode.NotController, ErrorCode.KafkaStorageError, ErrorCode.FetchSessionIdNotFound,
        ErrorCode.InvalidFetchSessionEpoch, ErrorCode.FencedLeaderEpoch, ErrorCode.UnknownLeaderEpoch, ErrorCode.OffsetNotAvailable,
        ErrorCode.PreferredLeaderNotAvailable, ErrorCode.EligibleLeadersNotAvailable, ErrorCode.UnstableOffsetCommit,
    ];

    /// <summary>Kafka errors the original answers 400/40002 (KafkaExceptionMapper's "bad request" family).</summary>
    private static readonly HashSet<ErrorCode> BadRequest =
    [
        ErrorCode.InvalidReplicationFactor, ErrorCode.SecurityDisabled, ErrorCode.UnsupportedVersion, ErrorCode.InvalidPartitions,
        ErrorCode.InvalidRequest, ErrorCode.Unknown, ErrorCode.PolicyViolation, ErrorCode.TopicAlreadyExists, ErrorCode.InvalidConfig,
        ErrorCode.TopicDeletionDisabled, ErrorCode.TopicException,
    ];

    /// <summary>The error_code of one produced record that failed.</summary>
    public static int For(Error error) => error.Code switch
    {
        _ when IsAuthentication(error.Code) => RestErrorCodes.KafkaAuthentication,
        _ when IsAuthorization(error.Code) => RestErrorCodes.KafkaAuthorization,
        var code when Retriable.Contains(code) => RestErrorCodes.KafkaRetriableError,
        _ => RestErrorCodes.KafkaError,
    };

    /// <summary>The answer to a request whose Kafka call failed, with the client's message.</summary>
    public static RestException ToRestException(Error error)
    {
        var (status, code) = error.Code switch
        {
            _ when IsAuthentication(error.Code) => (401, RestErrorCodes.KafkaAuthentication),
            _ when IsAuthorization(error.Code) => (403, RestErrorCodes.KafkaAuthorization),
            ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic or ErrorCode.Local_UnknownPartition => (404, RestErrorCodes.UnknownTopicOrPartition),
            ErrorCode.BrokerNotAvailable => (503, RestErrorCodes.BrokerNotAvailable),
            ErrorCode.MsgSizeTooLarge => (413, RestErrorCodes.RecordTooLarge),
            ErrorCode.ThrottlingQuotaExceeded => (429, RestErrorCodes.ThrottlingQuotaExceeded),
            var badRequest when BadRequest.Contains(badRequest) => (400, RestErrorCodes.KafkaBadRequest),
            var retriable when Retriable.Contains(retriable) => (500, RestErrorCodes.KafkaRetriableError),
            _ => (500, RestErrorCodes.KafkaError),
        };
        return new RestException(status, code, error.Reason);
    }

    private static bool IsAuthentication(ErrorCode code) => code is ErrorCode.SaslAuthenticationFailed or ErrorCode.Local_Authentication;

    private static bool IsAuthorization(ErrorCode code) =>
        code is ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed
            or ErrorCode.TransactionalIdAuthorizationFailed or ErrorCode.DelegationTokenAuthorizationFailed;
}
