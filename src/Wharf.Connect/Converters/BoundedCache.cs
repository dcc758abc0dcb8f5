using System.Collections.Concurrent;

namespace Wharf.Connect.Converters;

/// <summary>
/// A thread-safe cache of at most <c>capacity</c> entries (Confluent's schemas.cache.config). Schemas repeat, so the
/// cache rarely fills; when it does it starts again empty rather than tracking recency on every hit.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new(comparer);

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        if (_entries.TryGetValue(key, out var value))
        {
            return value;
        }

        value = create(key);
        if (_entries.Count >= Math.Max(1, capacity))
        {
            _entries.Clear();
        }

        _entries.TryAdd(key, value);
        return value;
    }

    public bool TryGetValue(TKey key, out TValue value) => _entries.TryGetValue(key, out value!);
}
