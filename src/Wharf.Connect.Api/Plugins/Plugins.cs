using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Api.Plugins;

/// <summary>
/// A name a plugin is also known by, typically the Java class name configs written for Apache Kafka Connect use
/// ("org.apache.kafka.connect.file.FileStreamSourceConnector"). Its simple name (after the last dot) becomes an
/// alias too.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PluginNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Turns Connect data into bytes for Kafka and back (Apache's Converter); configured once for keys or values.</summary>
public interface IConverter
{
    ConfigDef Config { get; }

    /// <summary>Configures the converter with its settings (the key.converter. or value.converter. prefix removed).</summary>
    void Configure(IReadOnlyDictionary<string, string> configs, bool isKey);

    byte[]? FromConnectData(string topic, ConnectHeaders headers, Schema? schema, object? value);

    SchemaAndValue ToConnectData(string topic, ConnectHeaders headers, byte[]? value);

    /// <summary>
    /// <see cref="ToConnectData(string, ConnectHeaders, byte[])"/> on a view of the bytes (a null key or value when
    /// <paramref name="isNull"/>): sink tasks read records in the consumer's own buffer, so a converter that only
    /// decodes them needs no array per record. By default the bytes are copied into one.
    /// </summary>
    SchemaAndValue ToConnectData(string topic, ConnectHeaders headers, ReadOnlySpan<byte> value, bool isNull) =>
        ToConnectData(topic, headers, isNull ? null : value.ToArray());
}

/// <summary>A single message transformation (Apache's Transformation): returns the changed record, or null to drop it.</summary>
public interface ITransformation
{
    ConfigDef Config { get; }

    void Configure(IReadOnlyDictionary<string, string> configs);

    ConnectRecord? Apply(ConnectRecord record);
}

/// <summary>A condition on a record that decides whether a transformation applies (Apache's Predicate).</summary>
public interface IPredicate
{
    ConfigDef Config { get; }

    void Configure(IReadOnlyDictionary<string, string> configs);

    bool Test(ConnectRecord record);
}
