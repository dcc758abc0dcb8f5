using System.Globalization;

namespace Wharf.Broker.Producers;

/// <summary>
/// Hands out producer ids for idempotent producers. Ids must never repeat, even across restarts, because
/// partitions remember each producer's sequence numbers; so ids are reserved in blocks, and the end of the
/// current block is written to disk (temp file + rename) before any id from it is given out.
/// </summary>
public sealed class ProducerIdAllocator
{
    public const string FileName = "producer-id-block";
    private const long BlockSize = 1000;

    private readonly string _path;
    private readonly object _gate = new();
    private long _next;
    private long _blockEnd;

    public ProducerIdAllocator(string logDirectory)
    {
        _path = Path.Combine(logDirectory, FileName);
        _next = File.Exists(_path) && long.TryParse(File.ReadAllText(_path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var reserved) ? reserved : 0;
        _blockEnd = _next;
    }

    public long Next()
    {
        lock (_gate)
        {
            if (_next >= _blockEnd)
            {
                Reserve(_next + BlockSize);
            }

            return _next++;
        }
    }

    private void Reserve(long blockEnd)
    {
        var temporary = _path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(blockEnd.ToString(CultureInfo.InvariantCulture)));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
        _blockEnd = blockEnd;
    }
}
