using System.Text;
using Microsoft.Extensions.Logging;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Records;

namespace Wharf.Connectors.File;

/// <summary>
/// The task of <see cref="FileStreamSourceConnector"/>: opens the file lazily (waiting while it does not exist),
/// skips to the stored position, and emits each complete line (ended by \n, \r or \r\n) with the byte position
/// after it as its offset. A line still being written is emitted once its terminator arrives.
/// </summary>
public sealed partial class FileStreamSourceTask : SourceTask, IDisposable
{
    public const string FilenameField = "filename";
    public const string PositionField = "position";

    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(1);

    /// <summary>Bytes read but not yet emitted are <c>_buffer[_start.._end]</c>; lines are cut from the front without moving the rest.</summary>
    private byte[] _buffer = new byte[256 * 1024];
    private int _start;
    private int _end;
    private string? _filename;
    private string _topic = string.Empty;
    private int _batchSize;
    private Stream? _stream;
    private long _position;
    private Dictionary<string, object?>? _partition;
    private bool _warnedMissing;

    public override void Start(IReadOnlyDictionary<string, string> props)
    {
        var config = new ParsedConfig(new ConfigDef()
            .Define(FileStreamSourceConnector.FileConfig, ConfigType.String, null, Importance.High, string.Empty)
            .DefineRequired(FileStreamSourceConnector.TopicConfig, ConfigType.String, null, Importance.High, string.Empty)
            .Define(FileStreamSourceConnector.BatchSizeConfig, ConfigType.Int, FileStreamSourceConnector.DefaultBatchSize, Importance.Low, string.Empty), props);
        _filename = config.GetString(FileStreamSourceConnector.FileConfig) is { Length: > 0 } file ? file : null;
        _topic = config.GetString(FileStreamSourceConnector.TopicConfig)!;
        _batchSize = config.GetInt(FileStreamSourceConnector.BatchSizeConfig);
        if (_filename is null)
        {
            _stream = Console.OpenStandardInput();
        }
        else
        {
            _partition = new Dictionary<string, object?> { [FilenameField] = _filename };
        }
    }

    public override async ValueTask<IReadOnlyList<SourceRecord>> PollAsync(CancellationToken cancellationToken)
    {
        if (_stream is null && !TryOpen())
        {
            await Task.Delay(IdleWait, cancellationToken);
            return [];
        }

        var records = new List<SourceRecord>(Math.Min(_batchSize, 4096));

        // A record's timestamp is when its bytes were read (Apache reads the clock per line; one read per buffer
        // of lines is the same moment to the millisecond, without a clock call per line).
        var readAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        while (records.Count < _batchSize)
        {
            var lineEnd = FindLine(out var terminatorLength);
            if (lineEnd >= 0)
            {
                records.Add(TakeLine(lineEnd, terminatorLength, readAt));
                continue;
            }

            // No whole line left: move the partial one to the front (once per buffer, not per line), grow for a long line.
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await ReadAsync(cancellationToken);
            if (read == 0)
            {
                break;
            }

            _end += read;
            readAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        }

        if (records.Count == 0)
        {
            await Task.Delay(IdleWait, cancellationToken);
        }

        return records;
    }

    public override void Stop()
    {
        if (_filename is not null)
        {
            _stream?.Dispose();
        }

        _start = 0;
        _end = 0;
    }

    public void Dispose()
    {
        if (_filename is not null)
        {
            _stream?.Dispose();
        }
    }

    /// <summary>
    /// A file is read synchronously: its bytes come from the page cache in microseconds, while an asynchronous file
    /// read is a hop through the thread pool and back for every buffer. Standard input may block, so it is awaited.
    /// </summary>
    private ValueTask<int> ReadAsync(CancellationToken cancellationToken) =>
        _filename is null
            ? _stream!.ReadAsync(_buffer.AsMemory(_end), cancellationToken)
            : ValueTask.FromResult(_stream!.Read(_buffer, _end, _buffer.Length - _end));

    private bool TryOpen()
    {
        try
        {
            var stream = new FileStream(_filename!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            var stored = Context.OffsetStorageReader.Offset(_partition!);
            if (stored is not null && stored.TryGetValue(PositionField, out var position))
            {
                _position = position is long p ? p : throw new Connect.Api.ConnectException("Offset position is the incorrect type");
                stream.Seek(Math.Min(_position, stream.Length), SeekOrigin.Begin);
                Resuming(Context.Logger, _filename!, _position);
            }

            _stream = stream;
            return true;
        }
        catch (FileNotFoundException)
        {
            WarnMissing();
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            WarnMissing();
            return false;
        }
    }

    private void WarnMissing()
    {
        if (!_warnedMissing)
        {
            _warnedMissing = true;
            FileMissing(Context.Logger, _filename!);
        }
    }

    /// <summary>The length of the first line in the pending bytes, or -1 when none ends there (a trailing \r waits for a possible \n).</summary>
    private int FindLine(out int terminatorLength)
    {
        var bytes = _buffer.AsSpan(_start, _end - _start);
        var index = bytes.IndexOfAny((byte)'\n', (byte)'\r');
        terminatorLength = 1;
        if (index < 0)
        {
            return -1;
        }

        if (bytes[index] == '\r')
        {
            if (index + 1 >= bytes.Length)
            {
                return -1;
            }

            terminatorLength = bytes[index + 1] == '\n' ? 2 : 1;
        }

        return index;
    }

    private SourceRecord TakeLine(int lineEnd, int terminatorLength, long timestamp)
    {
        var line = Encoding.UTF8.GetString(_buffer, _start, lineEnd);
        var consumed = lineEnd + terminatorLength;
        _start += consumed;
        _position += consumed;
        var offset = _partition is null ? null : new PositionOffset(_position);
        return new SourceRecord(_partition, offset, _topic, null, null, null, Schema.String, line, timestamp);
    }

    [LoggerMessage(1, LogLevel.Warning, "File {File} does not exist (yet); the task waits for it and checks again every second")]
    private static partial void FileMissing(ILogger logger, string file);

    [LoggerMessage(2, LogLevel.Information, "Resuming {File} at byte {Position}, after the last line stored")]
    private static partial void Resuming(ILogger logger, string file, long position);
}
