using System.Buffers.Binary;
using System.Text;
using Wharf.Connect.Runtime;

namespace Wharf.Connect.Cluster;

/// <summary>What a worker tells the group when it joins (Apache's ConnectProtocol v0 "WorkerState"): its REST URL and how far it read the config topic.</summary>
internal sealed record WorkerMetadata(string Url, long ConfigOffset);

/// <summary>
/// What the leader gives each worker (Apache's ConnectProtocol v0 "Assignment"): an error (0 none, 1 the leader's
/// config was behind a member's), the leader's member id and URL, the config offset the assignment was computed
/// at, and the connectors and tasks this worker runs.
/// </summary>
internal sealed record ConnectAssignment(short Error, string Leader, string LeaderUrl, long ConfigOffset, IReadOnlyList<string> Connectors, IReadOnlyList<TaskId> Tasks)
{
    public const short NoError = 0;
    public const short ConfigMismatch = 1;
}

/// <summary>
/// The byte layouts of Connect's group protocol, version 0 (protocol type <c>connect</c>, protocol name
/// <c>default</c>, eager rebalancing), as Kafka's classic protocol types encode them: big-endian, int16-length
/// strings, int32-count arrays. Metadata: int16 version, string url, int64 config offset. Assignment: int16
/// version, int16 error, string leader, string leader url, int64 config offset, then per connector its name and
/// an int32 array of task numbers where -1 stands for the connector instance itself.
/// </summary>
internal static class ConnectProtocol
{
    public const string ProtocolType = "connect";
    public const string ProtocolName = "default";
    private const short Version = 0;
    private const int ConnectorInstance = -1;

    public static byte[] WriteMetadata(WorkerMetadata metadata)
    {
        var output = new Output();
        output.Int16(Version);
        output.String(metadata.Url);
        output.Int64(metadata.ConfigOffset);
        return output.ToArray();
    }

    /// <summary>Null when the bytes are not version-0-or-later metadata (later versions start with v0's fields).</summary>
    public static WorkerMetadata? ReadMetadata(byte[] bytes)
    {
        var input = new Input(bytes);
        return input.Int16() >= Version && input.String() is { } url && input.Int64() is { } offset && !input.Failed
            ? new WorkerMetadata(url, offset)
            : null;
    }

    public static byte[] WriteAssignment(ConnectAssignment assignment)
    {
        var byConnector = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var connector in assignment.Connectors)
        {
            Entry(connector).Add(ConnectorInstance);
        }

        foreach (var task in assignment.Tasks)
        {
            Entry(task.Connector).Add(task.Task);
        }

        var output = new Output();
        output.Int16(Version);
        output.Int16(assignment.Error);
        output.String(assignment.Leader);
        output.String(assignment.LeaderUrl);
        output.Int64(assignment.ConfigOffset);
        output.Int32(byConnector.Count);
        foreach (var (connector, tasks) in byConnector)
        {
            output.String(connector);
            output.Int32(tasks.Count);
            tasks.ForEach(output.Int32);
        }

        return output.ToArray();

        List<int> Entry(string connector) => byConnector.TryGetValue(connector, out var list) ? list : byConnector[connector] = [];
    }

    public static ConnectAssignment? ReadAssignment(byte[] bytes)
    {
        var input = new Input(bytes);
        if (input.Int16() < Version)
        {
            return null;
        }

        var error = input.Int16();
        var leader = input.String();
        var leaderUrl = input.String();
        var offset = input.Int64();
        var connectors = new List<string>();
        var tasks = new List<TaskId>();
        var count = input.Int32();
        for (var i = 0; i < count && !input.Failed; i++)
        {
            var connector = input.String();
            var numbers = input.Int32();
            for (var j = 0; j < numbers && !input.Failed && connector is not null; j++)
            {
                var task = input.Int32();
                if (task == ConnectorInstance)
                {
                    connectors.Add(connector);
                }
                else
                {
                    tasks.Add(new TaskId(connector, task));
                }
            }
        }

        return input.Failed || leader is null || leaderUrl is null ? null : new ConnectAssignment(error, leader, leaderUrl, offset, connectors, tasks);
    }

    private sealed class Output
    {
        private readonly List<byte> _bytes = [];

        public void Int16(short value) => Span(2, s => BinaryPrimitives.WriteInt16BigEndian(s, value));

        public void Int32(int value) => Span(4, s => BinaryPrimitives.WriteInt32BigEndian(s, value));

        public void Int64(long value) => Span(8, s => BinaryPrimitives.WriteInt64BigEndian(s, value));

        public void String(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            Int16(checked((short)bytes.Length));
            _bytes.AddRange(bytes);
        }

        public byte[] ToArray() => [.. _bytes];

        private void Span(int size, SpanAction write)
        {
            Span<byte> buffer = stackalloc byte[8];
            write(buffer[..size]);
            foreach (var b in buffer[..size])
            {
                _bytes.Add(b);
            }
        }

        private delegate void SpanAction(Span<byte> span);
    }

    /// <summary>Reads what Output writes; a short or negative length leaves it <see cref="Failed"/> instead of throwing.</summary>
    private sealed class Input(byte[] bytes)
    {
        private int _position;

        public bool Failed { get; private set; }

        public short Int16() => Take(2) is { } s ? BinaryPrimitives.ReadInt16BigEndian(s) : (short)0;

        public int Int32() => Take(4) is { } s ? BinaryPrimitives.ReadInt32BigEndian(s) : 0;

        public long Int64() => Take(8) is { } s ? BinaryPrimitives.ReadInt64BigEndian(s) : 0;

        public string? String()
        {
            var length = Int16();
            return length >= 0 && Take(length) is { } s ? Encoding.UTF8.GetString(s) : Fail<string>();
        }

        private byte[]? Take(int count)
        {
            if (Failed || count < 0 || count > bytes.Length - _position)
            {
                return Fail<byte[]>();
            }

            _position += count;
            return bytes[(_position - count).._position];
        }

        private T? Fail<T>()
            where T : class
        {
            Failed = true;
            return null;
        }
    }
}
