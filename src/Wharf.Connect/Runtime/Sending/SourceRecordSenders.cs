using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.Clients.Producing;
using Wharf.Connect.Logging;
using Wharf.Connect.Runtime.Monitoring;

namespace Wharf.Connect.Runtime.Sending;

/// <summary>Picks how a source task produces: Wharf's own protocol client when it honours every producer setting, librdkafka otherwise.</summary>
internal static class SourceRecordSenders
{
    public static ISourceRecordSender Create(TaskId id, KafkaClientFactory clients, IReadOnlyDictionary<string, string> settings, SourceSendFailures failures, TaskMetrics metrics, ILogger logger)
    {
        if (WireProducerSettings.TryRead(settings, out var wire, out var refused))
        {
            ConnectLog.ProducesThroughWire(logger, id.ToString());
            return new WireSourceRecordSender(new WireProducer(wire, logger), failures, metrics);
        }

        ConnectLog.ProducesThroughLibrdkafka(logger, id.ToString(), refused);
        return new LibrdkafkaSourceRecordSender(clients, settings, failures, metrics);
    }
}
