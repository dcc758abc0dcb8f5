using System.Globalization;

namespace Wharf.Connect.Api.Config;

/// <summary>
/// Checks a parsed configuration value (Kafka's ConfigDef.Validator). Returns null when the value is good,
/// otherwise the reason, which the caller wraps as "Invalid value X for configuration k: reason".
/// </summary>
public interface IConfigValidator
{
    string? Check(string name, object? value);

    /// <summary>How the valid values are described in documentation ("[1,...]").</summary>
    string Describe();
}

/// <summary>The validators of Kafka's ConfigDef, with its messages.</summary>
public static class ConfigValidators
{
    public static IConfigValidator AtLeast(long min) => new Range(min, null);

    public static IConfigValidator Between(long min, long max) => new Range(min, max);

    public static IConfigValidator OneOf(params string[] values) => new ValidString(values, ignoreCase: false);

    public static IConfigValidator OneOfIgnoringCase(params string[] values) => new ValidString(values, ignoreCase: true);

    public static readonly IConfigValidator NonEmptyString = new Check(
        (_, value) => value is string s && s.Length == 0 ? "String may not be empty" : null, "non-empty string");

    public static readonly IConfigValidator NonEmptyStringWithoutControlChars = new Check(
        (_, value) => value switch
        {
            null => "String may not be null",
            string s when s.Length == 0 => "String may not be empty",
            string s when s.Any(char.IsControl) =>
                "String may not contain control sequences but had the following ASCII chars: " + string.Join(", ", s.Where(char.IsControl).Select(c => ((int)c).ToString(CultureInfo.InvariantCulture))),
            _ => null,
        },
        "non-empty string without ISO control characters");

    public static readonly IConfigValidator NonNull = new Check((_, value) => value is null ? "Value must be non-null" : null, "non-null");

    /// <summary>A validator from a function returning the reason a value is bad (or null).</summary>
    public static IConfigValidator From(Func<string, object?, string?> check, string description) => new Check(check, description);

    private sealed class Range(long min, long? max) : IConfigValidator
    {
        public string? Check(string name, object? value)
        {
            if (value is null)
            {
                return "Value must be non-null";
            }

            var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            return number < min ? "Value must be at least " + min.ToString(CultureInfo.InvariantCulture)
                : max is { } m && number > m ? "Value must be no more than " + m.ToString(CultureInfo.InvariantCulture)
                : null;
        }

        public string Describe() => max is { } m ? "[" + min.ToString(CultureInfo.InvariantCulture) + ",...," + m.ToString(CultureInfo.InvariantCulture) + "]" : "[" + min.ToString(CultureInfo.InvariantCulture) + ",...]";
    }

    private sealed class ValidString(string[] values, bool ignoreCase) : IConfigValidator
    {
        public string? Check(string name, object? value) =>
            value is string s && values.Contains(s, ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal) ? null
            : ignoreCase ? "String must be one of (case insensitive): " + string.Join(", ", values)
            : "String must be one of: " + string.Join(", ", values);

        public string Describe() => "[" + string.Join(", ", values) + "]";
    }

    private sealed class Check(Func<string, object?, string?> check, string description) : IConfigValidator
    {
        string? IConfigValidator.Check(string name, object? value) => check(name, value);

        public string Describe() => description;
    }
}
