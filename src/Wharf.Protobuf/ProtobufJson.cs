using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Wharf.Protobuf.Json;
using Wharf.Protobuf.Schema;

namespace Wharf.Protobuf;

/// <summary>
/// Converts between protobuf binary and the proto3 JSON mapping for a message described by a
/// <see cref="ProtobufSchema"/> (the REST Proxy's protobuf format, Connect's ProtobufConverter).
/// The binary here is the bare message: Confluent's magic byte, schema id and message indexes are the caller's.
/// </summary>
public static class ProtobufJson
{
    /// <summary>
    /// Encodes <paramref name="json"/> (JSON names or proto field names accepted) into <paramref name="output"/>.
    /// False with "#/path: reason" for unknown fields, wrong types, out-of-range numbers, bad base64, unknown enum
    /// names or two members of one oneof; <paramref name="output"/> may then hold a partial message.
    /// </summary>
    public static bool TryEncode(
        MessageDescriptor message, JsonElement json, IBufferWriter<byte> output, [NotNullWhen(false)] out string? error) =>
        JsonToBinary.TryEncode(message, json, output, out error);

    /// <summary>
    /// Decodes <paramref name="data"/> into canonical proto3 JSON on <paramref name="writer"/>. False with
    /// "#/path: reason" for cut data, malformed tags, wire types that do not match the schema or invalid UTF-8.
    /// </summary>
    public static bool TryDecode(
        MessageDescriptor message, ReadOnlySpan<byte> data, Utf8JsonWriter writer, [NotNullWhen(false)] out string? error) =>
        BinaryToJson.TryDecode(message, data, writer, out error);
}
