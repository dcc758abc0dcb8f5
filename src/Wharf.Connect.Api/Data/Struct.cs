namespace Wharf.Connect.Api.Data;

/// <summary>
/// A structured value with a STRUCT schema (Apache's Struct): values are set by field name and checked against
/// the field's schema as they are put; <see cref="Validate"/> checks that every required field is set.
/// </summary>
public sealed class Struct : IEquatable<Struct>
{
    private readonly object?[] _values;

    public Struct(Schema schema)
    {
        if (schema.Type != SchemaType.Struct)
        {
            throw new DataException("Not a struct schema: " + schema);
        }

        Schema = schema;
        _values = new object?[schema.Fields.Count];
    }

    public Schema Schema { get; }

    /// <summary>The value of the field, or its schema's default when unset.</summary>
    public object? Get(string fieldName) => Get(Lookup(fieldName));

    public object? Get(Field field) => _values[field.Index] ?? field.Schema.DefaultValue;

    /// <summary>The value of the field as set, without the default.</summary>
    public object? GetWithoutDefault(string fieldName) => _values[Lookup(fieldName).Index];

    public T? Get<T>(string fieldName) => (T?)Get(fieldName);

    public string? GetString(string fieldName) => (string?)Get(fieldName);

    public int? GetInt32(string fieldName) => (int?)Get(fieldName);

    public long? GetInt64(string fieldName) => (long?)Get(fieldName);

    public bool? GetBoolean(string fieldName) => (bool?)Get(fieldName);

    public Struct? GetStruct(string fieldName) => (Struct?)Get(fieldName);

    public Struct Put(string fieldName, object? value) => Put(Lookup(fieldName), value);

    public Struct Put(Field field, object? value)
    {
        Schema.Validate(field.Schema, value, field.Name);
        _values[field.Index] = value;
        return this;
    }

    /// <summary>Throws a <see cref="DataException"/> when a required field has no value and no default.</summary>
    public void Validate()
    {
        foreach (var field in Schema.Fields)
        {
            Schema.Validate(field.Schema, Get(field), field.Name);
        }
    }

    public bool Equals(Struct? other) =>
        other is not null && Schema.Equals(other.Schema) && _values.Zip(other._values).All(p => ValueEquality.AreEqual(p.First, p.Second));

    public override bool Equals(object? obj) => obj is Struct other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Schema, _values.Length);

    public override string ToString() =>
        "Struct{" + string.Join(",", Schema.Fields.Where(f => _values[f.Index] is not null).Select(f => f.Name + "=" + ValueEquality.Format(_values[f.Index]))) + "}";

    private Field Lookup(string fieldName) =>
        Schema.Field(fieldName) ?? throw new DataException(fieldName + " is not a valid field name");
}
