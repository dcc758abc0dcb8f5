using Wharf.Clients.Producing;

namespace Wharf.RestProxy.Produce;

/// <summary>
/// Hands one request's serialized records to Kafka as one batch per partition and reports each record's outcome in
/// request order. <see cref="WireRecordSender"/> is the proxy's own path; <see cref="LibrdkafkaRecordSender"/>
/// serves the producer settings only librdkafka implements (TLS, SASL, acks=0, ...). <see cref="RecordSenders"/>
/// picks one from the settings.
/// </summary>
internal interface IRecordSender : IAsyncDisposable
{
    /// <summary>Which client sends, for the start-up log line.</summary>
    string Description { get; }

    Task SendAsync(string topic, ReadOnlyMemory<ProducerRecord> records, Memory<DeliveryResult> results, CancellationToken cancellationToken);
}
