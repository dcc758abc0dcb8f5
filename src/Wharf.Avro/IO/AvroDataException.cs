using System.Text;

namespace Wharf.Avro;

/// <summary>Where in a datum a value did not fit its schema, and why.</summary>
/// <param name="Path">
/// A JSONPath-like location in the datum: <c>$</c> is the root, <c>.name</c> a record field, <c>[3]</c> an array
/// item, <c>["key"]</c> a map value.
/// </param>
/// <param name="Reason">What was wrong ("expected int, found string", "truncated data").</param>
public sealed record AvroDataError(string Path, string Reason)
{
    public override string ToString() => $"{Path}: {Reason}";
}

/// <summary>
/// A datum does not fit its schema: JSON or binary input that is malformed, truncated, of the wrong type, too deep or
/// too large, or a generic value of the wrong shape. It is the only exception the encoding APIs throw for bad input;
/// the REST Proxy and Connect map it to a 400-class answer. Every throwing method has a <c>Try</c> twin.
/// </summary>
public sealed class AvroDataException : Exception
{
    private readonly List<string> _reversedPath = [];
    private readonly string _reason = "";

    public AvroDataException()
    {
    }

    public AvroDataException(string reason)
        : base(reason) => _reason = reason;

    public AvroDataException(string reason, Exception innerException)
        : base(reason, innerException) => _reason = reason;

    /// <summary>The location and the reason.</summary>
    public AvroDataError Error => new(Path, _reason);

    public string Path
    {
        get
        {
            var path = new StringBuilder("$");
            for (var i = _reversedPath.Count - 1; i >= 0; i--)
            {
                path.Append(_reversedPath[i]);
            }
            return path.ToString();
        }
    }

    public string Reason => _reason;

    public override string Message => $"{Path}: {_reason}";

    internal AvroDataException AtField(string name)
    {
        _reversedPath.Add(IsPlainName(name) ? "." + name : "[" + Quote(name) + "]");
        return this;
    }

    internal AvroDataException AtIndex(long index)
    {
        _reversedPath.Add("[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");
        return this;
    }

    internal AvroDataException AtKey(string key)
    {
        _reversedPath.Add("[" + Quote(key) + "]");
        return this;
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string Quote(string text)
    {
        var builder = new StringBuilder();
        Json.JavaText.AppendQuoted(builder, text.Length <= 64 ? text : text[..64] + "...");
        return builder.ToString();
    }
}

/// <summary>Bounds that keep hostile input from exhausting the stack, the CPU or memory.</summary>
public sealed record AvroLimits
{
    public static readonly AvroLimits Default = new();

    /// <summary>Nesting of records, arrays, maps and unions in one datum (recursive schemas can nest without end).</summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>
    /// Items of one array or map. A block count above the bytes left is refused anyway when items take at least one
    /// byte; this bounds the items that take none (nulls, empty records).
    /// </summary>
    public long MaxCollectionItems { get; init; } = 10_000_000;
}
