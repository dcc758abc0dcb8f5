using System.Globalization;
using System.Numerics;
using System.Text;

namespace Wharf.Avro.Json;

/// <summary>The kinds of JSON value a schema can carry (defaults and custom properties).</summary>
public enum AvroJsonKind
{
    Null,
    Boolean,
    /// <summary>A number written without fraction or exponent (Jackson's IntNode, LongNode or BigIntegerNode).</summary>
    Integer,
    /// <summary>A number written with a fraction or exponent (Jackson's DoubleNode).</summary>
    Double,
    String,
    Array,
    Object,
}

/// <summary>
/// An immutable JSON value as Avro-Java holds it after parsing a schema with Jackson: integers keep their exact
/// value, other numbers become doubles, objects keep their keys in document order and a repeated key keeps its first
/// position with its last value. <see cref="ToString"/> writes it back the way Jackson does, which is what
/// Avro-Java's <c>Schema.toString()</c> (and so Confluent's stored schema text) contains.
/// </summary>
public sealed class AvroJsonValue : IEquatable<AvroJsonValue>
{
    public static readonly AvroJsonValue Null = new(AvroJsonKind.Null);
    public static readonly AvroJsonValue True = new(AvroJsonKind.Boolean) { _boolean = true };
    public static readonly AvroJsonValue False = new(AvroJsonKind.Boolean);

    private static readonly KeyValuePair<string, AvroJsonValue>[] NoProperties = [];
    private static readonly AvroJsonValue[] NoItems = [];

    private bool _boolean;
    private BigInteger _integer;
    private double _double;
    private string? _string;
    private AvroJsonValue[] _items = NoItems;
    private KeyValuePair<string, AvroJsonValue>[] _properties = NoProperties;

    private AvroJsonValue(AvroJsonKind kind) => Kind = kind;

    public AvroJsonKind Kind { get; }

    public bool IsNull => Kind == AvroJsonKind.Null;

    public bool IsString => Kind == AvroJsonKind.String;

    /// <summary>True for both integer and double numbers (Jackson's <c>isNumber</c>).</summary>
    public bool IsNumber => Kind is AvroJsonKind.Integer or AvroJsonKind.Double;

    /// <summary>An integer within the 32-bit range (Jackson's <c>IntNode</c>).</summary>
    public bool IsInt32 => Kind == AvroJsonKind.Integer && _integer >= int.MinValue && _integer <= int.MaxValue;

    /// <summary>An integer within the 64-bit range (Jackson's <c>canConvertToLong</c> on an integral node).</summary>
    public bool IsInt64 => Kind == AvroJsonKind.Integer && _integer >= long.MinValue && _integer <= long.MaxValue;

    public bool BooleanValue => Kind == AvroJsonKind.Boolean ? _boolean : throw WrongKind(AvroJsonKind.Boolean);

    public BigInteger IntegerValue => Kind == AvroJsonKind.Integer ? _integer : throw WrongKind(AvroJsonKind.Integer);

    /// <summary>The number as a double, for integer and double values alike.</summary>
    public double NumberValue => Kind switch
    {
        AvroJsonKind.Double => _double,
        AvroJsonKind.Integer => (double)_integer,
        _ => throw WrongKind(AvroJsonKind.Double),
    };

    public string StringValue => Kind == AvroJsonKind.String ? _string! : throw WrongKind(AvroJsonKind.String);

    /// <summary>The text of a string value, or null for any other kind (Jackson's <c>textValue()</c>).</summary>
    public string? TextOrNull => _string;

    public IReadOnlyList<AvroJsonValue> Items => Kind == AvroJsonKind.Array ? _items : throw WrongKind(AvroJsonKind.Array);

    public IReadOnlyList<KeyValuePair<string, AvroJsonValue>> Properties =>
        Kind == AvroJsonKind.Object ? _properties : throw WrongKind(AvroJsonKind.Object);

    public static AvroJsonValue FromBoolean(bool value) => value ? True : False;

    public static AvroJsonValue FromString(string value) => new(AvroJsonKind.String) { _string = value };

    public static AvroJsonValue FromInteger(BigInteger value) => new(AvroJsonKind.Integer) { _integer = value };

    public static AvroJsonValue FromDouble(double value) => new(AvroJsonKind.Double) { _double = value };

    public static AvroJsonValue FromArray(IEnumerable<AvroJsonValue> items) => new(AvroJsonKind.Array) { _items = [.. items] };

    /// <summary>Builds an object; a repeated key keeps its first position and its last value, as Jackson does.</summary>
    public static AvroJsonValue FromObject(IEnumerable<KeyValuePair<string, AvroJsonValue>> properties)
    {
        var list = new List<KeyValuePair<string, AvroJsonValue>>();
        foreach (var property in properties)
        {
            var index = list.FindIndex(p => p.Key == property.Key);
            if (index >= 0)
            {
                list[index] = property;
            }
            else
            {
                list.Add(property);
            }
        }
        return new AvroJsonValue(AvroJsonKind.Object) { _properties = [.. list] };
    }

    /// <summary>Parses JSON text; throws <see cref="FormatException"/> for text that is not one JSON value.</summary>
    public static AvroJsonValue Parse(string json, int maxDepth = JsonTreeReader.DefaultMaxDepth) =>
        JsonTreeReader.Parse(Encoding.UTF8.GetBytes(json), maxDepth);

    /// <summary>The value of a key of an object, or null when absent or when this is not an object.</summary>
    public AvroJsonValue? Get(string key)
    {
        foreach (var property in _properties)
        {
            if (property.Key == key)
            {
                return property.Value;
            }
        }
        return null;
    }

    public bool Has(string key) => Get(key) is not null;

    /// <summary>Compact JSON, formatted as Jackson writes a tree (numbers as Java prints them).</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        WriteTo(builder);
        return builder.ToString();
    }

    public void WriteTo(StringBuilder builder)
    {
        switch (Kind)
        {
            case AvroJsonKind.Null:
                builder.Append("null");
                break;
            case AvroJsonKind.Boolean:
                builder.Append(_boolean ? "true" : "false");
                break;
            case AvroJsonKind.Integer:
                builder.Append(_integer.ToString(CultureInfo.InvariantCulture));
                break;
            case AvroJsonKind.Double:
                JavaText.AppendDouble(builder, _double);
                break;
            case AvroJsonKind.String:
                JavaText.AppendQuoted(builder, _string!);
                break;
            case AvroJsonKind.Array:
                builder.Append('[');
                for (var i = 0; i < _items.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }
                    _items[i].WriteTo(builder);
                }
                builder.Append(']');
                break;
            case AvroJsonKind.Object:
                builder.Append('{');
                for (var i = 0; i < _properties.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }
                    JavaText.AppendQuoted(builder, _properties[i].Key);
                    builder.Append(':');
                    _properties[i].Value.WriteTo(builder);
                }
                builder.Append('}');
                break;
        }
    }

    /// <summary>Structural equality as Jackson's JsonNode.equals: kinds, values, items and keys in order.</summary>
    public bool Equals(AvroJsonValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (other is null || other.Kind != Kind)
        {
            return false;
        }
        switch (Kind)
        {
            case AvroJsonKind.Null:
                return true;
            case AvroJsonKind.Boolean:
                return _boolean == other._boolean;
            case AvroJsonKind.Integer:
                return _integer == other._integer;
            case AvroJsonKind.Double:
                return _double.Equals(other._double);
            case AvroJsonKind.String:
                return _string == other._string;
            case AvroJsonKind.Array:
                if (_items.Length != other._items.Length)
                {
                    return false;
                }
                for (var i = 0; i < _items.Length; i++)
                {
                    if (!_items[i].Equals(other._items[i]))
                    {
                        return false;
                    }
                }
                return true;
            default:
                if (_properties.Length != other._properties.Length)
                {
                    return false;
                }
                foreach (var property in _properties)
                {
                    var value = other.Get(property.Key);
                    if (value is null || !property.Value.Equals(value))
                    {
                        return false;
                    }
                }
                return true;
        }
    }

    public override bool Equals(object? obj) => Equals(obj as AvroJsonValue);

    public override int GetHashCode() => Kind switch
    {
        AvroJsonKind.Boolean => _boolean.GetHashCode(),
        AvroJsonKind.Integer => _integer.GetHashCode(),
        AvroJsonKind.Double => _double.GetHashCode(),
        AvroJsonKind.String => StringComparer.Ordinal.GetHashCode(_string!),
        AvroJsonKind.Array => HashCode.Combine(Kind, _items.Length),
        AvroJsonKind.Object => HashCode.Combine(Kind, _properties.Length),
        _ => 0,
    };

    private InvalidOperationException WrongKind(AvroJsonKind expected) =>
        new($"The JSON value is {Kind}, not {expected}.");
}
