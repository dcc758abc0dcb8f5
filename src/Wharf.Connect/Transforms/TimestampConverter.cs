using System.Globalization;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Transforms;

/// <summary>
/// TimestampConverter: converts the whole key/value, or its <c>field</c>, between timestamp representations
/// (<c>target.type</c>): <c>string</c> (a SimpleDateFormat <c>format</c>, in UTC), <c>unix</c> (an INT64 in
/// <c>unix.precision</c>), and the Connect logical types Date, Time and Timestamp. The source representation comes
/// from the schema (Timestamp/Date/Time names, STRING, INT64), or without a schema from the value's type.
/// </summary>
public abstract class TimestampConverter : ITransformation
{
    private const string Purpose = "converting timestamp formats";
    private const string TypeString = "string";
    private const string TypeUnix = "unix";
    private const string TypeDate = "Date";
    private const string TypeTime = "Time";
    private const string TypeTimestamp = "Timestamp";

    private readonly Dictionary<Schema, Schema> _schemas = [];
    private string _field = string.Empty;
    private string _type = TypeTimestamp;
    private string? _pattern;
    private string? _dotNetFormat;
    private string _unixPrecision = "milliseconds";
    private bool _replaceNullWithDefault = true;

    private protected TimestampConverter()
    {
    }

    private protected abstract bool IsKey { get; }

    public ConfigDef Config { get; } = new ConfigDef()
        .Define("field", ConfigType.String, string.Empty, Importance.High, "The field containing the timestamp, or empty if the entire value is a timestamp")
        .DefineRequired("target.type", ConfigType.String, ConfigValidators.OneOf(TypeString, TypeUnix, TypeDate, TypeTime, TypeTimestamp), Importance.High, "The desired timestamp representation: string, unix, Date, Time, or Timestamp")
        .Define("format", ConfigType.String, string.Empty, Importance.Medium, "A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.")
        .Define("unix.precision", ConfigType.String, "milliseconds", ConfigValidators.OneOf("nanoseconds", "microseconds", "milliseconds", "seconds"), Importance.Low, "The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. Used to generate the output when type=unix or used to parse the input if the input is a Long.Note: This SMT will cause precision loss during conversions from, and to, values with sub-millisecond components.")
        .Define("replace.null.with.default", ConfigType.Boolean, true, Importance.Medium, "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.");

    public void Configure(IReadOnlyDictionary<string, string> configs)
    {
        var config = new ParsedConfig(Config, configs);
        _field = config.GetString("field") ?? string.Empty;
        _type = config.GetString("target.type")!;
        _unixPrecision = config.GetString("unix.precision")!;
        _replaceNullWithDefault = config.GetBoolean("replace.null.with.default");
        var pattern = config.GetString("format");
        if (_type == TypeString && string.IsNullOrWhiteSpace(pattern))
        {
            throw new ConfigException("TimestampConverter requires format option to be specified when using string timestamps");
        }

        if (!string.IsNullOrWhiteSpace(pattern))
        {
            if (!JavaDateFormat.IsValid(pattern))
            {
                throw new ConfigException("TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: " + pattern);
            }

            _pattern = pattern;
            _dotNetFormat = JavaDateFormat.ToDotNet(pattern);
        }

        lock (_schemas)
        {
            _schemas.Clear();
        }
    }

    public ConnectRecord? Apply(ConnectRecord record)
    {
        var schema = RecordParts.SchemaOf(record, IsKey);
        var value = RecordParts.ValueOf(record, IsKey);
        if (schema is null)
        {
            if (value is null || _field.Length == 0)
            {
                return RecordParts.With(record, IsKey, null, Convert(value, null));
            }

            var map = RecordParts.RequireMap(value, Purpose);
            map[_field] = Convert(map.GetValueOrDefault(_field), null);
            return RecordParts.With(record, IsKey, null, RecordParts.ToMap(map));
        }

        if (_field.Length == 0)
        {
            return RecordParts.With(record, IsKey, TargetSchema(schema.IsOptional), Convert(value, SourceType(schema)));
        }

        var s = value is null ? null : RecordParts.RequireStruct(value, Purpose);
        var updatedSchema = UpdatedSchema(schema);
        return RecordParts.With(record, IsKey, updatedSchema, s is null ? null : UpdatedStruct(s, updatedSchema));
    }

    private Schema UpdatedSchema(Schema schema)
    {
        lock (_schemas)
        {
            if (_schemas.TryGetValue(schema, out var known))
            {
                return known;
            }
        }

        var builder = RecordParts.CopyMetadata(schema);
        foreach (var field in schema.Fields)
        {
            builder.Field(field.Name, field.Name == _field ? TargetSchema(field.Schema.IsOptional) : field.Schema);
        }

        if (schema.DefaultValue is Struct defaultValue)
        {
            builder.DefaultValue(UpdatedStruct(defaultValue, builder.Build()));
        }

        var updated = builder.Build();
        lock (_schemas)
        {
            _schemas[schema] = updated;
        }

        return updated;
    }

    private Struct UpdatedStruct(Struct value, Schema updatedSchema)
    {
        var updated = new Struct(updatedSchema);
        foreach (var field in value.Schema.Fields)
        {
            var fieldValue = _replaceNullWithDefault ? value.Get(field) : value.GetWithoutDefault(field.Name);
            updated.Put(field.Name, field.Name == _field ? Convert(fieldValue, SourceType(field.Schema)) : fieldValue);
        }

        return updated;
    }

    private Schema TargetSchema(bool optional) => _type switch
    {
        TypeString => optional ? Schema.OptionalString : Schema.String,
        TypeUnix => optional ? Schema.OptionalInt64 : Schema.Int64,
        TypeDate => optional ? ConnectDate.Builder().Optional().Build() : ConnectDate.Schema(),
        TypeTime => optional ? ConnectTime.Builder().Optional().Build() : ConnectTime.Schema(),
        _ => optional ? ConnectTimestamp.Builder().Optional().Build() : ConnectTimestamp.Schema(),
    };

    private static string SourceType(Schema schema) => schema.Name switch
    {
        ConnectTimestamp.LogicalName => TypeTimestamp,
        ConnectDate.LogicalName => TypeDate,
        ConnectTime.LogicalName => TypeTime,
        _ => schema.Type switch
        {
            SchemaType.String => TypeString,
            SchemaType.Int64 => TypeUnix,
            _ => throw new ConnectException("Schema " + schema + " does not correspond to a known timestamp type format"),
        },
    };

    private object? Convert(object? timestamp, string? sourceType)
    {
        if (timestamp is null)
        {
            return null;
        }

        sourceType ??= timestamp switch
        {
            DateTime => TypeTimestamp,
            long => TypeUnix,
            string => TypeString,
            _ => throw new DataException("TimestampConverter does not support " + timestamp.GetType() + " objects as timestamps"),
        };
        var raw = ToRaw(timestamp, sourceType);
        return _type switch
        {
            TypeString => raw.ToString(_dotNetFormat, CultureInfo.InvariantCulture),
            TypeUnix => ToUnix(raw),
            TypeDate => raw.Date,
            TypeTime => DateTime.UnixEpoch + raw.TimeOfDay,
            _ => raw,
        };
    }

    /// <summary>The instant (a UTC DateTime, millisecond precision as java.util.Date) of a timestamp in its source representation.</summary>
    private DateTime ToRaw(object timestamp, string sourceType)
    {
        switch (sourceType)
        {
            case TypeString:
                if (timestamp is not string text)
                {
                    throw new DataException("Expected string timestamp to be a String, but found " + timestamp.GetType());
                }

                if (_dotNetFormat is null || !DateTime.TryParseExact(text, _dotNetFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    throw new DataException("Could not parse timestamp: value (" + text + ") does not match pattern (" + _pattern + ")");
                }

                return DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
            case TypeUnix:
                if (timestamp is not long unix)
                {
                    throw new DataException("Expected Unix timestamp to be a Long, but found " + timestamp.GetType());
                }

                var millis = _unixPrecision switch
                {
                    "seconds" => unix * 1000,
                    "microseconds" => unix / 1000,
                    "nanoseconds" => unix / 1_000_000,
                    _ => unix,
                };
                return DateTime.UnixEpoch.AddMilliseconds(millis);
            default:
                return timestamp is DateTime dateTime
                    ? dateTime.Kind == DateTimeKind.Local ? dateTime.ToUniversalTime() : DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)
                    : throw new DataException("Expected " + sourceType + " to be a java.util.Date, but found " + timestamp.GetType());
        }
    }

    private long ToUnix(DateTime raw)
    {
        var millis = (long)Math.Floor((raw - DateTime.UnixEpoch).TotalMilliseconds);
        return _unixPrecision switch
        {
            "seconds" => millis / 1000,
            "microseconds" => millis * 1000,
            "nanoseconds" => millis * 1_000_000,
            _ => millis,
        };
    }
}

[PluginName("org.apache.kafka.connect.transforms.TimestampConverter$Key")]
public sealed class TimestampConverterKey : TimestampConverter
{
    private protected override bool IsKey => true;
}

[PluginName("org.apache.kafka.connect.transforms.TimestampConverter$Value")]
public sealed class TimestampConverterValue : TimestampConverter
{
    private protected override bool IsKey => false;
}
