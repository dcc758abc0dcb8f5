using System.Collections;

namespace Wharf.Connect.Api.Data;

/// <summary>
/// An immutable Connect schema (Apache's ConnectSchema): a type, optionality, a default, an optional name,
/// version, doc and parameters (logical types use the name), and for containers the element, key/value or
/// field schemas. Build one with <see cref="SchemaBuilder"/>; the common ones are the static fields.
/// </summary>
public sealed class Schema : IEquatable<Schema>
{
    public static readonly Schema Int8 = new(SchemaType.Int8);
    public static readonly Schema Int16 = new(SchemaType.Int16);
    public static readonly Schema Int32 = new(SchemaType.Int32);
    public static readonly Schema Int64 = new(SchemaType.Int64);
    public static readonly Schema Float32 = new(SchemaType.Float32);
    public static readonly Schema Float64 = new(SchemaType.Float64);
    public static readonly Schema Boolean = new(SchemaType.Boolean);
    public static readonly Schema String = new(SchemaType.String);
    public static readonly Schema Bytes = new(SchemaType.Bytes);
    public static readonly Schema OptionalInt8 = new(SchemaType.Int8, optional: true);
    public static readonly Schema OptionalInt16 = new(SchemaType.Int16, optional: true);
    public static readonly Schema OptionalInt32 = new(SchemaType.Int32, optional: true);
    public static readonly Schema OptionalInt64 = new(SchemaType.Int64, optional: true);
    public static readonly Schema OptionalFloat32 = new(SchemaType.Float32, optional: true);
    public static readonly Schema OptionalFloat64 = new(SchemaType.Float64, optional: true);
    public static readonly Schema OptionalBoolean = new(SchemaType.Boolean, optional: true);
    public static readonly Schema OptionalString = new(SchemaType.String, optional: true);
    public static readonly Schema OptionalBytes = new(SchemaType.Bytes, optional: true);

    private readonly Dictionary<string, Field> _fieldsByName;

    internal Schema(
        SchemaType type,
        bool optional = false,
        object? defaultValue = null,
        string? name = null,
        int? version = null,
        string? doc = null,
        IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyList<Field>? fields = null,
        Schema? keySchema = null,
        Schema? valueSchema = null)
    {
        Type = type;
        IsOptional = optional;
        DefaultValue = defaultValue;
        Name = name;
        Version = version;
        Doc = doc;
        Parameters = parameters;
        Fields = fields ?? [];
        KeySchema = keySchema;
        ValueSchema = valueSchema;
        _fieldsByName = Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public SchemaType Type { get; }

    public bool IsOptional { get; }

    public object? DefaultValue { get; }

    public string? Name { get; }

    public int? Version { get; }

    public string? Doc { get; }

    public IReadOnlyDictionary<string, string>? Parameters { get; }

    /// <summary>The fields of a struct, in order; empty for other types.</summary>
    public IReadOnlyList<Field> Fields { get; }

    /// <summary>The key schema of a map.</summary>
    public Schema? KeySchema { get; }

    /// <summary>The element schema of an array, the value schema of a map.</summary>
    public Schema? ValueSchema { get; }

    /// <summary>The struct field called <paramref name="name"/>, or null.</summary>
    public Field? Field(string name)
    {
        if (Type != SchemaType.Struct)
        {
            throw new DataException("Cannot look up fields on non-struct type");
        }

        return _fieldsByName.GetValueOrDefault(name);
    }

    /// <summary>Throws a <see cref="DataException"/> when <paramref name="value"/> is not valid for <paramref name="schema"/>.</summary>
    public static void Validate(Schema schema, object? value, string? field = null)
    {
        var where = field is null ? string.Empty : " for field: \"" + field + "\"";
        if (value is null)
        {
            if (!schema.IsOptional)
            {
                throw new DataException("Invalid value: null used for required field: \"" + (field ?? string.Empty) + "\", schema type: " + schema.Type.ToName().ToUpperInvariant());
            }

            return;
        }

        var ok = schema.Name switch
        {
            ConnectDecimal.LogicalName => value is decimal,
            ConnectDate.LogicalName or ConnectTime.LogicalName or ConnectTimestamp.LogicalName => value is DateTime,
            _ => schema.Type switch
            {
                SchemaType.Int8 => value is sbyte,
                SchemaType.Int16 => value is short,
                SchemaType.Int32 => value is int,
                SchemaType.Int64 => value is long,
                SchemaType.Float32 => value is float,
                SchemaType.Float64 => value is double,
                SchemaType.Boolean => value is bool,
                SchemaType.String => value is string,
                SchemaType.Bytes => value is byte[] or ReadOnlyMemory<byte>,
                SchemaType.Array => value is IList,
                SchemaType.Map => value is IDictionary,
                SchemaType.Struct => value is Struct,
                _ => false,
            },
        };
        if (!ok)
        {
            throw new DataException("Invalid Java object for schema \"" + schema.Name + "\" with type " + schema.Type.ToName().ToUpperInvariant() + ": " + value.GetType() + where);
        }

        switch (schema.Type)
        {
            case SchemaType.Struct:
                var s = (Struct)value;
                if (!s.Schema.Equals(schema))
                {
                    throw new DataException("Struct schemas do not match.");
                }

                s.Validate();
                break;
            case SchemaType.Array:
                foreach (var element in (IList)value)
                {
                    Validate(schema.ValueSchema!, element, field);
                }

                break;
            case SchemaType.Map:
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    Validate(schema.KeySchema!, entry.Key, field);
                    Validate(schema.ValueSchema!, entry.Value, field);
                }

                break;
            default:
                break;
        }
    }

    public bool Equals(Schema? other) =>
        other is not null && (ReferenceEquals(this, other) || (Type == other.Type && IsOptional == other.IsOptional
            && Name == other.Name && Version == other.Version && Doc == other.Doc
            && Equals(DefaultValue, other.DefaultValue)
            && ParametersEqual(Parameters, other.Parameters)
            && Fields.SequenceEqual(other.Fields)
            && Equals(KeySchema, other.KeySchema) && Equals(ValueSchema, other.ValueSchema)));

    public override bool Equals(object? obj) => obj is Schema other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Type, IsOptional, Name, Version, Fields.Count, KeySchema, ValueSchema);

    public override string ToString() => Name is null ? "Schema{" + Type.ToName().ToUpperInvariant() + "}" : "Schema{" + Name + ":" + Type.ToName().ToUpperInvariant() + "}";

    private static bool ParametersEqual(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        (a is null || a.Count == 0) ? (b is null || b.Count == 0)
        : b is not null && a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}

/// <summary>A named field of a struct schema, with its position.</summary>
public sealed record Field(string Name, int Index, Schema Schema);

/// <summary>A value with its (possibly absent) schema.</summary>
public sealed record SchemaAndValue(Schema? Schema, object? Value)
{
    public static readonly SchemaAndValue Null = new(null, null);
}
