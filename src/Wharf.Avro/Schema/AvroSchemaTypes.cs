using System.Collections.Frozen;
using Wharf.Avro.Json;

namespace Wharf.Avro;

/// <summary>null, boolean, int, long, float, double, bytes or string.</summary>
public sealed class AvroPrimitiveSchema : AvroSchema
{
    internal AvroPrimitiveSchema(AvroType type)
        : base(type)
    {
    }
}

/// <summary>A record, enum or fixed: a schema with a name, a namespace, a doc and aliases (spec, "Names").</summary>
public abstract class AvroNamedSchema : AvroSchema
{
    private readonly AvroName _name;

    private protected AvroNamedSchema(AvroType type, AvroName name, string? doc)
        : base(type)
    {
        _name = name;
        Doc = doc;
    }

    /// <summary>The simple name (the part after the last dot).</summary>
    public override string Name => _name.Simple;

    /// <summary>The namespace, or null for the null namespace.</summary>
    public string? Namespace => _name.Space;

    public override string FullName => _name.Full;

    public string? Doc { get; }

    /// <summary>The aliases, as full names (an alias without a dot is in this type's namespace).</summary>
    public IReadOnlyList<string> Aliases => [.. AliasNames.Select(a => a.Full)];

    internal AvroName QualifiedName => _name;

    internal IReadOnlyList<AvroName> AliasNames { get; set; } = [];
}

/// <summary>A record (or an <c>error</c>, which Avro-Java writes back as <c>"type":"error"</c>).</summary>
public sealed class AvroRecordSchema : AvroNamedSchema
{
    private AvroField[] _fields = [];
    private FrozenDictionary<string, AvroField> _byName = FrozenDictionary<string, AvroField>.Empty;

    internal AvroRecordSchema(AvroName name, string? doc, bool isError)
        : base(AvroType.Record, name, doc) => IsError = isError;

    public bool IsError { get; }

    public IReadOnlyList<AvroField> Fields => _fields;

    public AvroField? GetField(string name) => _byName.GetValueOrDefault(name);

    internal AvroField[] FieldArray => _fields;

    internal void SetFields(AvroField[] fields)
    {
        _fields = fields;
        _byName = fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
    }
}

/// <summary>An enum: a list of symbols and an optional default symbol used when a writer's symbol is unknown.</summary>
public sealed class AvroEnumSchema : AvroNamedSchema
{
    private readonly FrozenDictionary<string, int> _ordinals;

    internal AvroEnumSchema(AvroName name, string? doc, string[] symbols, string? defaultSymbol)
        : base(AvroType.Enum, name, doc)
    {
        Symbols = symbols;
        Default = defaultSymbol;
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < symbols.Length; i++)
        {
            ordinals.TryAdd(symbols[i], i);
        }
        _ordinals = ordinals.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Symbols { get; }

    /// <summary>The enum-level <c>default</c> symbol, or null.</summary>
    public string? Default { get; }

    /// <summary>The zero-based index of a symbol, or -1.</summary>
    public int IndexOf(string symbol) => _ordinals.GetValueOrDefault(symbol, -1);
}

/// <summary>A fixed-size byte sequence.</summary>
public sealed class AvroFixedSchema : AvroNamedSchema
{
    internal AvroFixedSchema(AvroName name, string? doc, int size)
        : base(AvroType.Fixed, name, doc) => Size = size;

    public int Size { get; }
}

public sealed class AvroArraySchema : AvroSchema
{
    internal AvroArraySchema(AvroSchema items)
        : base(AvroType.Array) => Items = items;

    public AvroSchema Items { get; }
}

/// <summary>A map from strings to values of one schema.</summary>
public sealed class AvroMapSchema : AvroSchema
{
    internal AvroMapSchema(AvroSchema values)
        : base(AvroType.Map) => Values = values;

    public AvroSchema Values { get; }
}

public sealed class AvroUnionSchema : AvroSchema
{
    private readonly FrozenDictionary<string, int> _byLabel;

    internal AvroUnionSchema(AvroSchema[] branches, FrozenDictionary<string, int> byLabel)
        : base(AvroType.Union)
    {
        Branches = branches;
        _byLabel = byLabel;
        NullIndex = IndexOf("null");
    }

    public IReadOnlyList<AvroSchema> Branches { get; }

    /// <summary>The index of the "null" branch, or -1.</summary>
    public int NullIndex { get; }

    /// <summary>The index of the branch with this label (<see cref="AvroSchema.FullName"/>), or -1.</summary>
    public int IndexOf(string label) => _byLabel.GetValueOrDefault(label, -1);
}

/// <summary>A field of a record.</summary>
public sealed class AvroField
{
    private static readonly KeyValuePair<string, AvroJsonValue>[] NoProperties = [];

    internal AvroField(string name, int position, AvroSchema schema, string? doc, AvroJsonValue? defaultValue,
        AvroFieldOrder order, string[]? aliases, List<KeyValuePair<string, AvroJsonValue>> properties)
    {
        Name = name;
        Position = position;
        Schema = schema;
        Doc = doc;
        Default = defaultValue;
        Order = order;
        AliasList = aliases;
        Properties = properties.Count == 0 ? NoProperties : [.. properties];
    }

    public string Name { get; }

    /// <summary>The zero-based position of the field in its record.</summary>
    public int Position { get; }

    public AvroSchema Schema { get; }

    public string? Doc { get; }

    /// <summary>The <c>default</c> as written in the schema (JSON), or null when the field has none.</summary>
    public AvroJsonValue? Default { get; }

    public bool HasDefault => Default is not null;

    public AvroFieldOrder Order { get; }

    /// <summary>The field's aliases, as written.</summary>
    public IReadOnlyList<string> Aliases => AliasList ?? [];

    /// <summary>Other attributes of the field, in document order.</summary>
    public IReadOnlyList<KeyValuePair<string, AvroJsonValue>> Properties { get; }

    internal string[]? AliasList { get; }
}

/// <summary>A recognised, valid logical type (spec, "Logical Types").</summary>
public sealed record AvroLogicalType(string Name, int Precision = 0, int Scale = 0)
{
    public const string Decimal = "decimal";
    public const string BigDecimal = "big-decimal";
    public const string Uuid = "uuid";
    public const string Date = "date";
    public const string TimeMillis = "time-millis";
    public const string TimeMicros = "time-micros";
    public const string TimestampMillis = "timestamp-millis";
    public const string TimestampMicros = "timestamp-micros";
    public const string LocalTimestampMillis = "local-timestamp-millis";
    public const string LocalTimestampMicros = "local-timestamp-micros";
    public const string TimestampNanos = "timestamp-nanos";
    public const string LocalTimestampNanos = "local-timestamp-nanos";
    public const string Duration = "duration";
}

/// <summary>A name and its namespace, as Avro-Java's Schema.Name: an empty namespace is the null namespace.</summary>
internal sealed class AvroName : IEquatable<AvroName>
{
    public AvroName(string simple, string? space)
    {
        Simple = simple;
        Space = string.IsNullOrEmpty(space) ? null : space;
        Full = Space is null ? simple : Space + "." + simple;
    }

    public string Simple { get; }

    public string? Space { get; }

    public string Full { get; }

    /// <summary>Avro-Java's <c>Name(name, space)</c>: a dotted name carries its own namespace.</summary>
    public static AvroName Create(string name, string? defaultSpace)
    {
        var lastDot = name.LastIndexOf('.');
        return lastDot < 0 ? new AvroName(name, defaultSpace) : new AvroName(name[(lastDot + 1)..], name[..lastDot]);
    }

    /// <summary>
    /// Avro-Java's <c>getQualified</c>: the simple name when the namespace is <paramref name="defaultSpace"/> (unless
    /// the simple name is a type name, which would read as that type), else the full name.
    /// </summary>
    public string Qualified(string? defaultSpace) =>
        Space is not null && Space == defaultSpace && !AvroTypeNames.IsTypeName(Simple) ? Simple : Full;

    public bool Equals(AvroName? other) => other is not null && other.Full == Full;

    public override bool Equals(object? obj) => Equals(obj as AvroName);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Full);

    public override string ToString() => Full;
}
