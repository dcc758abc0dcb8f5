using System.Collections;
using Wharf.Connect.Api.Data;

namespace Wharf.Connect.Api.Records;

/// <summary>One record header: a key and a Connect value with an optional schema.</summary>
public sealed record ConnectHeader(string Key, Schema? Schema, object? Value);

/// <summary>
/// The ordered, mutable headers of a record (Apache's ConnectHeaders); a key may repeat. Every record has one and
/// most have no header, so the list is made by the first <see cref="Add"/>.
/// </summary>
public sealed class ConnectHeaders : IEnumerable<ConnectHeader>
{
    private List<ConnectHeader>? _headers;

    public ConnectHeaders()
    {
    }

    public ConnectHeaders(IEnumerable<ConnectHeader> headers)
    {
        _headers = [.. headers];
    }

    public int Count => _headers?.Count ?? 0;

    public ConnectHeaders Add(string key, Schema? schema, object? value)
    {
        if (schema is not null)
        {
            Schema.Validate(schema, value);
        }

        (_headers ??= []).Add(new ConnectHeader(key, schema, value));
        return this;
    }

    public ConnectHeaders AddString(string key, string? value) => Add(key, value is null ? Schema.OptionalString : Schema.String, value);

    public ConnectHeaders AddBytes(string key, byte[]? value) => Add(key, value is null ? Schema.OptionalBytes : Schema.Bytes, value);

    /// <summary>The last header with this key, or null.</summary>
    public ConnectHeader? LastWithName(string key) => _headers?.LastOrDefault(h => h.Key == key);

    public IEnumerable<ConnectHeader> AllWithName(string key) => _headers?.Where(h => h.Key == key) ?? [];

    public ConnectHeaders Remove(string key)
    {
        _headers?.RemoveAll(h => h.Key == key);
        return this;
    }

    public ConnectHeaders Duplicate() => _headers is null ? new() : new(_headers);

    public IEnumerator<ConnectHeader> GetEnumerator() => (_headers ?? Enumerable.Empty<ConnectHeader>()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
