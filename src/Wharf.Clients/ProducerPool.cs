using Confluent.Kafka;

namespace Wharf.Clients;

/// <summary>
/// Producers shared by every request of a service (librdkafka producers are thread-safe and batch records of
/// concurrent requests together). Built on first use; disposing flushes what is still queued, then closes.
/// </summary>
public sealed class ProducerPool : IDisposable
{
    private static readonly TimeSpan FlushOnClose = TimeSpan.FromSeconds(10);

    private readonly Lazy<IProducer<byte[]?, byte[]?>>[] _producers;
    private int _next;

    public ProducerPool(KafkaClientFactory factory, IReadOnlyDictionary<string, string> settings, int size = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _producers = Enumerable.Range(0, size)
            .Select(_ => new Lazy<IProducer<byte[]?, byte[]?>>(() => factory.CreateProducer(settings), LazyThreadSafetyMode.ExecutionAndPublication))
            .ToArray();
    }

    /// <summary>A producer of the pool, chosen round robin.</summary>
    public IProducer<byte[]?, byte[]?> Get() =>
        _producers.Length == 1 ? _producers[0].Value : _producers[(int)((uint)Interlocked.Increment(ref _next) % (uint)_producers.Length)].Value;

    public void Dispose()
    {
        foreach (var producer in _producers.Where(p => p.IsValueCreated).Select(p => p.Value))
        {
            producer.Flush(FlushOnClose);
            producer.Dispose();
        }
    }
}
