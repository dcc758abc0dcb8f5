using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Wharf.Connect.Api;

namespace Wharf.Connect.Storage;

/// <summary>One stored source offset: the connector, the source partition and the offset (null once reset).</summary>
internal sealed record StoredOffset(string Connector, IReadOnlyDictionary<string, object?> Partition, IReadOnlyDictionary<string, object?>? Offset);

/// <summary>
/// Source offsets by connector and source partition. Keys are Apache's: the JSON array
/// <c>["&lt;connector&gt;", {partition}]</c>; values the offset map's JSON.
/// </summary>
internal abstract class OffsetStore : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, StoredOffset> _offsets = new(StringComparer.Ordinal);

    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Keeps reading what other workers commit (distributed mode); nothing to follow elsewhere.</summary>
    public virtual void Follow()
    {
    }

    /// <summary>Completes once every offset committed so far by any worker is visible to <see cref="Get"/>.</summary>
    public virtual Task ReadToEndAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public IReadOnlyDictionary<string, object?>? Get(string connector, IReadOnlyDictionary<string, object?> partition) =>
        _offsets.TryGetValue(KeyText(connector, partition), out var stored) ? stored.Offset : null;

    public IReadOnlyList<StoredOffset> All(string connector) =>
        _offsets.Values.Where(o => o.Connector == connector && o.Offset is not null).ToList();

    /// <summary>Stores the offsets durably, then makes them visible to <see cref="Get"/>.</summary>
    public async Task WriteAsync(IReadOnlyList<StoredOffset> offsets, CancellationToken cancellationToken)
    {
        if (offsets.Count == 0)
        {
            return;
        }

        await PersistAsync(offsets.Select(o => (Key(o.Connector, o.Partition), o.Offset is null ? null : InternalJson.Serialize(InternalJson.ToObject(o.Offset)))).ToList(), cancellationToken);
        foreach (var offset in offsets)
        {
            Apply(offset);
        }
    }

    public abstract ValueTask DisposeAsync();

    protected abstract Task PersistAsync(IReadOnlyList<(byte[] Key, byte[]? Value)> records, CancellationToken cancellationToken);

    /// <summary>Applies a stored key/value pair read back from the file or topic; false when it is not an offset record.</summary>
    protected bool Load(byte[] key, byte[]? value)
    {
        try
        {
            if (InternalJson.Deserialize(key) is not IList<object?> { Count: 2 } parts || parts[0] is not string connector || InternalJson.AsMap(parts[1]) is not { } partition)
            {
                return false;
            }

            var offset = value is null ? null : InternalJson.AsMap(InternalJson.Deserialize(value));
            Apply(new StoredOffset(connector, partition, offset));
            return true;
        }
        catch (DataException)
        {
            return false;
        }
    }

    private void Apply(StoredOffset offset)
    {
        var key = KeyText(offset.Connector, offset.Partition);
        if (offset.Offset is null)
        {
            _offsets.TryRemove(key, out _);
        }
        else
        {
            _offsets[key] = offset;
        }
    }

    protected static byte[] Key(string connector, IReadOnlyDictionary<string, object?> partition) =>
        InternalJson.Serialize(new List<object?> { connector, InternalJson.ToObject(partition) })!;

    private static string KeyText(string connector, IReadOnlyDictionary<string, object?> partition) =>
        Encoding.UTF8.GetString(Key(connector, partition.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value)));
}

/// <summary>
/// Standalone mode's offsets in offset.storage.file.filename: a JSON object of key JSON → value JSON, replaced
/// atomically on every commit. (Apache writes a Java-serialized map there; the two files are not interchangeable.)
/// </summary>
internal sealed class FileOffsetStore(string path) : OffsetStore
{
    private static readonly JsonSerializerOptions FileJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly Dictionary<string, string?> _file = new(StringComparer.Ordinal);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(path, cancellationToken));
        foreach (var entry in document.RootElement.EnumerateObject())
        {
            var value = entry.Value.ValueKind == JsonValueKind.Null ? null : entry.Value.GetString();
            _file[entry.Name] = value;
            Load(Encoding.UTF8.GetBytes(entry.Name), value is null ? null : Encoding.UTF8.GetBytes(value));
        }
    }

    protected override async Task PersistAsync(IReadOnlyList<(byte[] Key, byte[]? Value)> records, CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken);
        try
        {
            foreach (var (key, value) in records)
            {
                _file[Encoding.UTF8.GetString(key)] = value is null ? null : Encoding.UTF8.GetString(value);
            }

            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            var temporary = path + ".tmp";
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await JsonSerializer.SerializeAsync(stream, _file, FileJson, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            _write.Release();
        }
    }

    public override ValueTask DisposeAsync()
    {
        _write.Dispose();
        return ValueTask.CompletedTask;
    }
}
