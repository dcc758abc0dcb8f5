using System.Globalization;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Transforms;

/// <summary>
/// Cast: changes the type of fields (<c>spec</c> = <c>field:type,…</c>) or of the whole key/value (<c>spec</c> =
/// a single type) to int8, int16, int32, int64, float32, float64, boolean or string. Bytes cast only to string
/// (base64), as in Apache's.
/// </summary>
public abstract class Cast : ITransformation
{
    private static readonly SchemaType[] Targets = [SchemaType.Int8, SchemaType.Int16, SchemaType.Int32, SchemaType.Int64, SchemaType.Float32, SchemaType.Float64, SchemaType.Boolean, SchemaType.String];

    private Dictionary<string, SchemaType> _casts = [];
    private SchemaType? _whole;

    private protected Cast()
    {
    }

    private protected abstract bool IsKey { get; }

    public ConfigDef Config { get; } = new ConfigDef()
        .DefineRequired("spec", ConfigType.List, ConfigValidators.From((_, v) => v is IReadOnlyList<string> { Count: > 0 } ? null : "Must specify at least one field to cast.", "list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>"), Importance.High, "List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string. Note that binary fields can only be cast to string.");

    public void Configure(IReadOnlyDictionary<string, string> configs)
    {
        var spec = new ParsedConfig(Config, configs).GetList("spec");
        if (spec.Count == 1 && !spec[0].Contains(':', StringComparison.Ordinal))
        {
            _whole = Target(spec[0]);
            return;
        }

        _casts = spec.Select(s => s.Split(':')).ToDictionary(
            p => p.Length == 2 ? p[0].Trim() : throw new ConfigException("spec", string.Join(",", spec), "Invalid cast mapping: " + string.Join(":", p)),
            p => Target(p[1]),
            StringComparer.Ordinal);
    }

    public ConnectRecord? Apply(ConnectRecord record)
    {
        var value = RecordParts.ValueOf(record, IsKey);
        var schema = RecordParts.SchemaOf(record, IsKey);
        if (value is null)
        {
            return record;
        }

        if (_whole is { } whole)
        {
            var castSchema = schema is null ? null : TypeSchema(whole, schema.IsOptional);
            return RecordParts.With(record, IsKey, castSchema, CastValue(value, whole));
        }

        if (schema is null)
        {
            var map = RecordParts.RequireMap(value, "cast types");
            foreach (var (field, target) in _casts.Where(c => map.ContainsKey(c.Key)))
            {
                map[field] = map[field] is { } v ? CastValue(v, target) : null;
            }

            return RecordParts.With(record, IsKey, null, RecordParts.ToMap(map));
        }

        var original = RecordParts.RequireStruct(value, "cast types");
        var builder = RecordParts.CopyMetadata(schema);
        foreach (var field in schema.Fields)
        {
            builder.Field(field.Name, _casts.TryGetValue(field.Name, out var target) ? TypeSchema(target, field.Schema.IsOptional) : field.Schema);
        }

        var updatedSchema = builder.Build();
        var updated = new Struct(updatedSchema);
        foreach (var field in schema.Fields)
        {
            var current = original.Get(field);
            updated.Put(field.Name, current is not null && _casts.TryGetValue(field.Name, out var target) ? CastValue(current, target) : current);
        }

        return RecordParts.With(record, IsKey, updatedSchema, updated);
    }

    private static SchemaType Target(string name) =>
        SchemaTypes.TryParse(name.Trim(), out var type) && Targets.Contains(type) ? type : throw new ConfigException("Invalid type found in casting spec: " + name.Trim());

    private static Schema TypeSchema(SchemaType type, bool optional) =>
        optional ? SchemaBuilder.Type(type).Optional().Build() : SchemaBuilder.Type(type).Build();

    private static object CastValue(object value, SchemaType target)
    {
        if (value is byte[] bytes)
        {
            return target == SchemaType.String ? Convert.ToBase64String(bytes) : throw new DataException("Unexpected type in Cast transformation: " + value.GetType().Name);
        }

        if (target == SchemaType.String)
        {
            return ValueEquality.Format(value);
        }

        if (value is string text)
        {
            return target switch
            {
                SchemaType.Boolean => bool.Parse(text),
                SchemaType.Int8 => sbyte.Parse(text, CultureInfo.InvariantCulture),
                SchemaType.Int16 => short.Parse(text, CultureInfo.InvariantCulture),
                SchemaType.Int32 => int.Parse(text, CultureInfo.InvariantCulture),
                SchemaType.Int64 => long.Parse(text, CultureInfo.InvariantCulture),
                SchemaType.Float32 => float.Parse(text, CultureInfo.InvariantCulture),
                _ => double.Parse(text, CultureInfo.InvariantCulture),
            };
        }

        var number = value switch
        {
            bool b => b ? 1d : 0d,
            IConvertible convertible => convertible.ToDouble(CultureInfo.InvariantCulture),
            _ => throw new DataException("Unexpected type in Cast transformation: " + value.GetType().Name),
        };
        return target switch
        {
            SchemaType.Boolean => number != 0,
            SchemaType.Int8 => (sbyte)number,
            SchemaType.Int16 => (short)number,
            SchemaType.Int32 => (int)number,
            SchemaType.Int64 => value is long l ? l : (long)number,
            SchemaType.Float32 => (float)number,
            _ => number,
        };
    }
}

[PluginName("org.apache.kafka.connect.transforms.Cast$Key")]
public sealed class CastKey : Cast
{
    private protected override bool IsKey => true;
}

[PluginName("org.apache.kafka.connect.transforms.Cast$Value")]
public sealed class CastValue : Cast
{
    private protected override bool IsKey => false;
}
