using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Wharf.Bench;

/// <summary>
/// The Confluent.Kafka side: topic creation, a producer on the fast path (Produce with one shared delivery
/// handler, never awaiting a ProduceAsync per record; the local queue absorbs bursts) and a consumer that reads
/// assigned partitions from the beginning.
/// </summary>
internal sealed class ConfluentClient(string bootstrapServers, ClientSettings settings, int brokerPid)
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    public async Task CreateTopicAsync(string topic, int partitions)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }]);
    }

    /// <summary>Produces <paramref name="count"/> records of <paramref name="size"/> bytes (null key) and waits for every delivery report.</summary>
    public Measurement Produce(string phase, string topic, long count, int size, string acks)
    {
        var value = Payload(size);
        long delivered = 0, failed = 0;
        Error? firstError = null;
        void OnDelivery(DeliveryReport<Null, byte[]> report)
        {
            if (report.Error.IsError)
            {
                firstError ??= report.Error;
                Interlocked.Increment(ref failed);
            }
            else
            {
                Interlocked.Increment(ref delivered);
            }
        }

        Action<DeliveryReport<Null, byte[]>> handler = OnDelivery;
        using var producer = new ProducerBuilder<Null, byte[]>(settings.ProducerConfig(bootstrapServers, acks)).Build();
        LearnPartitions(producer.Handle, topic);
        var message = new Message<Null, byte[]> { Value = value };
        var clock = CpuClock.Start(brokerPid);
        for (long i = 0; i < count; i++)
        {
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, handler);
                    break;
                }
                catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    // The local queue (queue.buffering.max.messages) is full: let the broker catch up.
                    Thread.Sleep(1);
                }
            }
        }

        while (producer.Flush(StallTimeout) > 0)
        {
            if (Interlocked.Read(ref delivered) + Interlocked.Read(ref failed) == 0)
            {
                throw new TimeoutException($"{phase}: no delivery report in {StallTimeout.TotalSeconds} s.");
            }
        }

        var result = clock.Stop(phase, count, size);
        if (failed > 0)
        {
            throw new InvalidOperationException($"{phase}: {failed} of {count} records were not delivered; first error: {firstError}");
        }

        return result;
    }

    /// <summary>Reads <paramref name="count"/> records from the start of every partition of <paramref name="topic"/>.</summary>
    public Measurement Consume(string phase, string topic, int partitions, long count, int size)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(settings.ConsumerConfig(bootstrapServers)).Build();
        LearnPartitions(consumer.Handle, topic);
        var clock = CpuClock.Start(brokerPid);
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        long received = 0, bytes = 0;
        var lastProgress = Environment.TickCount64;
        while (received < count)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result is null)
            {
                if (Environment.TickCount64 - lastProgress > StallTimeout.TotalMilliseconds)
                {
                    throw new TimeoutException($"{phase}: {received} of {count} records after {StallTimeout.TotalSeconds} s without progress.");
                }

                continue;
            }

            received++;
            bytes += result.Message.Value.Length;
            lastProgress = Environment.TickCount64;
        }

        var measurement = clock.Stop(phase, received, size);
        if (bytes != received * size)
        {
            throw new InvalidOperationException($"{phase}: {bytes} value bytes consumed, {received * size} expected.");
        }

        consumer.Close();
        return measurement;
    }

    /// <summary>
    /// Fetches the topic's metadata through the client before the clock starts, as a client that has been running
    /// a while knows it. Left to itself, librdkafka 2.0 looks up a topic new to it on its one-second timer (a fresh
    /// producer's records wait up to 1 s), and a consumer assigned a partition before it knows the leader retries its
    /// offset query after 500 ms: start-up latency of the client, not throughput of the broker.
    /// </summary>
    private static void LearnPartitions(Handle handle, string topic)
    {
        using var admin = new DependentAdminClientBuilder(handle).Build();
        admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
    }

    /// <summary>Printable bytes, so the same payload works for kcat's line-based input; not compressible enough to matter (compression is off).</summary>
    public static byte[] Payload(int size)
    {
        var random = new Random(size);
        var value = new byte[size];
        for (var i = 0; i < size; i++)
        {
            value[i] = (byte)random.Next('A', 'Z' + 1);
        }

        return value;
    }
}
