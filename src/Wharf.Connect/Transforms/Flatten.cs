using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Transforms;

/// <summary>
/// Flatten: nested structs (or maps) become top-level fields named parent + <c>delimiter</c> + child (default
/// "."); arrays are left as they are. A field under an optional parent becomes optional.
/// </summary>
public abstract class Flatten : ITransformation
{
    private string _delimiter = ".";

    private protected Flatten()
    {
    }

    private protected abstract bool IsKey { get; }

    public ConfigDef Config { get; } = new ConfigDef()
        .Define("delimiter", ConfigType.String, ".", Importance.Medium, "Delimiter to insert between field names from the input record when generating field names for the output record");

    public void Configure(IReadOnlyDictionary<string, string> configs) => _delimiter = new ParsedConfig(Config, configs).GetString("delimiter")!;

    public ConnectRecord? Apply(ConnectRecord record)
    {
        var value = RecordParts.ValueOf(record, IsKey);
        var schema = RecordParts.SchemaOf(record, IsKey);
        if (value is null)
        {
            return record;
        }

        if (schema is null)
        {
            var flat = new Dictionary<object, object?>();
            FlattenMap(RecordParts.RequireMap(value, "flattening"), string.Empty, flat);
            return RecordParts.With(record, IsKey, null, flat);
        }

        var original = RecordParts.RequireStruct(value, "flattening");
        var builder = RecordParts.CopyMetadata(schema);
        var values = new List<(string Name, object? Value)>();
        FlattenStruct(original, schema, string.Empty, optionalParent: false, builder, values);
        var flatSchema = builder.Build();
        var result = new Struct(flatSchema);
        foreach (var (name, fieldValue) in values)
        {
            result.Put(name, fieldValue);
        }

        return RecordParts.With(record, IsKey, flatSchema, result);
    }

    private void FlattenMap(Dictionary<string, object?> map, string prefix, Dictionary<object, object?> flat)
    {
        foreach (var (key, value) in map)
        {
            var name = prefix.Length == 0 ? key : prefix + _delimiter + key;
            if (value is IDictionary<object, object?> nested)
            {
                FlattenMap(RecordParts.RequireMap(nested, "flattening"), name, flat);
            }
            else
            {
                flat[name] = value;
            }
        }
    }

    private void FlattenStruct(Struct? value, Schema schema, string prefix, bool optionalParent, SchemaBuilder builder, List<(string, object?)> values)
    {
        foreach (var field in schema.Fields)
        {
            var name = prefix.Length == 0 ? field.Name : prefix + _delimiter + field.Name;
            var fieldValue = value?.Get(field);
            if (field.Schema.Type == SchemaType.Struct)
            {
                FlattenStruct(fieldValue as Struct, field.Schema, name, optionalParent || field.Schema.IsOptional, builder, values);
                continue;
            }

            builder.Field(name, optionalParent && !field.Schema.IsOptional ? SchemaBuilder.From(field.Schema).Optional().Build() : field.Schema);
            values.Add((name, fieldValue));
        }
    }
}

[PluginName("org.apache.kafka.connect.transforms.Flatten$Key")]
public sealed class FlattenKey : Flatten
{
    private protected override bool IsKey => true;
}

[PluginName("org.apache.kafka.connect.transforms.Flatten$Value")]
public sealed class FlattenValue : Flatten
{
    private protected override bool IsKey => false;
}
