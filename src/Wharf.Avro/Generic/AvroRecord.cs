namespace Wharf.Avro.Generic;

/// <summary>
/// A record value of the generic datum model. The model, used by <see cref="AvroBinary"/> and
/// <see cref="AvroResolvingDecoder"/>: null → <c>null</c>; boolean → <see cref="bool"/>; int → <see cref="int"/>;
/// long → <see cref="long"/>; float → <see cref="float"/>; double → <see cref="double"/>; bytes → <c>byte[]</c>;
/// string → <see cref="string"/>; record → <see cref="AvroRecord"/>; enum → <see cref="AvroEnumSymbol"/>;
/// fixed → <see cref="AvroFixed"/>; array → <c>List&lt;object?&gt;</c>; map → <c>Dictionary&lt;string, object?&gt;</c>;
/// a union → the value of its branch (the branch is found again from the value when encoding). Logical types keep
/// their underlying representation (days, micros, two's-complement bytes).
/// </summary>
public sealed class AvroRecord : IEquatable<AvroRecord>
{
    private readonly object?[] _values;

    public AvroRecord(AvroRecordSchema schema)
    {
        Schema = schema;
        _values = new object?[schema.FieldArray.Length];
    }

    public AvroRecordSchema Schema { get; }

    public object? this[int position]
    {
        get => _values[position];
        set => _values[position] = value;
    }

    public object? this[string fieldName]
    {
        get => _values[PositionOf(fieldName)];
        set => _values[PositionOf(fieldName)] = value;
    }

    public bool TryGetValue(string fieldName, out object? value)
    {
        var field = Schema.GetField(fieldName);
        value = field is null ? null : _values[field.Position];
        return field is not null;
    }

    public bool Equals(AvroRecord? other) => other is not null && Schema.FullName == other.Schema.FullName
        && _values.Length == other._values.Length && _values.Zip(other._values).All(p => AvroDatum.DeepEquals(p.First, p.Second));

    public override bool Equals(object? obj) => Equals(obj as AvroRecord);

    public override int GetHashCode() => HashCode.Combine(Schema.FullName, _values.Length);

    public override string ToString() => $"{Schema.FullName}{{{string.Join(", ", Schema.Fields.Select(f => $"{f.Name}={AvroDatum.Describe(_values[f.Position])}"))}}}";

    private int PositionOf(string fieldName) =>
        Schema.GetField(fieldName)?.Position ?? throw new KeyNotFoundException($"Record {Schema.FullName} has no field {fieldName}.");
}

/// <summary>An enum value of the generic datum model.</summary>
public sealed class AvroEnumSymbol : IEquatable<AvroEnumSymbol>
{
    public AvroEnumSymbol(AvroEnumSchema schema, string symbol)
    {
        Schema = schema;
        Index = schema.IndexOf(symbol);
        if (Index < 0)
        {
            throw new ArgumentException($"{symbol} is not a symbol of enum {schema.FullName}.", nameof(symbol));
        }
        Symbol = symbol;
    }

    internal AvroEnumSymbol(AvroEnumSchema schema, int index)
    {
        Schema = schema;
        Index = index;
        Symbol = schema.Symbols[index];
    }

    public AvroEnumSchema Schema { get; }

    public string Symbol { get; }

    public int Index { get; }

    public bool Equals(AvroEnumSymbol? other) => other is not null && other.Symbol == Symbol && other.Schema.FullName == Schema.FullName;

    public override bool Equals(object? obj) => Equals(obj as AvroEnumSymbol);

    public override int GetHashCode() => HashCode.Combine(Schema.FullName, Symbol);

    public override string ToString() => Symbol;
}

/// <summary>A fixed value of the generic datum model.</summary>
public sealed class AvroFixed : IEquatable<AvroFixed>
{
    public AvroFixed(AvroFixedSchema schema, byte[] value)
    {
        if (value.Length != schema.Size)
        {
            throw new ArgumentException($"Fixed {schema.FullName} has {schema.Size} bytes, not {value.Length}.", nameof(value));
        }
        Schema = schema;
        Value = value;
    }

    public AvroFixedSchema Schema { get; }

    public byte[] Value { get; }

    public bool Equals(AvroFixed? other) => other is not null && other.Schema.FullName == Schema.FullName && other.Value.AsSpan().SequenceEqual(Value);

    public override bool Equals(object? obj) => Equals(obj as AvroFixed);

    public override int GetHashCode() => HashCode.Combine(Schema.FullName, Value.Length);

    public override string ToString() => Convert.ToHexString(Value);
}

/// <summary>Helpers over generic datums.</summary>
public static class AvroDatum
{
    /// <summary>Structural equality of two datums (bytes by content, lists by items, maps by keys and values).</summary>
    public static bool DeepEquals(object? a, object? b)
    {
        switch (a)
        {
            case null:
                return b is null;
            case byte[] bytes:
                return b is byte[] other && bytes.AsSpan().SequenceEqual(other);
            case float f:
                return b is float g && f.Equals(g);
            case double d:
                return b is double e && d.Equals(e);
            case IReadOnlyDictionary<string, object?> map:
                return b is IReadOnlyDictionary<string, object?> otherMap && map.Count == otherMap.Count
                    && map.All(p => otherMap.TryGetValue(p.Key, out var v) && DeepEquals(p.Value, v));
            case List<object?> list:
                return b is List<object?> otherList && list.Count == otherList.Count && list.Zip(otherList).All(p => DeepEquals(p.First, p.Second));
            default:
                return a.Equals(b);
        }
    }

    internal static string Describe(object? value) => value switch
    {
        null => "null",
        byte[] bytes => Convert.ToHexString(bytes),
        string s => "\"" + s + "\"",
        List<object?> list => "[" + string.Join(", ", list.Select(Describe)) + "]",
        Dictionary<string, object?> map => "{" + string.Join(", ", map.Select(p => p.Key + "=" + Describe(p.Value))) + "}",
        _ => value.ToString() ?? "",
    };
}
