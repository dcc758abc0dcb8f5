using Confluent.Kafka;
using Wharf.Clients;
using Wharf.Clients.Producing;

namespace Wharf.RestProxy.Produce;

/// <summary>
/// Sends through the shared librdkafka producers, for settings only librdkafka implements. Every record is handed
/// over without waiting, so librdkafka batches a request's records together within its linger; the request then
/// waits for the delivery reports.
/// </summary>
internal sealed class LibrdkafkaRecordSender(ProducerPool producers) : IRecordSender
{
    private readonly MissingTopics _missingTopics = new();
    private readonly DeliveryBatchPool _batches = new();

    public string Description => "librdkafka";

    /// <summary>Builds the shared producer now, so that a bad setting stops the start with librdkafka's reason.</summary>
    public void Start() => producers.Get();

    public async Task SendAsync(string topic, ReadOnlyMemory<ProducerRecord> records, Memory<DeliveryResult> results, CancellationToken cancellationToken)
    {
        var producer = producers.Get();
        await _missingTopics.RefreshIfMissingAsync(producer, topic);
        var batch = _batches.Rent(records.Length);
        Produce(producer, topic, records.Span, batch);
        await batch.Completion;
        _missingTopics.Record(topic, batch.Results);
        batch.Results.CopyTo(results.Span);
        _batches.Return(batch);
    }

    public ValueTask DisposeAsync()
    {
        producers.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Produce(IProducer<byte[]?, byte[]?> producer, string topic, ReadOnlySpan<ProducerRecord> records, DeliveryBatch batch)
    {
        for (var i = 0; i < records.Length; i++)
        {
            var message = new Message<byte[]?, byte[]?> { Key = records[i].Key, Value = records[i].Value };
            try
            {
                if (records[i].Partition is { } partition)
                {
                    producer.Produce(new TopicPartition(topic, new Partition(partition)), message, batch.HandlerFor(i));
                }
                else
                {
                    producer.Produce(topic, message, batch.HandlerFor(i));
                }
            }
            catch (ProduceException<byte[]?, byte[]?> exception)
            {
                // Refused before it was queued: a partition the topic does not have, a full queue, a record too large.
                batch.Complete(i, DeliveryResult.Failed(exception.Error));
            }
        }
    }
}
