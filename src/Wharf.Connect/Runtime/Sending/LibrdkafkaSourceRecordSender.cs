using Confluent.Kafka;
using Wharf.Clients;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Runtime.Errors;
using Wharf.Connect.Runtime.Monitoring;

namespace Wharf.Connect.Runtime.Sending;

/// <summary>
/// Sends through a librdkafka producer, for producer settings only librdkafka implements: each record is produced
/// at once (librdkafka batches them within its linger) and acknowledged by a delivery report on librdkafka's
/// thread; a flush waits until no record is in its queues.
/// </summary>
internal sealed class LibrdkafkaSourceRecordSender : ISourceRecordSender
{
    private const string DeliveryReportFields = "dotnet.producer.delivery.report.fields";

    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly SourceSendFailures _failures;
    private readonly TaskMetrics _metrics;
    private readonly Action<DeliveryReport<byte[]?, byte[]?>> _delivered;

    public LibrdkafkaSourceRecordSender(KafkaClientFactory clients, IReadOnlyDictionary<string, string> settings, SourceSendFailures failures, TaskMetrics metrics)
    {
        _producer = clients.CreateProducer(WithDeliveryReportFields(settings));
        _failures = failures;
        _metrics = metrics;
        _delivered = Delivered;
    }

    public void Send(SourceRecord original, string topic, int? partition, byte[]? key, byte[]? value, ConnectHeaders headers, long? timestamp)
    {
        var message = new Message<byte[]?, byte[]?>
        {
            Key = key,
            Value = value,
            Headers = ToKafkaHeaders(headers),
            Timestamp = timestamp is { } ms ? new Timestamp(ms, Confluent.Kafka.TimestampType.CreateTime) : Timestamp.Default,
        };
        while (true)
        {
            try
            {
                if (partition is { } p)
                {
                    _producer.Produce(new Confluent.Kafka.TopicPartition(topic, p), message, _delivered);
                }
                else
                {
                    _producer.Produce(topic, message, _delivered);
                }

                return;
            }
            catch (ProduceException<byte[]?, byte[]?> exception) when (exception.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(100));
            }
            catch (ProduceException<byte[]?, byte[]?> exception)
            {
                // Refused before sending (too large, unknown partition): KAFKA_PRODUCE, skipped only with errors.tolerance=all.
                if (!_failures.TolerateRefused(original, _producer.GetType(), exception))
                {
                    throw new ProducerFailedException(topic, exception.Error.Reason);
                }

                return;
            }
        }
    }

    /// <summary>Nothing to do: librdkafka sends on its own within its linger.</summary>
    public ValueTask EndPollAsync() => ValueTask.CompletedTask;

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        while (_producer.Flush(TimeSpan.FromMilliseconds(500)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        _failures.ThrowIfFailed();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _producer.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Null for a record without headers (most of them): the producer needs no Headers object then.</summary>
    private static Headers? ToKafkaHeaders(ConnectHeaders connectHeaders)
    {
        if (connectHeaders.Count == 0)
        {
            return null;
        }

        var headers = new Headers();
        foreach (var header in connectHeaders)
        {
            headers.Add(header.Key, ConnectorPlugins.FromConnectHeader(header));
        }

        return headers;
    }

    /// <summary>
    /// Delivery reports carry only what <see cref="Delivered"/> reads (the error and the topic, always there):
    /// by default the .NET client copies each delivered record's headers and timestamp back out of librdkafka.
    /// </summary>
    private static Dictionary<string, string> WithDeliveryReportFields(IReadOnlyDictionary<string, string> settings)
    {
        var result = new Dictionary<string, string>(settings, StringComparer.Ordinal);
        result.TryAdd(DeliveryReportFields, "none");
        return result;
    }

    /// <summary>A delivery report (librdkafka's thread): counts the record, or hands the failure on (KIP-779).</summary>
    private void Delivered(DeliveryReport<byte[]?, byte[]?> report)
    {
        if (!report.Error.IsError)
        {
            _metrics.RecordWritten();
        }
        else
        {
            _failures.Failed(report.Topic, report.Error.Reason);
        }
    }
}
