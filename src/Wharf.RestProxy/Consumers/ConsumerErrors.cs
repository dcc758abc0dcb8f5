using Confluent.Kafka;
using Wharf.RestProxy.Http;

namespace Wharf.RestProxy.Consumers;

/// <summary>
/// The consumer API's answers in the original's words (kafka-rest Errors.java, rest-utils' constraint mapper):
/// the HTTP status, the five-digit code and the message clients may match on.
/// </summary>
internal static class ConsumerErrors
{
    public static RestException AlreadyExists() =>
        new(409, RestErrorCodes.ConsumerAlreadyExists, "Consumer with specified consumer ID already exists in the specified consumer group.");

    /// <summary>v1: a consumer reads the one topic it first read; the old consumer could not add streams (40901).</summary>
    public static RestException AlreadySubscribed() =>
        new(409, 40901, "Consumer cannot subscribe the the specified target because it has already subscribed to other topics.");

    public static RestException FormatMismatch() =>
        new(406, RestErrorCodes.ConsumerFormatMismatch, "The requested embedded data format does not match the deserializer for this consumer instance");

    /// <summary>The Java consumer's IllegalStateException text after subscribe/assign mixes.</summary>
    public static RestException MutuallyExclusive() =>
        RestException.IllegalState("Subscription to topics, partitions and pattern are mutually exclusive");

    public static RestException NotAssigned(string topic, int partition) =>
        RestException.IllegalState("No current assignment for partition " + topic + "-" + partition);

    /// <summary>42204: a setting of the create request (or of the proxy's consumer.* passthrough) that Kafka rejects.</summary>
    public static RestException InvalidConfig(string detail) =>
        new(422, RestErrorCodes.InvalidConsumerConfig, "Invalid consumer configuration: " + detail);

    /// <summary>40001 (HTTP 422): fetch.min.bytes outside [-1, 10000000], with ConfigDef.Range's wording.</summary>
    public static RestException ConfigConstraint(string detail) =>
        new(422, RestErrorCodes.ConsumerConfigConstraint, "Invalid consumer configuration. It does not abide by the constraints: " + detail);

    public static RestException InvalidFormat() => RestException.Unprocessable("Invalid format type.");

    /// <summary>v1 reads check the topic first (40401), as the v1 consumer did before subscribing.</summary>
    public static RestException TopicNotFound() => new(404, RestErrorCodes.TopicNotFound, "Topic not found.");

    /// <summary>A Kafka error during a consumer operation: 401/403 for authentication/authorization, else 500.</summary>
    public static RestException FromKafka(Error error)
    {
        var code = KafkaErrorCodes.For(error);
        var status = code == RestErrorCodes.KafkaAuthentication ? 401 : code == RestErrorCodes.KafkaAuthorization ? 403 : 500;
        return new RestException(status, code, error.Reason);
    }
}
