using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Wharf.RestProxy.Produce;

/// <summary>
/// Topics the shared producer last found missing. librdkafka remembers a topic the cluster does not have and fails
/// new records for it at once, until its next periodic metadata refresh (topic.metadata.refresh.interval.ms,
/// 5 minutes); the original's Java producer asks again on the next send. So a request to a topic remembered
/// missing first asks the cluster for it on the producer's own handle (which updates the producer's view), and a
/// topic created meanwhile is produced to at once. A topic this proxy has not produced to yet is looked up the same
/// way first, as the Java producer waits for a topic's metadata before it batches the topic's first records: left
/// to itself, librdkafka parks them unpartitioned until its own lookup answers, then moves them one by one while its
/// sender may already be sending, which splits one request into several batches. Only the first request to a topic,
/// and requests to missing topics, pay for the lookup.
/// </summary>
internal sealed class MissingTopics
{
    /// <summary>A bound on the names kept, so requests naming ever new topics cannot grow it without end.</summary>
    private const int MaxTopics = 10_000;

    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, byte> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);

    /// <summary>Asks the cluster about <paramref name="topic"/> on the producer's handle when it was last found missing or was never produced to.</summary>
    public Task RefreshIfMissingAsync(IProducer<byte[]?, byte[]?> producer, string topic)
    {
        if (_known.ContainsKey(topic) && (_topics.IsEmpty || !_topics.ContainsKey(topic)))
        {
            return Task.CompletedTask;
        }

        return Task.Run(() =>
        {
            // A dependent admin client per lookup, disposed at once: Confluent.Kafka 1.9's dependent admin client
            // polls its result queue with a zero timeout, so one kept alive keeps a core busy while idle.
            using var lookup = new DependentAdminClientBuilder(producer.Handle).Build();
            try
            {
                lookup.GetMetadata(topic, LookupTimeout);
            }
            catch (KafkaException)
            {
                // The records then fail as they would have; their answer says why.
            }
        });
    }

    /// <summary>Remembers the outcome of a request: missing when a record failed because the topic is unknown.</summary>
    public void Record(string topic, ReadOnlySpan<DeliveryResult> results)
    {
        var missing = false;
        var delivered = false;
        foreach (var result in results)
        {
            // The broker's answer the first time (UNKNOWN_TOPIC_OR_PARTITION), librdkafka's own afterwards.
            missing |= result.Error?.Code is ErrorCode.Local_UnknownTopic or ErrorCode.UnknownTopicOrPart;
            delivered |= result.Error is null;
        }

        if (delivered)
        {
            Remember(_known, topic);
        }

        if (!missing)
        {
            if (!_topics.IsEmpty)
            {
                _topics.TryRemove(topic, out _);
            }

            return;
        }

        _known.TryRemove(topic, out _);
        Remember(_topics, topic);
    }

    private static void Remember(ConcurrentDictionary<string, byte> topics, string topic)
    {
        if (topics.Count >= MaxTopics)
        {
            topics.Clear();
        }

        topics.TryAdd(topic, 0);
    }
}
