using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Wharf.Avro;
using Wharf.Avro.Generic;
using Wharf.Avro.Json;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Data;
using ConnectSchema = Wharf.Connect.Api.Data.Schema;

namespace Wharf.Connect.Converters.Avro;

/// <summary>
/// Connect schemas and values to Avro schemas and generic datums and back, as Confluent's AvroData maps them:
/// structs are records (anonymous ones <c>io.confluent.connect.avro.ConnectDefault</c>, then ConnectDefault2 …),
/// optional schemas are unions with null first (null default), or null second when there is a default; INT8/INT16
/// are ints marked <c>connect.type</c>; Decimal is bytes with logicalType decimal (precision 64 unless the
/// <c>connect.decimal.precision</c> parameter says otherwise), Date/Time/Timestamp are date/time-millis/
/// timestamp-millis; maps with non-string keys are arrays of MapEntry records. With <c>connect.meta.data</c> the
/// Connect doc, version, parameters, default and name travel as <c>connect.*</c> properties and come back from them.
/// </summary>
internal sealed class AvroData(AvroDataOptions options)
{
    public const string Namespace = "io.confluent.connect.avro";
    public const string DefaultSchemaName = "ConnectDefault";
    public const string DefaultSchemaFullName = Namespace + "." + DefaultSchemaName;
    public const string MapEntryTypeName = "MapEntry";
    public const string UnionTypeName = Namespace + ".Union";
    public const string EnumTypeName = Namespace + ".Enum";
    public const string DecimalPrecisionParameter = "connect.decimal.precision";
    public const int DecimalPrecisionDefault = 64;

    private const string ConnectName = "connect.name";
    private const string ConnectDoc = "connect.doc";
    private const string ConnectVersion = "connect.version";
    private const string ConnectDefault = "connect.default";
    private const string ConnectParameters = "connect.parameters";
    private const string ConnectType = "connect.type";
    private const string ConnectInternalType = "connect.internal.type";

    private readonly BoundedCache<ConnectSchema, AvroSchema> _fromConnect = new(options.CacheSize);
    private readonly BoundedCache<AvroSchema, ConnectSchema> _toConnect = new(options.CacheSize, ReferenceEqualityComparer.Instance);

    // ---- Connect schema → Avro schema ----

    /// <summary>The Avro schema of a Connect schema (cached); the top level is a union when the schema is optional.</summary>
    public AvroSchema FromConnectSchema(ConnectSchema schema) =>
        _fromConnect.GetOrAdd(schema, s => AvroSchema.Parse(FromConnectSchemaText(s), AvroParseOptions.Lenient));

    /// <summary>The Avro schema text Confluent's AvroData would build, before Avro-Java's canonical formatting.</summary>
    public string FromConnectSchemaText(ConnectSchema schema)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteSchema(writer, schema, new FromConnectContext(), ignoreOptional: false);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void WriteSchema(Utf8JsonWriter writer, ConnectSchema schema, FromConnectContext context, bool ignoreOptional)
    {
        if (IsUnion(schema))
        {
            writer.WriteStartArray();
            if (schema.IsOptional)
            {
                writer.WriteStringValue("null");
            }

            foreach (var field in schema.Fields)
            {
                WriteSchema(writer, NonOptional(field.Schema), context, ignoreOptional: true);
            }

            writer.WriteEndArray();
            return;
        }

        if (schema.IsOptional && !ignoreOptional)
        {
            // Optional: a union with null, null first unless a default (which must match the first branch) exists.
            writer.WriteStartArray();
            if (schema.DefaultValue is null)
            {
                writer.WriteStringValue("null");
                WriteSchema(writer, schema, context, ignoreOptional: true);
            }
            else
            {
                WriteSchema(writer, schema, context, ignoreOptional: true);
                writer.WriteStringValue("null");
            }

            writer.WriteEndArray();
            return;
        }

        // A named type already written in this schema is referenced by its name, as Avro-Java writes it again.
        if (schema.Type == SchemaType.Struct && context.Written.TryGetValue(schema, out var writtenName))
        {
            writer.WriteStringValue(writtenName);
            return;
        }

        var isEnum = schema.Type == SchemaType.String && options.EnhancedSchemaSupport && schema.Parameters is { } p && p.ContainsKey(EnumTypeName);
        var hasProperties = options.ConnectMetaData && (schema.Doc is not null || schema.Version is not null || schema.DefaultValue is not null || schema.Name is not null
            || schema.Type is SchemaType.Int8 or SchemaType.Int16 || (schema.Parameters?.Count ?? 0) > 0);
        var isLogical = schema.Name is ConnectDecimal.LogicalName or ConnectDate.LogicalName or ConnectTime.LogicalName or ConnectTimestamp.LogicalName;
        var isComplex = schema.Type is SchemaType.Struct or SchemaType.Array || isEnum
            || (schema.Type == SchemaType.Map && (schema.KeySchema!.Type == SchemaType.String && !schema.KeySchema.IsOptional));
        var isEntryArray = schema.Type == SchemaType.Map && !isComplex;

        if (!isComplex && !isEntryArray && !hasProperties && !isLogical)
        {
            writer.WriteStringValue(AvroTypeName(schema.Type));
            return;
        }

        writer.WriteStartObject();
        switch (schema.Type)
        {
            case SchemaType.Struct:
            {
                var (space, name) = NameOrDefault(context, schema.Name);
                writer.WriteString("type", "record");
                WriteName(writer, space, name);
                context.Written[schema] = space.Length == 0 ? name : space + "." + name;
                writer.WriteStartArray("fields");
                foreach (var field in schema.Fields)
                {
                    WriteField(writer, field.Name, field.Schema, context);
                }

                writer.WriteEndArray();
                break;
            }

            case SchemaType.Array:
                writer.WriteString("type", "array");
                writer.WritePropertyName("items");
                WriteSchema(writer, schema.ValueSchema!, context, ignoreOptional: false);
                break;
            case SchemaType.Map when !isEntryArray:
                writer.WriteString("type", "map");
                writer.WritePropertyName("values");
                WriteSchema(writer, schema.ValueSchema!, context, ignoreOptional: false);
                break;
            case SchemaType.Map:
            {
                writer.WriteString("type", "array");
                writer.WritePropertyName("items");
                writer.WriteStartObject();
                writer.WriteString("type", "record");
                if (schema.Name is null)
                {
                    writer.WriteString("name", MapEntryTypeName);
                    writer.WriteString("namespace", Namespace);
                }
                else
                {
                    var (space, name) = NameOrDefault(context, schema.Name);
                    WriteName(writer, space, name);
                }

                writer.WriteStartArray("fields");
                WriteField(writer, "key", schema.KeySchema!, context);
                WriteField(writer, "value", schema.ValueSchema!, context);
                writer.WriteEndArray();
                if (schema.Name is not null)
                {
                    writer.WriteString(ConnectInternalType, MapEntryTypeName);
                }

                writer.WriteEndObject();
                break;
            }

            case SchemaType.String when isEnum:
            {
                var enumName = schema.Parameters![EnumTypeName];
                writer.WriteString("type", "enum");
                writer.WriteString("name", enumName);
                writer.WriteStartArray("symbols");
                foreach (var key in schema.Parameters.Keys.Where(k => k.StartsWith(EnumTypeName + ".", StringComparison.Ordinal)))
                {
                    writer.WriteStringValue(key[(EnumTypeName.Length + 1)..]);
                }

                writer.WriteEndArray();
                break;
            }

            default:
                writer.WriteString("type", AvroTypeName(schema.Type));
                break;
        }

        if (schema.Name == ConnectDecimal.LogicalName)
        {
            writer.WriteNumber("scale", ConnectDecimal.Scale(schema));
            writer.WriteNumber("precision", DecimalPrecision(schema));
        }

        if (options.ConnectMetaData)
        {
            WriteConnectProperties(writer, schema);
        }

        var logicalType = schema.Name switch
        {
            ConnectDecimal.LogicalName => "decimal",
            ConnectDate.LogicalName => "date",
            ConnectTime.LogicalName => "time-millis",
            ConnectTimestamp.LogicalName => "timestamp-millis",
            _ => null,
        };
        if (logicalType is not null)
        {
            writer.WriteString("logicalType", logicalType);
        }

        writer.WriteEndObject();
    }

    private static void WriteConnectProperties(Utf8JsonWriter writer, ConnectSchema schema)
    {
        if (schema.Doc is not null)
        {
            writer.WriteString(ConnectDoc, schema.Doc);
        }

        if (schema.Version is { } version)
        {
            writer.WriteNumber(ConnectVersion, version);
        }

        if (schema.Parameters is { Count: > 0 } parameters)
        {
            writer.WriteStartObject(ConnectParameters);
            foreach (var (key, value) in parameters)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        if (schema.DefaultValue is not null)
        {
            writer.WritePropertyName(ConnectDefault);
            WriteDefault(writer, schema, schema.DefaultValue);
        }

        if (schema.Name is not null)
        {
            writer.WriteString(ConnectName, schema.Name);
        }

        if (schema.Type is SchemaType.Int8 or SchemaType.Int16)
        {
            writer.WriteString(ConnectType, schema.Type.ToName());
        }
    }

    private void WriteField(Utf8JsonWriter writer, string name, ConnectSchema schema, FromConnectContext context)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WritePropertyName("type");
        WriteSchema(writer, schema, context, ignoreOptional: false);
        if (schema.DefaultValue is not null)
        {
            writer.WritePropertyName("default");
            WriteDefault(writer, schema, schema.DefaultValue);
        }
        else if (schema.IsOptional)
        {
            writer.WriteNull("default");
        }

        writer.WriteEndObject();
    }

    /// <summary>A default in Avro's JSON form for the (non-union) Avro type of <paramref name="schema"/> (Confluent's defaultValueFromConnect).</summary>
    private static void WriteDefault(Utf8JsonWriter writer, ConnectSchema schema, object? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        switch (schema.Name)
        {
            case ConnectDecimal.LogicalName:
                writer.WriteStringValue(Encoding.Latin1.GetString(ConnectDecimal.FromLogical(schema, (decimal)value)));
                return;
            case ConnectDate.LogicalName:
                writer.WriteNumberValue(ConnectDate.FromLogical(schema, (DateTime)value));
                return;
            case ConnectTime.LogicalName:
                writer.WriteNumberValue(ConnectTime.FromLogical(schema, (DateTime)value));
                return;
            case ConnectTimestamp.LogicalName:
                writer.WriteNumberValue(ConnectTimestamp.FromLogical(schema, (DateTime)value));
                return;
            default:
                break;
        }

        switch (value)
        {
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case sbyte i8:
                writer.WriteNumberValue(i8);
                break;
            case short i16:
                writer.WriteNumberValue(i16);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case float f:
                writer.WriteNumberValue(f);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case byte[] bytes:
                // Avro's JSON encoding of bytes: each byte as the code point of the same value (ISO-8859-1).
                writer.WriteStringValue(Encoding.Latin1.GetString(bytes));
                break;
            case ReadOnlyMemory<byte> memory:
                writer.WriteStringValue(Encoding.Latin1.GetString(memory.Span));
                break;
            case Struct s:
                writer.WriteStartObject();
                foreach (var field in s.Schema.Fields)
                {
                    writer.WritePropertyName(field.Name);
                    WriteDefault(writer, field.Schema, s.Get(field));
                }

                writer.WriteEndObject();
                break;
            case IDictionary map when schema.KeySchema is { Type: SchemaType.String }:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WritePropertyName((string)entry.Key);
                    WriteDefault(writer, schema.ValueSchema!, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case IDictionary map:
                writer.WriteStartArray();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("key");
                    WriteDefault(writer, schema.KeySchema!, entry.Key);
                    writer.WritePropertyName("value");
                    WriteDefault(writer, schema.ValueSchema!, entry.Value);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
            case IList list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteDefault(writer, schema.ValueSchema!, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new DataException("Cannot write a default value of type " + value.GetType().Name);
        }
    }

    // ---- Connect value → Avro datum ----

    /// <summary>
    /// The generic datum of <paramref name="value"/> (of Connect schema <paramref name="schema"/>) for the Avro schema
    /// <paramref name="avro"/>; record fields are matched by name, so a compatible registered schema (use.latest.version)
    /// works as well as the one derived from the Connect schema.
    /// </summary>
    public object? ToAvroDatum(ConnectSchema schema, AvroSchema avro, object? value)
    {
        if (value is null)
        {
            value = schema.DefaultValue;
            if (value is null)
            {
                return schema.IsOptional ? null : throw new DataException("Found null value for non-optional schema " + schema);
            }
        }

        if (avro is AvroUnionSchema union)
        {
            if (IsUnion(schema))
            {
                var s = (Struct)value;
                foreach (var field in schema.Fields)
                {
                    if (s.Get(field) is { } member)
                    {
                        var branch = union.Branches.FirstOrDefault(b => b.Type != AvroType.Null && UnionMemberFieldName(b) == field.Name)
                            ?? throw new DataException("Union field " + field.Name + " matches no branch of " + union);
                        return ToAvroDatum(field.Schema, branch, member);
                    }
                }

                return null;
            }

            var nonNull = union.Branches.FirstOrDefault(b => b.Type != AvroType.Null) ?? throw new DataException("Union without a non-null branch: " + union);
            return ToAvroDatum(schema, nonNull, value);
        }

        switch (schema.Name)
        {
            case ConnectDecimal.LogicalName:
                return ConnectDecimal.FromLogical(schema, (decimal)value);
            case ConnectDate.LogicalName:
                return ConnectDate.FromLogical(schema, (DateTime)value);
            case ConnectTime.LogicalName:
                return ConnectTime.FromLogical(schema, (DateTime)value);
            case ConnectTimestamp.LogicalName:
                return ConnectTimestamp.FromLogical(schema, (DateTime)value);
            default:
                break;
        }

        ConnectSchema.Validate(schema, value);
        switch (schema.Type)
        {
            case SchemaType.Int8:
                return (int)(sbyte)value;
            case SchemaType.Int16:
                return (int)(short)value;
            case SchemaType.Bytes:
                return value is ReadOnlyMemory<byte> memory ? memory.ToArray() : value;
            case SchemaType.String when avro is AvroEnumSchema enumSchema:
                return new AvroEnumSymbol(enumSchema, (string)value);
            case SchemaType.Array:
            {
                var items = ((AvroArraySchema)avro).Items;
                var list = new List<object?>();
                foreach (var item in (IList)value)
                {
                    list.Add(ToAvroDatum(schema.ValueSchema!, items, item));
                }

                return list;
            }

            case SchemaType.Map when avro is AvroMapSchema mapSchema:
            {
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    map[(string)entry.Key] = ToAvroDatum(schema.ValueSchema!, mapSchema.Values, entry.Value);
                }

                return map;
            }

            case SchemaType.Map:
            {
                var entrySchema = (AvroRecordSchema)((AvroArraySchema)avro).Items;
                var list = new List<object?>();
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    var record = new AvroRecord(entrySchema);
                    record[0] = ToAvroDatum(schema.KeySchema!, entrySchema.Fields[0].Schema, entry.Key);
                    record[1] = ToAvroDatum(schema.ValueSchema!, entrySchema.Fields[1].Schema, entry.Value);
                    list.Add(record);
                }

                return list;
            }

            case SchemaType.Struct:
            {
                var recordSchema = avro as AvroRecordSchema ?? throw new DataException("Cannot write a struct with the Avro schema " + avro);
                var s = (Struct)value;
                var record = new AvroRecord(recordSchema);
                foreach (var field in recordSchema.Fields)
                {
                    var connectField = schema.Field(field.Name);
                    record[field.Position] = connectField is null ? DefaultDatum(field) : ToAvroDatum(connectField.Schema, field.Schema, s.Get(connectField));
                }

                return record;
            }

            default:
                return value;
        }
    }

    /// <summary>A field the Connect struct lacks (a newer registered schema): its Avro default, when it is a simple one.</summary>
    private static object? DefaultDatum(AvroField field) =>
        field.Default is null || field.Default.IsNull ? null
        : field.Default.Kind switch
        {
            AvroJsonKind.Boolean => field.Default.BooleanValue,
            AvroJsonKind.String => field.Default.StringValue,
            AvroJsonKind.Integer => field.Schema.Type == AvroType.Long ? (object)(long)field.Default.IntegerValue : (int)field.Default.IntegerValue,
            AvroJsonKind.Double => field.Default.NumberValue,
            _ => throw new DataException("Field " + field.Name + " of the registered schema has no value in the record"),
        };

    // ---- Avro schema → Connect schema ----

    /// <summary>The Connect schema of an Avro schema (cached per schema instance); <paramref name="version"/> is the registry's, used when the schema has no connect.version.</summary>
    public ConnectSchema ToConnectSchema(AvroSchema schema, int? version) =>
        _toConnect.GetOrAdd(schema, s => ToConnectSchema(s, forceOptional: false, fieldDefault: null, version));

    private ConnectSchema ToConnectSchema(AvroSchema schema, bool forceOptional, AvroJsonValue? fieldDefault, int? version)
    {
        var type = schema.GetTextProperty(ConnectType);
        var logicalType = schema.GetTextProperty("logicalType");
        SchemaBuilder builder;
        switch (schema.Type)
        {
            case AvroType.Boolean:
                builder = SchemaBuilder.Bool();
                break;
            case AvroType.Bytes:
            case AvroType.Fixed:
                if (string.Equals(logicalType, "decimal", StringComparison.OrdinalIgnoreCase))
                {
                    var scale = schema.GetProperty("scale") is { IsInt32: true } s ? (int)s.IntegerValue : 0;
                    builder = ConnectDecimal.Builder(scale);
                    if (schema.GetProperty("precision") is { } precision)
                    {
                        if (!precision.IsInt32)
                        {
                            throw new DataException("precision property must be a JSON Integer. https://avro.apache.org/docs/1.9.1/spec.html#Decimal");
                        }

                        if ((int)precision.IntegerValue != DecimalPrecisionDefault)
                        {
                            builder.Parameter(DecimalPrecisionParameter, ((int)precision.IntegerValue).ToString(CultureInfo.InvariantCulture));
                        }
                    }
                }
                else
                {
                    builder = SchemaBuilder.Bytes();
                }

                if (schema is AvroFixedSchema fixedSchema)
                {
                    builder.Parameter("connect.fixed.size", fixedSchema.Size.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case AvroType.Double:
                builder = SchemaBuilder.Float64();
                break;
            case AvroType.Float:
                builder = SchemaBuilder.Float32();
                break;
            case AvroType.Int:
                builder = logicalType switch
                {
                    _ when type is null && logicalType is null => SchemaBuilder.Int32(),
                    "date" => ConnectDate.Builder(),
                    "time-millis" => ConnectTime.Builder(),
                    not null => SchemaBuilder.Int32(),
                    null => type switch
                    {
                        "int8" => SchemaBuilder.Int8(),
                        "int16" => SchemaBuilder.Int16(),
                        _ => throw new DataException("Connect type annotation for Avro int field is null"),
                    },
                };
                break;
            case AvroType.Long:
                builder = string.Equals(logicalType, "timestamp-millis", StringComparison.OrdinalIgnoreCase) ? ConnectTimestamp.Builder() : SchemaBuilder.Int64();
                break;
            case AvroType.String:
                builder = SchemaBuilder.String();
                break;
            case AvroType.Array:
            {
                var items = ((AvroArraySchema)schema).Items;
                if (items is AvroRecordSchema entry && IsMapEntry(entry))
                {
                    if (entry.Fields.Count != 2 || entry.GetField("key") is not { } key || entry.GetField("value") is not { } value)
                    {
                        throw new DataException("Found map encoded as array of key-value pairs, but array elements do not match the expected format.");
                    }

                    builder = SchemaBuilder.Map(ToConnectSchema(key.Schema, false, null, null), ToConnectSchema(value.Schema, false, null, null));
                }
                else
                {
                    builder = SchemaBuilder.Array(ToConnectSchema(items, false, null, null));
                }

                break;
            }

            case AvroType.Map:
                builder = SchemaBuilder.Map(ConnectSchema.String, ToConnectSchema(((AvroMapSchema)schema).Values, false, null, null));
                break;
            case AvroType.Record:
                builder = SchemaBuilder.Struct();
                foreach (var field in ((AvroRecordSchema)schema).Fields)
                {
                    builder.Field(field.Name, ToConnectSchema(field.Schema, false, field.Default, null));
                }

                break;
            case AvroType.Enum:
            {
                var enumSchema = (AvroEnumSchema)schema;
                builder = SchemaBuilder.String();
                builder.Parameter(EnumTypeName, enumSchema.FullName);
                foreach (var symbol in enumSchema.Symbols)
                {
                    builder.Parameter(EnumTypeName + "." + symbol, symbol);
                }

                break;
            }

            case AvroType.Union:
            {
                var union = (AvroUnionSchema)schema;
                if (union.Branches.Count == 1)
                {
                    return ToConnectSchema(union.Branches[0], forceOptional, null, version);
                }

                if (union.Branches.Count == 2 && union.NullIndex >= 0)
                {
                    var member = union.Branches[1 - union.NullIndex];
                    return ToConnectSchema(member, true, fieldDefault is { IsNull: false } ? fieldDefault : null, version);
                }

                builder = SchemaBuilder.Struct().Name(UnionTypeName);
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in union.Branches)
                {
                    if (member.Type == AvroType.Null)
                    {
                        builder.Optional();
                        continue;
                    }

                    var fieldName = UnionMemberFieldName(member);
                    if (!names.Add(fieldName))
                    {
                        throw new DataException("Multiple union schemas map to the Connect union field name");
                    }

                    builder.Field(fieldName, ToConnectSchema(member, true, null, null));
                }

                break;
            }

            case AvroType.Null:
                throw new DataException("Standalone null schemas are not supported by this converter");
            default:
                throw new DataException("Couldn't translate unsupported schema type " + schema.Type.SchemaName() + ".");
        }

        if (options.ConnectMetaData && schema.GetTextProperty(ConnectDoc) is { } doc)
        {
            builder.Doc(doc);
        }

        if (schema.GetProperty(ConnectVersion) is { } versionJson)
        {
            builder.Version(versionJson.IsInt32 ? (int)versionJson.IntegerValue : throw new DataException("Invalid Connect version found: " + versionJson));
        }
        else if (version is { } registryVersion)
        {
            builder.Version(registryVersion);
        }

        if (options.ConnectMetaData && schema.GetProperty(ConnectParameters) is { } parameters)
        {
            if (parameters.Kind != AvroJsonKind.Object)
            {
                throw new DataException("Expected JSON object for schema parameters but found: " + parameters);
            }

            foreach (var (key, value) in parameters.Properties)
            {
                builder.Parameter(key, value.IsString ? value.StringValue : throw new DataException("Expected schema parameter values to be strings but found: " + value));
            }
        }

        var name = schema.GetProperty(ConnectName) is { } nameJson
            ? nameJson.IsString ? nameJson.StringValue : throw new DataException("Invalid schema name: " + nameJson)
            : schema.Type is AvroType.Record or AvroType.Enum ? schema.FullName
            : schema.Type == AvroType.Fixed && !string.Equals(logicalType, "decimal", StringComparison.OrdinalIgnoreCase) ? schema.FullName
            : null;
        if (name is not null && !name.StartsWith(DefaultSchemaFullName, StringComparison.Ordinal))
        {
            builder.Name(name);
        }

        if (forceOptional)
        {
            builder.Optional();
        }

        var defaultJson = fieldDefault ?? schema.GetProperty(ConnectDefault);
        if (defaultJson is { IsNull: false })
        {
            var withoutDefault = builder.Build();
            try
            {
                builder.DefaultValue(ToConnectValue(withoutDefault, schema, DatumOfJson(schema, defaultJson)));
            }
            catch (DataException)
            {
                // As Confluent does: an invalid default is ignored (logged there), the schema is still usable.
            }
            catch (InvalidCastException)
            {
            }
        }

        return builder.Build();
    }

    /// <summary>The generic datum of a JSON default for a (non-union) Avro schema.</summary>
    private static object? DatumOfJson(AvroSchema schema, AvroJsonValue json)
    {
        if (json.IsNull)
        {
            return null;
        }

        return schema switch
        {
            AvroUnionSchema union => DatumOfJson(union.Branches.First(b => b.Type != AvroType.Null), json),
            { Type: AvroType.Boolean } => json.BooleanValue,
            { Type: AvroType.Int } => (int)json.IntegerValue,
            { Type: AvroType.Long } => (long)json.IntegerValue,
            { Type: AvroType.Float } => (float)json.NumberValue,
            { Type: AvroType.Double } => json.NumberValue,
            { Type: AvroType.String } => json.StringValue,
            { Type: AvroType.Bytes } => Encoding.Latin1.GetBytes(json.StringValue),
            AvroFixedSchema => Encoding.Latin1.GetBytes(json.StringValue),
            AvroEnumSchema e => new AvroEnumSymbol(e, json.StringValue),
            AvroArraySchema a => json.Items.Select(i => DatumOfJson(a.Items, i)).ToList(),
            AvroMapSchema m => json.Properties.ToDictionary(p => p.Key, p => DatumOfJson(m.Values, p.Value)),
            AvroRecordSchema r => RecordOfJson(r, json),
            _ => throw new DataException("Unsupported default for " + schema),
        };
    }

    private static AvroRecord RecordOfJson(AvroRecordSchema schema, AvroJsonValue json)
    {
        var record = new AvroRecord(schema);
        foreach (var field in schema.Fields)
        {
            var value = json.Get(field.Name) ?? field.Default;
            record[field.Position] = value is null ? null : DatumOfJson(field.Schema, value);
        }

        return record;
    }

    // ---- Avro datum → Connect value ----

    /// <summary>The Connect value of a generic datum read with <paramref name="avro"/>, for the schema <see cref="ToConnectSchema(AvroSchema, int?)"/> gave.</summary>
    public object? ToConnectValue(ConnectSchema schema, AvroSchema avro, object? datum)
    {
        if (datum is null)
        {
            return null;
        }

        if (avro is AvroUnionSchema union)
        {
            var branch = Branch(union, datum);
            if (IsUnion(schema))
            {
                var fieldName = UnionMemberFieldName(branch);
                var field = schema.Field(fieldName) ?? throw new DataException("No union field " + fieldName + " in " + schema);
                return new Struct(schema).Put(field, ToConnectValue(field.Schema, branch, datum));
            }

            return ToConnectValue(schema, branch, datum);
        }

        switch (schema.Name)
        {
            case ConnectDecimal.LogicalName:
                return ConnectDecimal.ToLogical(schema, datum is AvroFixed f ? f.Value : (byte[])datum);
            case ConnectDate.LogicalName:
                return ConnectDate.ToLogical(schema, (int)datum);
            case ConnectTime.LogicalName:
                return ConnectTime.ToLogical(schema, (int)datum);
            case ConnectTimestamp.LogicalName:
                return ConnectTimestamp.ToLogical(schema, (long)datum);
            default:
                break;
        }

        switch (schema.Type)
        {
            case SchemaType.Int8:
                return (sbyte)(int)datum;
            case SchemaType.Int16:
                return (short)(int)datum;
            case SchemaType.Bytes:
                return datum is AvroFixed fixedValue ? fixedValue.Value : datum;
            case SchemaType.String:
                return datum is AvroEnumSymbol symbol ? symbol.Symbol : datum;
            case SchemaType.Array:
            {
                var items = ((AvroArraySchema)avro).Items;
                return ((List<object?>)datum).Select(item => ToConnectValue(schema.ValueSchema!, items, item)).ToList();
            }

            case SchemaType.Map when avro is AvroMapSchema mapSchema:
            {
                var map = new Dictionary<object, object?>();
                foreach (var (key, value) in (Dictionary<string, object?>)datum)
                {
                    map[key] = ToConnectValue(schema.ValueSchema!, mapSchema.Values, value);
                }

                return map;
            }

            case SchemaType.Map:
            {
                var entrySchema = (AvroRecordSchema)((AvroArraySchema)avro).Items;
                var map = new Dictionary<object, object?>();
                foreach (var item in (List<object?>)datum)
                {
                    var entry = (AvroRecord)item!;
                    var key = ToConnectValue(schema.KeySchema!, entrySchema.Fields[0].Schema, entry[0]) ?? throw new DataException("Map keys may not be null");
                    map[key] = ToConnectValue(schema.ValueSchema!, entrySchema.Fields[1].Schema, entry[1]);
                }

                return map;
            }

            case SchemaType.Struct:
            {
                var record = (AvroRecord)datum;
                var result = new Struct(schema);
                foreach (var field in schema.Fields)
                {
                    var avroField = record.Schema.GetField(field.Name) ?? throw new DataException("Record " + record.Schema.FullName + " has no field " + field.Name);
                    result.Put(field, ToConnectValue(field.Schema, avroField.Schema, record[avroField.Position]));
                }

                return result;
            }

            default:
                return datum;
        }
    }

    // ---- helpers ----

    /// <summary>The branch a decoded datum was read with: named values by name, the others by their C# type.</summary>
    private static AvroSchema Branch(AvroUnionSchema union, object datum)
    {
        var name = datum switch
        {
            AvroRecord r => r.Schema.FullName,
            AvroEnumSymbol e => e.Schema.FullName,
            AvroFixed f => f.Schema.FullName,
            bool => "boolean",
            int => "int",
            long => "long",
            float => "float",
            double => "double",
            string => "string",
            byte[] => "bytes",
            Dictionary<string, object?> => "map",
            _ => "array",
        };
        var index = union.IndexOf(name);
        return index >= 0 ? union.Branches[index] : throw new DataException("A " + name + " value matches no branch of the union " + union);
    }

    private static bool IsUnion(ConnectSchema schema) => schema.Type == SchemaType.Struct && schema.Name == UnionTypeName;

    private static bool IsMapEntry(AvroRecordSchema schema) =>
        (schema.Namespace == Namespace && schema.Name == MapEntryTypeName) || schema.GetTextProperty(ConnectInternalType) == MapEntryTypeName;

    private string UnionMemberFieldName(AvroSchema schema) =>
        schema is AvroNamedSchema named ? options.EnhancedSchemaSupport ? named.FullName : named.Name : schema.Type.SchemaName();

    private static ConnectSchema NonOptional(ConnectSchema schema)
    {
        if (!schema.IsOptional)
        {
            return schema;
        }

        var builder = SchemaBuilder.From(schema).Required();
        foreach (var field in schema.Fields)
        {
            builder.Field(field.Name, field.Schema);
        }

        return builder.Build();
    }

    private static void WriteName(Utf8JsonWriter writer, string space, string name)
    {
        writer.WriteString("name", name);
        if (space.Length > 0)
        {
            writer.WriteString("namespace", space);
        }
    }

    private static int DecimalPrecision(ConnectSchema schema) =>
        schema.Parameters is { } p && p.TryGetValue(DecimalPrecisionParameter, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var precision)
            ? precision
            : DecimalPrecisionDefault;

    private static (string Namespace, string Name) NameOrDefault(FromConnectContext context, string? name)
    {
        if (name is null)
        {
            var index = ++context.DefaultNames;
            return (Namespace, DefaultSchemaName + (index > 1 ? index.ToString(CultureInfo.InvariantCulture) : string.Empty));
        }

        var dot = name.LastIndexOf('.');
        return dot < 0 ? (string.Empty, name) : (name[..dot], name[(dot + 1)..]);
    }

    private static string AvroTypeName(SchemaType type) => type switch
    {
        SchemaType.Int8 or SchemaType.Int16 or SchemaType.Int32 => "int",
        SchemaType.Int64 => "long",
        SchemaType.Float32 => "float",
        SchemaType.Float64 => "double",
        SchemaType.Boolean => "boolean",
        SchemaType.String => "string",
        SchemaType.Bytes => "bytes",
        _ => throw new DataException("Unknown schema type: " + type),
    };

    private sealed class FromConnectContext
    {
        public Dictionary<ConnectSchema, string> Written { get; } = [];

        public int DefaultNames { get; set; }
    }
}

/// <summary>AvroDataConfig's settings: connect.meta.data, enhanced.avro.schema.support, schemas.cache.config.</summary>
internal sealed record AvroDataOptions(bool ConnectMetaData = true, bool EnhancedSchemaSupport = false, int CacheSize = 1000);
