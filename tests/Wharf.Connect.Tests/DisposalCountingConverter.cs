using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Converters;

namespace Wharf.Connect.Tests;

/// <summary>A test converter (a StringConverter underneath) that counts how many of its instances were disposed.</summary>
public sealed class DisposalCountingConverter : IConverter, IDisposable
{
    private static int _disposed;
    private readonly StringConverter _inner = new();

    public static int Disposed => Volatile.Read(ref _disposed);

    public ConfigDef Config => _inner.Config;

    public void Configure(IReadOnlyDictionary<string, string> configs, bool isKey) => _inner.Configure(configs, isKey);

    public byte[]? FromConnectData(string topic, ConnectHeaders headers, Schema? schema, object? value) => _inner.FromConnectData(topic, headers, schema, value);

    public SchemaAndValue ToConnectData(string topic, ConnectHeaders headers, byte[]? value) => _inner.ToConnectData(topic, headers, value);

    public void Dispose() => Interlocked.Increment(ref _disposed);
}
