namespace Wharf.Connect.Api.Data;

/// <summary>
/// Builds a <see cref="Schema"/> fluently (Apache's SchemaBuilder): <c>SchemaBuilder.Struct().Name("x")
/// .Field("id", Schema.Int64).Build()</c>. Each property may be set once, as in the original.
/// </summary>
public sealed class SchemaBuilder
{
    private readonly SchemaType _type;
    private readonly List<Field> _fields = [];
    private readonly Dictionary<string, string> _parameters = new(StringComparer.Ordinal);
    private readonly Schema? _keySchema;
    private readonly Schema? _valueSchema;
    private bool _optional;
    private object? _defaultValue;
    private string? _name;
    private int? _version;
    private string? _doc;

    public SchemaBuilder(SchemaType type)
        : this(type, null, null)
    {
    }

    private SchemaBuilder(SchemaType type, Schema? keySchema, Schema? valueSchema)
    {
        _type = type;
        _keySchema = keySchema;
        _valueSchema = valueSchema;
    }

    public static SchemaBuilder Type(SchemaType type) => new(type);

    public static SchemaBuilder Int8() => new(SchemaType.Int8);

    public static SchemaBuilder Int16() => new(SchemaType.Int16);

    public static SchemaBuilder Int32() => new(SchemaType.Int32);

    public static SchemaBuilder Int64() => new(SchemaType.Int64);

    public static SchemaBuilder Float32() => new(SchemaType.Float32);

    public static SchemaBuilder Float64() => new(SchemaType.Float64);

    public static SchemaBuilder Bool() => new(SchemaType.Boolean);

    public static SchemaBuilder String() => new(SchemaType.String);

    public static SchemaBuilder Bytes() => new(SchemaType.Bytes);

    public static SchemaBuilder Struct() => new(SchemaType.Struct);

    public static SchemaBuilder Array(Schema valueSchema) => new(SchemaType.Array, null, valueSchema);

    public static SchemaBuilder Map(Schema keySchema, Schema valueSchema) => new(SchemaType.Map, keySchema, valueSchema);

    /// <summary>A builder that starts as a copy of <paramref name="schema"/>'s type and metadata (not its fields).</summary>
    public static SchemaBuilder From(Schema schema)
    {
        var builder = new SchemaBuilder(schema.Type, schema.KeySchema, schema.ValueSchema)
        {
            _optional = schema.IsOptional,
            _name = schema.Name,
            _version = schema.Version,
            _doc = schema.Doc,
            _defaultValue = schema.DefaultValue,
        };
        foreach (var (key, value) in schema.Parameters ?? new Dictionary<string, string>())
        {
            builder._parameters[key] = value;
        }

        return builder;
    }

    public SchemaBuilder Optional()
    {
        _optional = true;
        return this;
    }

    public SchemaBuilder Required()
    {
        _optional = false;
        return this;
    }

    public SchemaBuilder DefaultValue(object? value)
    {
        _defaultValue = value;
        return this;
    }

    public SchemaBuilder Name(string name)
    {
        _name = name;
        return this;
    }

    public SchemaBuilder Version(int version)
    {
        _version = version;
        return this;
    }

    public SchemaBuilder Doc(string doc)
    {
        _doc = doc;
        return this;
    }

    public SchemaBuilder Parameter(string name, string value)
    {
        _parameters[name] = value;
        return this;
    }

    public SchemaBuilder Field(string name, Schema schema)
    {
        if (_type != SchemaType.Struct)
        {
            throw new DataException("Cannot create fields on type " + _type.ToName().ToUpperInvariant());
        }

        if (string.IsNullOrEmpty(name))
        {
            throw new DataException("fieldName cannot be null.");
        }

        if (_fields.Any(f => f.Name == name))
        {
            throw new DataException("Cannot create field because of field name duplication " + name);
        }

        _fields.Add(new Field(name, _fields.Count, schema));
        return this;
    }

    public Schema Build()
    {
        var schema = new Schema(_type, _optional, null, _name, _version, _doc, _parameters.Count == 0 ? null : new Dictionary<string, string>(_parameters), _fields.ToList(), _keySchema, _valueSchema);
        if (_defaultValue is null)
        {
            return schema;
        }

        Schema.Validate(schema, _defaultValue);
        return new Schema(_type, _optional, _defaultValue, _name, _version, _doc, schema.Parameters, schema.Fields, _keySchema, _valueSchema);
    }
}
