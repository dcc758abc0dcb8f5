using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.Clients.Producing;
using Wharf.Configuration;

namespace Wharf.RestProxy.Produce;

/// <summary>Picks how the proxy produces: its own protocol client when it honours every producer setting, librdkafka otherwise.</summary>
internal static class RecordSenders
{
    public static IRecordSender Create(KafkaClientFactory clients, IReadOnlyDictionary<string, string> settings, ILoggerFactory loggers, out string? librdkafkaReason)
    {
        if (WireProducerSettings.TryRead(settings, out var wire, out librdkafkaReason))
        {
            return new WireRecordSender(new WireProducer(wire, loggers.CreateLogger("Wharf.Clients.Producing")));
        }

        var sender = new LibrdkafkaRecordSender(new ProducerPool(clients, settings));
        try
        {
            sender.Start();
        }
        catch (Exception exception) when (exception is ArgumentException or KafkaException or InvalidOperationException)
        {
            throw new ConfigurationException("The REST Proxy's producer settings (producer.*, client.*) are not valid: " + exception.Message, exception);
        }

        return sender;
    }
}
