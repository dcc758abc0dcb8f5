using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Wharf.Configuration;
using Wharf.SchemaRegistry.Logging;

namespace Wharf.SchemaRegistry.Storage;

/// <summary>
/// Creates a registry topic when it is missing (1 partition, cleanup.policy=compact, replication factor capped at
/// the live brokers, as KafkaStore.createOrVerifySchemaTopic does) and verifies an existing one: more than one
/// partition, or a policy other than compact, stops the start unless kafkastore.topic.skip.validation is set.
/// </summary>
internal static class SchemasTopic
{
    public static async Task EnsureAsync(IAdminClient admin, string topic, int replicationFactor, bool skipValidation, ILogger logger, TimeSpan timeout)
    {
        // All topics, not the one: a metadata request naming a missing topic can create it with the broker's defaults.
        var metadata = admin.GetMetadata(timeout);
        var existing = metadata.Topics.FirstOrDefault(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError);
        if (existing is null)
        {
            var factor = (short)Math.Max(1, Math.Min(replicationFactor, metadata.Brokers.Count));
            try
            {
                await admin.CreateTopicsAsync(
                    [new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = factor, Configs = new() { ["cleanup.policy"] = "compact" } }],
                    new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout });
                RegistryLog.TopicCreated(logger, topic, factor);
            }
            catch (CreateTopicsException exception) when (exception.Results.All(r => r.Error.Code is ErrorCode.TopicAlreadyExists))
            {
                // Another instance created it first.
            }

            return;
        }

        if (skipValidation)
        {
            return;
        }

        if (existing.Partitions.Count != 1)
        {
            throw new ConfigurationException($"The schemas topic {topic} should have only 1 partition but has {existing.Partitions.Count}.");
        }

        var configs = await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }], new DescribeConfigsOptions { RequestTimeout = timeout });
        if (configs[0].Entries.TryGetValue("cleanup.policy", out var policy) && policy.Value != "compact")
        {
            throw new ConfigurationException($"The retention policy of the schema topic {topic} is incorrect. You must configure the topic to 'compact' cleanup policy to avoid Kafka deleting your schemas after a week. Refer to Kafka documentation for more details on cleanup policies");
        }
    }
}
