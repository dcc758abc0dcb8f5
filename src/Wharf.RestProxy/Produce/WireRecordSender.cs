using System.Buffers;
using Wharf.Clients.Producing;

namespace Wharf.RestProxy.Produce;

/// <summary>
/// Sends through <see cref="WireProducer"/>: a request's records for a partition leave at once as one batch in one
/// Produce request. Outcomes are reported with the errors librdkafka would have given (same codes, same reasons),
/// so answers do not depend on which path sent them.
/// </summary>
internal sealed class WireRecordSender(WireProducer producer) : IRecordSender
{
    public string Description => "Wharf's own Kafka protocol client";

    public async Task SendAsync(string topic, ReadOnlyMemory<ProducerRecord> records, Memory<DeliveryResult> results, CancellationToken cancellationToken)
    {
        var deliveries = ArrayPool<RecordDelivery>.Shared.Rent(records.Length);
        try
        {
            // Not the request's token: records handed over are reported, as librdkafka reports them after a client left.
            await producer.ProduceAsync(topic, records, deliveries.AsMemory(0, records.Length), CancellationToken.None);
            var span = results.Span;
            for (var i = 0; i < records.Length; i++)
            {
                var delivery = deliveries[i];
                span[i] = delivery.Succeeded
                    ? new DeliveryResult(delivery.Partition, delivery.Offset, null)
                    : DeliveryResult.Failed(LibrdkafkaErrors.From(delivery.Error));
            }
        }
        finally
        {
            ArrayPool<RecordDelivery>.Shared.Return(deliveries);
        }
    }

    public ValueTask DisposeAsync() => producer.DisposeAsync();
}
