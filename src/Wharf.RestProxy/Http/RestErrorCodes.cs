namespace Wharf.RestProxy.Http;

/// <summary>
/// The error codes of Confluent's REST Proxy (kafka-rest Errors.java, rest-utils): five-digit codes are the HTTP
/// status times 100 plus a number; generic errors reuse the HTTP status.
/// </summary>
public static class RestErrorCodes
{
    public const int BadRequest = 400;
    public const int ConsumerConfigConstraint = 40001;
    public const int KafkaBadRequest = 40002;
    public const int KafkaAuthentication = 40101;
    public const int KafkaAuthorization = 40301;
    public const int NotFound = 404;
    public const int TopicNotFound = 40401;
    public const int PartitionNotFound = 40402;

    /// <summary>Both "consumer instance not found" and Kafka's UNKNOWN_TOPIC_OR_PARTITION, as in the original.</summary>
    public const int ConsumerInstanceNotFound = 40403;
    public const int UnknownTopicOrPartition = 40403;
    public const int MethodNotAllowed = 405;
    public const int NotAcceptable = 406;
    public const int ConsumerFormatMismatch = 40601;
    public const int Serialization = 40801;
    public const int ConsumerAlreadyExists = 40902;
    public const int IllegalConsumerState = 40903;
    public const int RecordTooLarge = 413;
    public const int UnsupportedMediaType = 415;
    public const int Unprocessable = 422;
    public const int KeySchemaMissing = 42201;
    public const int ValueSchemaMissing = 42202;
    public const int InvalidConsumerConfig = 42204;
    public const int InvalidSchema = 42205;
    public const int SchemaRegistryRequired = 42206;
    public const int SerializingFailed = 42207;
    public const int InternalServerError = 500;
    public const int KafkaError = 50002;
    public const int KafkaRetriableError = 50003;
    public const int BrokerNotAvailable = 50302;
    public const int ThrottlingQuotaExceeded = 42901;
}
