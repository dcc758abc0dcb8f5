using System.Globalization;

namespace Wharf.Configuration;

/// <summary>
/// A flat view of configuration keys (a properties file, overridden by command-line flags), with typed getters
/// that name the offending key when a value does not parse. Keys are the originals' keys.
/// </summary>
public sealed class Settings
{
    private readonly Dictionary<string, string> _values;

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

    public bool Contains(string key) => _values.ContainsKey(key);

    public string? GetString(string key) => _values.TryGetValue(key, out var value) ? value.Trim() : null;

    public string GetString(string key, string defaultValue) => GetString(key) ?? defaultValue;

    public int GetInt32(string key, int defaultValue) =>
        GetString(key) is { } text ? Parse(key, text, static t => int.Parse(t, NumberStyles.Integer, CultureInfo.InvariantCulture)) : defaultValue;

    public long GetInt64(string key, long defaultValue) =>
        GetString(key) is { } text ? Parse(key, text, static t => long.Parse(t, NumberStyles.Integer, CultureInfo.InvariantCulture)) : defaultValue;

    public long? GetInt64(string key) =>
        GetString(key) is { } text ? Parse(key, text, static t => long.Parse(t, NumberStyles.Integer, CultureInfo.InvariantCulture)) : null;

    public double GetDouble(string key, double defaultValue) =>
        GetString(key) is { } text ? Parse(key, text, static t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture)) : defaultValue;

    public bool GetBoolean(string key, bool defaultValue) =>
        GetString(key) is { } text ? Parse(key, text, static t => bool.Parse(t)) : defaultValue;

    /// <summary>A comma-separated list with blanks removed (Kafka's LIST type).</summary>
    public IReadOnlyList<string> GetList(string key) =>
        GetString(key) is { } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    /// <summary>Every key starting with <paramref name="prefix"/>, with the prefix removed (e.g. "producer.").</summary>
    public IReadOnlyDictionary<string, string> WithPrefix(string prefix) =>
        _values.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && kv.Key.Length > prefix.Length)
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);

    private static T Parse<T>(string key, string text, Func<string, T> parse)
    {
        try
        {
            return parse(text);
        }
        catch (FormatException)
        {
            throw new ConfigurationException(key, text);
        }
        catch (OverflowException)
        {
            throw new ConfigurationException(key, text);
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
