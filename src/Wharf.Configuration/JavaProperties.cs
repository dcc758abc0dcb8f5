using System.Globalization;
using System.Text;

namespace Wharf.Configuration;

/// <summary>
/// Reads the Java <c>.properties</c> format that Kafka, Confluent and Connect configuration files use
/// (java.util.Properties.load): <c>key=value</c>, <c>key: value</c> or <c>key value</c>; <c>#</c> and <c>!</c>
/// comment lines; a trailing backslash continues a line; <c>\t \n \r \f \uXXXX</c> escapes. Later keys win.
/// </summary>
public static class JavaProperties
{
    public static Dictionary<string, string> Parse(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var logical in LogicalLines(text))
        {
            var (key, value) = SplitKeyValue(logical);
            result[Unescape(key)] = Unescape(value);
        }

        return result;
    }

    public static Dictionary<string, string> Load(string path) => Parse(File.ReadAllText(path));

    private static IEnumerable<string> LogicalLines(string text)
    {
        var builder = new StringBuilder();
        var continuing = false;
        foreach (var rawLine in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = rawLine.TrimStart(' ', '\t', '\f');
            if (!continuing && (line.Length == 0 || line[0] is '#' or '!'))
            {
                continue;
            }

            // A line continues when it ends with an odd number of backslashes.
            var trailing = 0;
            for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
            {
                trailing++;
            }

            continuing = trailing % 2 == 1;
            builder.Append(continuing ? line[..^1] : line);
            if (!continuing)
            {
                yield return builder.ToString();
                builder.Clear();
            }
        }

        if (builder.Length > 0)
        {
            yield return builder.ToString();
        }
    }

    private static (string Key, string Value) SplitKeyValue(string line)
    {
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }

            if (c is '=' or ':' or ' ' or '\t' or '\f')
            {
                break;
            }

            i++;
        }

        var key = line[..Math.Min(i, line.Length)];
        var rest = i < line.Length ? line[i..] : string.Empty;
        rest = rest.TrimStart(' ', '\t', '\f');
        if (rest.Length > 0 && rest[0] is '=' or ':')
        {
            rest = rest[1..].TrimStart(' ', '\t', '\f');
        }

        return (key, rest);
    }

    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                continue;
            }

            var next = text[++i];
            switch (next)
            {
                case 't': builder.Append('\t'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 'f': builder.Append('\f'); break;
                case 'u' when i + 4 < text.Length && int.TryParse(text.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                    builder.Append((char)code);
                    i += 4;
                    break;
                default: builder.Append(next); break;
            }
        }

        return builder.ToString();
    }
}
