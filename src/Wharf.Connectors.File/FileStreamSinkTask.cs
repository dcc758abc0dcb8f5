using System.Text;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Records;

namespace Wharf.Connectors.File;

/// <summary>
/// The task of <see cref="FileStreamSinkConnector"/>: appends each value's text and a newline (UTF-8). The lines of
/// a batch are buffered and written together at the end of <see cref="Put"/>, so that what was put is in the file,
/// as with Apache's (which writes line by line), at one write per batch instead of one per line.
/// </summary>
public sealed class FileStreamSinkTask : SinkTask, IDisposable
{
    private const int BufferSize = 256 * 1024;

    private TextWriter? _writer;
    private bool _ownsWriter;

    public override void Start(IReadOnlyDictionary<string, string> props)
    {
        if (props.TryGetValue(FileStreamSinkConnector.FileConfig, out var file) && !string.IsNullOrWhiteSpace(file))
        {
            _writer = new StreamWriter(new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, BufferSize), new UTF8Encoding(false), BufferSize);
            _ownsWriter = true;
        }
        else
        {
            _writer = Console.Out;
        }
    }

    public override void Put(IReadOnlyCollection<SinkRecord> records)
    {
        foreach (var record in records)
        {
            // Values are strings with StringConverter: no type tests for them.
            _writer!.Write(record.Value as string ?? ValueEquality.Format(record.Value));
            _writer.Write('\n');
        }

        _writer!.Flush();
    }

    public override void Flush(IReadOnlyDictionary<TopicPartition, long> currentOffsets) => _writer?.Flush();

    public override void Stop()
    {
        _writer?.Flush();
        if (_ownsWriter)
        {
            _writer?.Dispose();
            _ownsWriter = false;
        }
    }

    public void Dispose()
    {
        if (_ownsWriter)
        {
            _writer?.Dispose();
        }
    }
}
