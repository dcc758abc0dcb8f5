using System.Globalization;

namespace Wharf.Connect.Api.Config;

/// <summary>One key of a <see cref="ConfigDef"/>: its type, default, validator, importance and documentation.</summary>
public sealed record ConfigKey(
    string Name,
    ConfigType Type,
    bool HasDefault,
    object? DefaultValue,
    IConfigValidator? Validator,
    Importance Importance,
    string Documentation,
    string? Group = null,
    int OrderInGroup = -1,
    Width Width = Width.None,
    string? DisplayName = null)
{
    public IReadOnlyList<string> Dependents { get; init; } = [];
}

/// <summary>The outcome of validating one key: its value as given and the errors found (Kafka's ConfigValue).</summary>
public sealed class ConfigValue(string name, object? value)
{
    public string Name { get; } = name;

    public object? Value { get; set; } = value;

    public List<string> Errors { get; } = [];

    public List<object> RecommendedValues { get; } = [];

    public bool Visible { get; set; } = true;
}

/// <summary>
/// The keys a plugin accepts (Kafka's ConfigDef): <see cref="Define"/> each key, then <see cref="Parse"/> a
/// configuration (first problem thrown as a <see cref="ConfigException"/>) or <see cref="Validate"/> it (every
/// problem reported per key, as the REST validate endpoint shows them).
/// </summary>
public sealed class ConfigDef
{
    private readonly Dictionary<string, ConfigKey> _keys = new(StringComparer.Ordinal);
    private readonly List<string> _groups = [];

    public IReadOnlyDictionary<string, ConfigKey> Keys => _keys;

    /// <summary>The groups in the order their first key was defined.</summary>
    public IReadOnlyList<string> Groups => _groups;

    public ConfigDef()
    {
    }

    public ConfigDef(ConfigDef other)
    {
        foreach (var key in other._keys.Values)
        {
            Define(key);
        }
    }

    /// <summary>Defines a key with a default (null is a valid default: the key is then optional).</summary>
    public ConfigDef Define(string name, ConfigType type, object? defaultValue, IConfigValidator? validator, Importance importance, string documentation, string? group = null, int orderInGroup = -1, Width width = Width.None, string? displayName = null) =>
        Define(new ConfigKey(name, type, true, defaultValue is string text ? ParseType(name, text, type) : defaultValue, validator, importance, documentation, group, orderInGroup, width, displayName ?? name));

    public ConfigDef Define(string name, ConfigType type, object? defaultValue, Importance importance, string documentation) =>
        Define(name, type, defaultValue, null, importance, documentation);

    /// <summary>Defines a required key (no default): parsing fails when it is missing.</summary>
    public ConfigDef DefineRequired(string name, ConfigType type, IConfigValidator? validator, Importance importance, string documentation, string? group = null, int orderInGroup = -1, Width width = Width.None, string? displayName = null) =>
        Define(new ConfigKey(name, type, false, null, validator, importance, documentation, group, orderInGroup, width, displayName ?? name));

    public ConfigDef Define(ConfigKey key)
    {
        if (!_keys.TryAdd(key.Name, key))
        {
            throw new ConfigException("Configuration " + key.Name + " is defined twice.");
        }

        if (key.Group is { } group && !_groups.Contains(group))
        {
            _groups.Add(group);
        }

        return this;
    }

    /// <summary>Parses every defined key of <paramref name="props"/> to its typed value (defaults filled in).</summary>
    public IReadOnlyDictionary<string, object?> Parse(IReadOnlyDictionary<string, string> props)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in _keys.Values)
        {
            object? value;
            if (props.TryGetValue(key.Name, out var text))
            {
                value = ParseType(key.Name, text, key.Type);
            }
            else if (key.HasDefault)
            {
                value = key.DefaultValue;
            }
            else
            {
                throw new ConfigException("Missing required configuration \"" + key.Name + "\" which has no default value.");
            }

            if (key.Validator?.Check(key.Name, value) is { } reason)
            {
                throw new ConfigException(key.Name, value, reason);
            }

            values[key.Name] = value;
        }

        return values;
    }

    /// <summary>Validates every defined key; a key's value is what was given (as text) or null.</summary>
    public IReadOnlyList<ConfigValue> Validate(IReadOnlyDictionary<string, string> props)
    {
        var results = new List<ConfigValue>();
        foreach (var key in _keys.Values)
        {
            var result = new ConfigValue(key.Name, props.GetValueOrDefault(key.Name));
            results.Add(result);
            object? value;
            if (props.TryGetValue(key.Name, out var text))
            {
                try
                {
                    value = ParseType(key.Name, text, key.Type);
                }
                catch (ConfigException exception)
                {
                    result.Errors.Add(exception.Message);
                    continue;
                }
            }
            else if (key.HasDefault)
            {
                value = key.DefaultValue;
            }
            else
            {
                result.Errors.Add("Missing required configuration \"" + key.Name + "\" which has no default value.");
                continue;
            }

            if (key.Validator?.Check(key.Name, value) is { } reason)
            {
                result.Errors.Add(new ConfigException(key.Name, value, reason).Message);
            }
        }

        return results;
    }

    /// <summary>Parses one value as Kafka does (trimmed; lists split on commas).</summary>
    public static object? ParseType(string name, string? text, ConfigType type)
    {
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim();
        switch (type)
        {
            case ConfigType.Boolean:
                return trimmed.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
                    : trimmed.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
                    : throw new ConfigException(name, text, "Expected value to be either true or false");
            case ConfigType.String or ConfigType.Class:
                return trimmed;
            case ConfigType.Password:
                return text;
            case ConfigType.Int:
                return int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw NotANumber(name, text, "INT");
            case ConfigType.Short:
                return short.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : throw NotANumber(name, text, "SHORT");
            case ConfigType.Long:
                return long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : throw NotANumber(name, text, "LONG");
            case ConfigType.Double:
                return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw NotANumber(name, text, "DOUBLE");
            case ConfigType.List:
                return trimmed.Length == 0 ? new List<string>() : trimmed.Split(',').Select(x => x.Trim()).ToList();
            default:
                throw new ConfigException("Unknown type " + type);
        }
    }

    /// <summary>A typed value as text, as Kafka's ConfigDef.convertToString shows defaults (lists comma-joined).</summary>
    public static string FormatValue(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IEnumerable<string> list => string.Join(",", list),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static ConfigException NotANumber(string name, string text, string type) => new(name, text, "Not a number of type " + type);
}
