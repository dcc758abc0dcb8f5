using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Wharf.Connectors.File;

/// <summary>
/// The source offset of a line, <c>{"position": n}</c>, as a read-only map of that one entry: every record carries
/// one, and a general dictionary (hash buckets, entry array) would cost several allocations per line. The position
/// is boxed when read, not when the line is taken: the worker reads only the last offset of each poll.
/// </summary>
internal sealed class PositionOffset(long position) : IReadOnlyDictionary<string, object?>
{
    public int Count => 1;

    public IEnumerable<string> Keys => [FileStreamSourceTask.PositionField];

    public IEnumerable<object?> Values => [position];

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => key == FileStreamSourceTask.PositionField;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        value = ContainsKey(key) ? position : null;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return new KeyValuePair<string, object?>(FileStreamSourceTask.PositionField, position);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
