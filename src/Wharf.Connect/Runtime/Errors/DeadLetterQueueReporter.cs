using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.Connect.Api;
using Wharf.Connect.Runtime.Monitoring;

namespace Wharf.Connect.Runtime.Errors;

/// <summary>
/// A sink's dead letter queue (KIP-298, Apache's DeadLetterQueueReporter): each failed record is produced to
/// errors.deadletterqueue.topic.name as it was consumed — original key, value, headers and timestamp bytes — plus,
/// with errors.deadletterqueue.context.headers.enable=true, the __connect.errors.* headers saying where and why it
/// failed. The topic is created (1 partition, the configured replication factor) when missing.
/// </summary>
internal sealed class DeadLetterQueueReporter : IErrorReporter, IDisposable
{
    public const string HeaderPrefix = "__connect.errors.";

    private readonly string _topic;
    private readonly bool _contextHeaders;
    private readonly TaskId _id;
    private readonly TaskMetrics _metrics;
    private readonly ILogger _logger;
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly Action<DeliveryReport<byte[]?, byte[]?>> _delivered;

    private DeadLetterQueueReporter(string topic, bool contextHeaders, TaskId id, TaskMetrics metrics, ILogger logger, IProducer<byte[]?, byte[]?> producer)
    {
        _topic = topic;
        _contextHeaders = contextHeaders;
        _id = id;
        _metrics = metrics;
        _logger = logger;
        _producer = producer;
        _delivered = Delivered;
    }

    /// <summary>Creates the topic when missing, then the producer; a failure is Apache's "Could not initialize dead letter queue".</summary>
    public static async Task<DeadLetterQueueReporter> CreateAsync(ErrorHandlingConfig config, TaskId id, KafkaClientFactory clients, IReadOnlyDictionary<string, string> adminSettings, IReadOnlyDictionary<string, string> producerSettings, TaskMetrics metrics, ILogger logger, CancellationToken cancellationToken)
    {
        var topic = config.DeadLetterQueueTopic;
        using (var admin = clients.CreateAdmin(adminSettings))
        {
            try
            {
                // All topics, as Apache lists them: asking for this one topic would have the broker auto-create it.
                var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
                if (metadata.Topics.All(t => t.Topic != topic || t.Error.Code != ErrorCode.NoError))
                {
                    ErrorLog.CreatingDeadLetterQueue(logger, topic);
                    await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = config.DeadLetterQueueReplicationFactor }]).WaitAsync(cancellationToken);
                }
            }
            catch (CreateTopicsException exception) when (exception.Results.All(r => r.Error.Code is ErrorCode.TopicAlreadyExists or ErrorCode.NoError))
            {
                // Created meanwhile by someone else: fine.
            }
            catch (KafkaException exception)
            {
                var reason = exception is CreateTopicsException create ? create.Results[0].Error.Reason : exception.Error.Reason;
                throw new ConnectException("Could not initialize dead letter queue with topic=" + topic + ": " + reason, exception);
            }
        }

        return new DeadLetterQueueReporter(topic, config.DeadLetterQueueContextHeaders, id, metrics, logger, clients.CreateProducer(producerSettings));
    }

    public void Report(ProcessingContext context)
    {
        _metrics.RecordDeadLetterQueueRequest();
        if (context.Consumed is not { } original)
        {
            _metrics.RecordDeadLetterQueueFailure();
            return;
        }

        var headers = new Headers();
        foreach (var header in original.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        if (_contextHeaders)
        {
            AddContextHeaders(headers, context, original);
        }

        var message = new Message<byte[]?, byte[]?>
        {
            Key = original.Message.Key,
            Value = original.Message.Value,
            Headers = headers,
            Timestamp = original.Message.Timestamp.Type == Confluent.Kafka.TimestampType.NotAvailable ? Timestamp.Default : new Timestamp(original.Message.Timestamp.UnixTimestampMs, Confluent.Kafka.TimestampType.CreateTime),
        };
        try
        {
            _producer.Produce(_topic, message, _delivered);
        }
        catch (KafkaException exception)
        {
            ErrorLog.DeadLetterQueueFailed(_logger, _topic, exception.Error.Reason);
            _metrics.RecordDeadLetterQueueFailure();
        }
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) until everything sent is delivered or failed: called before the task commits the offsets of the records it skipped.</summary>
    public void Flush(TimeSpan timeout) => _producer.Flush(timeout);

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }

    private void AddContextHeaders(Headers headers, ProcessingContext context, ConsumeResult<byte[]?, byte[]?> original)
    {
        headers.Add(HeaderPrefix + "topic", Utf8(original.Topic));
        headers.Add(HeaderPrefix + "partition", Utf8(original.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(HeaderPrefix + "offset", Utf8(original.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(HeaderPrefix + "connector.name", Utf8(_id.Connector));
        headers.Add(HeaderPrefix + "task.id", Utf8(_id.Task.ToString(CultureInfo.InvariantCulture)));
        headers.Add(HeaderPrefix + "stage", Utf8(context.Stage.Name()));
        headers.Add(HeaderPrefix + "class.name", Utf8(context.ExecutingClass is null ? "null" : PluginClassName.Of(context.ExecutingClass)));
        if (context.Error is { } error)
        {
            headers.Add(HeaderPrefix + "exception.class.name", Utf8(error.GetType().FullName ?? error.GetType().Name));
            headers.Add(HeaderPrefix + "exception.message", Utf8(error.Message));
            headers.Add(HeaderPrefix + "exception.stacktrace", Utf8(error.ToString()));
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private void Delivered(DeliveryReport<byte[]?, byte[]?> report)
    {
        if (report.Error.IsError)
        {
            ErrorLog.DeadLetterQueueFailed(_logger, _topic, report.Error.Reason);
            _metrics.RecordDeadLetterQueueFailure();
        }
    }
}
