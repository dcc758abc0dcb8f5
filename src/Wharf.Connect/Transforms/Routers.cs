using System.Globalization;
using System.Text.RegularExpressions;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Transforms;

/// <summary>
/// RegexRouter: when the whole topic matches <c>regex</c>, the topic becomes <c>replacement</c> applied to it
/// (<c>$1</c> group references, as Java's replaceFirst). .NET regular expressions accept the common Java syntax.
/// </summary>
[PluginName("org.apache.kafka.connect.transforms.RegexRouter")]
public sealed class RegexRouter : ITransformation
{
    private Regex? _regex;
    private string _replacement = string.Empty;

    public ConfigDef Config { get; } = new ConfigDef()
        .DefineRequired("regex", ConfigType.String, ConfigValidators.From((_, v) => v is string s && IsValid(s) ? null : "Invalid regex", "valid regex"), Importance.High, "Regular expression to use for matching.")
        .DefineRequired("replacement", ConfigType.String, null, Importance.High, "Replacement string.");

    public void Configure(IReadOnlyDictionary<string, string> configs)
    {
        var config = new ParsedConfig(Config, configs);
        _regex = new Regex("^(?:" + config.GetString("regex") + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        _replacement = config.GetString("replacement")!;
    }

    public ConnectRecord? Apply(ConnectRecord record) =>
        _regex!.IsMatch(record.Topic)
            ? record.NewRecord(_regex.Replace(record.Topic, _replacement, 1), record.KafkaPartition, record.KeySchema, record.Key, record.ValueSchema, record.Value, record.Timestamp)
            : record;

    private static bool IsValid(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>
/// TimestampRouter: the topic becomes <c>topic.format</c> with <c>${topic}</c> and <c>${timestamp}</c> (the
/// record timestamp in UTC, formatted with <c>timestamp.format</c>, a SimpleDateFormat pattern such as yyyyMMdd).
/// </summary>
[PluginName("org.apache.kafka.connect.transforms.TimestampRouter")]
public sealed class TimestampRouter : ITransformation
{
    private string _topicFormat = "${topic}-${timestamp}";
    private string _timestampFormat = "yyyyMMdd";

    public ConfigDef Config { get; } = new ConfigDef()
        .Define("topic.format", ConfigType.String, "${topic}-${timestamp}", ConfigValidators.NonEmptyString, Importance.High, "Format string which can contain <code>${topic}</code> and <code>${timestamp}</code> as placeholders for the topic and timestamp, respectively.")
        .Define("timestamp.format", ConfigType.String, "yyyyMMdd", ConfigValidators.NonEmptyString, Importance.High, "Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.");

    public void Configure(IReadOnlyDictionary<string, string> configs)
    {
        var config = new ParsedConfig(Config, configs);
        _topicFormat = config.GetString("topic.format")!;
        _timestampFormat = JavaDateFormat.ToDotNet(config.GetString("timestamp.format")!);
    }

    public ConnectRecord? Apply(ConnectRecord record)
    {
        var timestamp = record.Timestamp ?? throw new DataException("Timestamp missing on record: " + record);
        var formatted = DateTime.UnixEpoch.AddMilliseconds(timestamp).ToString(_timestampFormat, CultureInfo.InvariantCulture);
        var topic = _topicFormat.Replace("${topic}", record.Topic, StringComparison.Ordinal).Replace("${timestamp}", formatted, StringComparison.Ordinal);
        return record.NewRecord(topic, record.KafkaPartition, record.KeySchema, record.Key, record.ValueSchema, record.Value, record.Timestamp);
    }
}

/// <summary>The common SimpleDateFormat letters as .NET custom format letters (y, M, d, H, m, s, S → f, literals in quotes).</summary>
internal static class JavaDateFormat
{
    /// <summary>SimpleDateFormat's pattern letters; any other unquoted ASCII letter makes it refuse the pattern.</summary>
    private const string PatternLetters = "GyYMLwWDdFEuaHkKhmsSzZX";

    public static bool IsValid(string pattern)
    {
        var quoted = false;
        foreach (var c in pattern)
        {
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && char.IsAsciiLetter(c) && !PatternLetters.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return !quoted;
    }

    public static string ToDotNet(string pattern)
    {
        var result = new System.Text.StringBuilder();
        foreach (var c in pattern)
        {
            result.Append(c switch
            {
                'S' => "f",
                'a' => "tt",
                'Z' => "zzz",
                'X' => "K",
                _ => c.ToString(),
            });
        }

        return result.ToString();
    }
}
