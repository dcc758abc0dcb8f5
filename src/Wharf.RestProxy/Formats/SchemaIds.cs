using Wharf.Clients.Consuming;
using Wharf.SchemaRegistry.Client;

namespace Wharf.RestProxy.Formats;

/// <summary>The schema ids a consumed record's key and value name in Confluent's wire format, where they do.</summary>
internal static class SchemaIds
{
    public static (int? Key, int? Value) Of(PolledRecord record) =>
        (Read(record.HasKey, record.Key), Read(record.HasValue, record.Value));

    private static int? Read(bool present, ReadOnlySpan<byte> data) =>
        present && ConfluentWireFormat.TryRead(data, out var id, out _) ? id : null;
}
