using System.Collections.Concurrent;
using System.Globalization;

namespace Wharf.Configuration;

/// <summary>
/// A flat view of configuration keys (a properties file, overridden by command-line flags), with typed getters
/// that name the offending key when a value does not parse. Keys are the originals' keys. The settings remember
/// which keys (and prefixes) their readers asked for, so that a caller can tell which given keys nobody reads.
/// </summary>
public sealed class Settings
{
    private readonly Dictionary<string, string> _values;
    private readonly ConcurrentDictionary<string, bool> _consulted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _consultedPrefixes = new(StringComparer.Ordinal);

    public Settings(IReadOnlyDictionary<string, string>? values = null)
    {
        _values = values is null ? new(StringComparer.Ordinal) : new(values, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, string> Values => _values;

    public static Settings FromFile(string path) => new(JavaProperties.Load(path));

    /// <summary>A copy with <paramref name="overrides"/> applied on top.</summary>
    public Settings With(IEnumerable<KeyValuePair<string, string>> overrides)
    {
        var copy = new Settings(_values);
        foreach (var (key, value) in overrides)
        {
            copy._values[key] = value;
        }

        return copy;
    }

    public bool Contains(string key)
    {
        _consulted.TryAdd(key, true);
        return _values.ContainsKey(key);
    }

    public string? GetString(string key)
    {
        _consulted.TryAdd(key, true);
        return _values.TryGetValue(key, out var value) ? value.Trim() : null;
    }

    /// <summary>Whether a reader has asked for <paramref name="key"/> (whether or not it is set), or for a prefix of it.</summary>
    public bool WasConsulted(string key) =>
        _consulted.ContainsKey(key) || _consultedPrefixes.Keys.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Every key a reader has asked for so far.</summary>
    public IReadOnlyCollection<string> ConsultedKeys => [.. _consulted.Keys];

    public string GetString(string key, string defaultValue) => GetString(key) ?? defaultValue;

    public int GetInt32(string key, int defaultValue) =>
        GetString(key) is { } text ? Parse(key, text, "Not a number of type INT", static t => int.Parse(t, NumberStyles.Integer, CultureInfo.InvariantCulture)) : defaultValue;

    public long GetInt64(string key, long defaultValue) => GetInt64(key) ?? defaultValue;

    public long? GetInt64(string key) =>
        GetString(key) is { } text ? Parse(key, text, "Not a number of type LONG", static t => long.Parse(t, NumberStyles.Integer, CultureInfo.InvariantCulture)) : null;

    public double GetDouble(string key, double defaultValue) =>
        GetString(key) is { } text ? Parse(key, text, "Not a number of type DOUBLE", static t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture)) : defaultValue;

    public bool GetBoolean(string key, bool defaultValue) =>
        GetString(key) is { } text ? Parse(key, text, "Expected value to be either true or false", static t => bool.Parse(t)) : defaultValue;

    /// <summary>A comma-separated list with blanks removed (Kafka's LIST type).</summary>
    public IReadOnlyList<string> GetList(string key) =>
        GetString(key) is { } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    /// <summary>Every key starting with <paramref name="prefix"/>, with the prefix removed (e.g. "producer.").</summary>
    public IReadOnlyDictionary<string, string> WithPrefix(string prefix)
    {
        _consultedPrefixes.TryAdd(prefix, true);
        return _values.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && kv.Key.Length > prefix.Length)
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
    }

    /// <summary>Parses a value; one that does not parse is reported with Kafka's reason for its type.</summary>
    private static T Parse<T>(string key, string text, string reason, Func<string, T> parse)
    {
        try
        {
            return parse(text);
        }
        catch (FormatException)
        {
            throw new ConfigurationException(key, text, reason);
        }
        catch (OverflowException)
        {
            throw new ConfigurationException(key, text, reason);
        }
    }
}

/// <summary>A configuration value that cannot be used; the message names the key and the value, as Kafka's ConfigException does.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string key, string value, string? reason = null)
        : base("Invalid value " + value + " for configuration " + key + (reason is null ? string.Empty : ": " + reason))
    {
        Key = key;
    }

    public ConfigurationException()
    {
        Key = string.Empty;
    }

    public ConfigurationException(string message)
        : base(message)
    {
        Key = string.Empty;
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = string.Empty;
    }

    public string Key { get; }
}
