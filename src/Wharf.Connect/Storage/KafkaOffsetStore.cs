namespace Wharf.Connect.Storage;

/// <summary>Distributed mode's source offsets in the offset.storage.topic (Apache's KafkaOffsetBackingStore layout).</summary>
internal sealed class KafkaOffsetStore(KafkaTopicLog log) : OffsetStore
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (key, value) in await log.StartAsync(cancellationToken))
        {
            Load(key, value);
        }
    }

    public override void Follow() => log.Follow((key, value) => Load(key, value));

    public override Task ReadToEndAsync(CancellationToken cancellationToken) => log.ReadToEndAsync(cancellationToken);

    protected override async Task PersistAsync(IReadOnlyList<(byte[] Key, byte[]? Value)> records, CancellationToken cancellationToken)
    {
        foreach (var (key, value) in records)
        {
            await log.WriteAsync(key, value, cancellationToken);
        }
    }

    public override ValueTask DisposeAsync()
    {
        log.Dispose();
        return ValueTask.CompletedTask;
    }
}
