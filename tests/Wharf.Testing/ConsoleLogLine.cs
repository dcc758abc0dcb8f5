using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Wharf.Testing;

/// <summary>
/// Reads back one line that `wharf` wrote to its console: the simple single-line format
/// (<c>2026-01-01 12:00:00.000 info: Category[7] message</c>) or, with --json-logs, one JSON object per line
/// (Microsoft.Extensions.Logging's JSON console formatter). Anything else (such as the one-line startup errors on
/// standard error) is not a log entry.
/// </summary>
public static partial class ConsoleLogLine
{
    public static bool TryParse(string line, out CapturedLogs.LogEntry entry)
    {
        entry = null!;
        if (line.StartsWith('{'))
        {
            return TryParseJson(line, ref entry);
        }

        var match = SimpleLine().Match(line);
        if (!match.Success)
        {
            return false;
        }

        LogLevel? level = match.Groups["level"].Value switch
        {
            "trce" => LogLevel.Trace,
            "dbug" => LogLevel.Debug,
            "info" => LogLevel.Information,
            "warn" => LogLevel.Warning,
            "fail" => LogLevel.Error,
            "crit" => LogLevel.Critical,
            _ => null,
        };
        if (level is null)
        {
            return false;
        }

        var eventId = int.Parse(match.Groups["id"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        entry = new CapturedLogs.LogEntry(level.Value, match.Groups["category"].Value, new EventId(eventId), match.Groups["message"].Value, Exception: null);
        return true;
    }

    private static bool TryParseJson(string line, ref CapturedLogs.LogEntry entry)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("LogLevel", out var levelText)
                || !Enum.TryParse<LogLevel>(levelText.GetString(), out var level))
            {
                return false;
            }

            var category = root.TryGetProperty("Category", out var c) ? c.GetString() ?? string.Empty : string.Empty;
            var eventId = root.TryGetProperty("EventId", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : 0;
            var message = root.TryGetProperty("Message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
            if (root.TryGetProperty("Exception", out var exception) && exception.ValueKind == JsonValueKind.String)
            {
                message += " " + exception.GetString();
            }

            entry = new CapturedLogs.LogEntry(level, category, new EventId(eventId), message, Exception: null);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ (?<level>[a-z]{4}): (?<category>[^\[\s]+)\[(?<id>-?\d+)\] ?(?<message>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleLine();
}
