namespace Wharf.Connect.Api.Config;

/// <summary>
/// A configuration parsed against a <see cref="ConfigDef"/> (Kafka's AbstractConfig): typed getters over the
/// defined keys, and the original strings for everything (including keys the definition does not know).
/// </summary>
public sealed class ParsedConfig
{
    private readonly IReadOnlyDictionary<string, object?> _values;

    /// <summary>Parses <paramref name="originals"/>; throws a <see cref="ConfigException"/> on the first bad value.</summary>
    public ParsedConfig(ConfigDef definition, IReadOnlyDictionary<string, string> originals)
    {
        Originals = originals;
        _values = definition.Parse(originals);
    }

    public IReadOnlyDictionary<string, string> Originals { get; }

    public object? Get(string key) =>
        _values.TryGetValue(key, out var value) ? value : throw new ConfigException("Unknown configuration '" + key + "'");

    public string? GetString(string key) => (string?)Get(key);

    public int GetInt(string key) => (int)Get(key)!;

    public long GetLong(string key) => (long)Get(key)!;

    public double GetDouble(string key) => (double)Get(key)!;

    public bool GetBoolean(string key) => (bool)Get(key)!;

    public IReadOnlyList<string> GetList(string key) => (IReadOnlyList<string>?)Get(key) ?? [];

    /// <summary>Every original key starting with <paramref name="prefix"/>, with the prefix removed.</summary>
    public IReadOnlyDictionary<string, string> OriginalsWithPrefix(string prefix) =>
        Originals.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
}
