using System.Buffers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using GoogleWire = Google.Protobuf.WireFormat.WireType;

namespace Wharf.Protobuf.Tests;

/// <summary>
/// Encodings are checked against Google.Protobuf 3.25.1 (its CodedOutputStream for hand-built messages, its
/// generated well-known types and JsonParser/JsonFormatter for their special JSON forms) and against the byte
/// vectors in protobuf.dev's encoding guide.
/// </summary>
public sealed class CodecTests
{
    private static readonly ProtobufSchema Shop = Schemas.Parse("""
        syntax = "proto3";
        package shop;
        import "google/protobuf/timestamp.proto";
        import "google/protobuf/duration.proto";
        import "google/protobuf/wrappers.proto";
        import "google/protobuf/struct.proto";
        message Order {
          int32 small = 1;
          string name = 2;
          repeated int32 counts = 3;
          int64 big = 4;
          sint32 delta = 5;
          bytes blob = 6;
          double price = 7;
          Status status = 8;
          map<string, int32> stock = 9;
          Line line = 10;
          repeated Line lines = 11;
          fixed64 id = 12;
          float ratio = 13;
          bool paid = 14;
          oneof payment { string card = 15; string iban = 16; }
          google.protobuf.Timestamp at = 17;
          google.protobuf.Duration took = 18;
          google.protobuf.Int64Value maybe = 19;
          google.protobuf.Struct extra = 20;
          uint64 huge = 21;
          optional int32 explicit_zero = 22;
          enum Status { NEW = 0; PAID = 1; }
          message Line { string sku = 1; sfixed32 qty = 2; }
        }
        message Test1 { int32 a = 1; }
        message Test2 { string b = 2; }
        message Test4 { repeated int32 d = 4; }
        """);

    [Theory]
    [InlineData("shop.Test1", """{"a":150}""", "08 96 01")]
    [InlineData("shop.Test2", """{"b":"testing"}""", "12 07 74 65 73 74 69 6e 67")]
    [InlineData("shop.Test4", """{"d":[3,270,86942]}""", "22 06 03 8e 02 9e a7 05")]
    public void Encodings_match_the_byte_vectors_of_the_protobuf_encoding_guide(string message, string json, string hex)
    {
        var bytes = Encode(message, json);

        Assert.Equal(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), bytes);
        Assert.Equal(json, Decode(message, bytes));
    }

    [Fact]
    public void Encoding_matches_Google_Protobufs_coded_output_field_by_field()
    {
        var expected = new MemoryStream();
        var output = new CodedOutputStream(expected);
        output.WriteTag(1, GoogleWire.Varint);
        output.WriteInt32(-1);
        output.WriteTag(2, GoogleWire.LengthDelimited);
        output.WriteString("héllo");
        output.WriteTag(3, GoogleWire.LengthDelimited);
        output.WriteLength(CodedOutputStream.ComputeInt32Size(1) + CodedOutputStream.ComputeInt32Size(300));
        output.WriteInt32(1);
        output.WriteInt32(300);
        output.WriteTag(4, GoogleWire.Varint);
        output.WriteInt64(-9_007_199_254_740_993);
        output.WriteTag(5, GoogleWire.Varint);
        output.WriteSInt32(-2);
        output.WriteTag(6, GoogleWire.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(1, 2, 255));
        output.WriteTag(7, GoogleWire.Fixed64);
        output.WriteDouble(1.5);
        output.WriteTag(8, GoogleWire.Varint);
        output.WriteEnum(1);
        output.WriteTag(10, GoogleWire.LengthDelimited);
        output.WriteLength(3 + 5);
        output.WriteTag(1, GoogleWire.LengthDelimited);
        output.WriteString("x");
        output.WriteTag(2, GoogleWire.Fixed32);
        output.WriteSFixed32(-3);
        output.WriteTag(12, GoogleWire.Fixed64);
        output.WriteFixed64(ulong.MaxValue);
        output.WriteTag(13, GoogleWire.Fixed32);
        output.WriteFloat(0.25f);
        output.WriteTag(14, GoogleWire.Varint);
        output.WriteBool(true);
        output.WriteTag(16, GoogleWire.LengthDelimited);
        output.WriteString("DE00");
        output.WriteTag(22, GoogleWire.Varint);
        output.WriteInt32(0);
        output.Flush();

        // JSON members out of number order, proto and JSON names mixed, default-valued implicit fields present.
        var bytes = Encode("shop.Order", """
            {"explicitZero":0,"paid":true,"ratio":0.25,"id":"18446744073709551615","line":{"sku":"x","qty":-3},
             "status":"PAID","price":1.5,"blob":"AQL/","delta":-2,"big":"-9007199254740993","counts":[1,300],
             "name":"héllo","small":-1,"iban":"DE00","huge":"0","card":null}
            """);

        Assert.Equal(expected.ToArray(), bytes);
    }

    [Fact]
    public void Decoding_gives_canonical_proto3_json()
    {
        var bytes = Encode("shop.Order", """
            {"small":-1,"name":"n","counts":[1,2],"big":"7","delta":-2,"blob":"AQL/","price":1.5,"status":"PAID",
             "stock":{"a":1,"b":0},"line":{"sku":"x"},"lines":[{"qty":1},{}],"id":"5","ratio":1.1,"paid":false,
             "card":"","at":"2017-01-15T01:30:15.010Z","took":"-1.5s","maybe":"0","extra":{"k":[1,"s",true,null,{}]},
             "huge":"18446744073709551615","explicit_zero":0}
            """);

        Assert.Equal(
            """{"small":-1,"name":"n","counts":[1,2],"big":"7","delta":-2,"blob":"AQL/","price":1.5,"status":"PAID","stock":{"a":1,"b":0},"line":{"sku":"x"},"lines":[{"qty":1},{}],"id":"5","ratio":1.1,"card":"","at":"2017-01-15T01:30:15.010Z","took":"-1.500s","maybe":"0","extra":{"k":[1,"s",true,null,{}]},"huge":"18446744073709551615","explicitZero":0}""",
            Decode("shop.Order", bytes));
    }

    [Theory]
    [InlineData("""{"at":"1972-01-01T10:00:20.021Z"}""")]
    [InlineData("""{"at":"0001-01-01T00:00:00Z"}""")]
    [InlineData("""{"took":"3.000001s"}""")]
    [InlineData("""{"took":"-0.5s"}""")]
    [InlineData("""{"maybe":"-5"}""")]
    [InlineData("""{"extra":{"a":1.5,"b":[true,null,"x"],"c":{"d":"e"}}}""")]
    public void Well_known_types_encode_as_Google_Protobuf_encodes_them(string json)
    {
        var field = JsonDocument.Parse(json).RootElement.EnumerateObject().Single();
        IMessage reference = field.Name switch
        {
            "at" => Timestamp.Parser.ParseJson(field.Value.GetRawText()),
            "took" => Duration.Parser.ParseJson(field.Value.GetRawText()),
            "maybe" => Int64Value.Parser.ParseJson(field.Value.GetRawText()),
            _ => Struct.Parser.ParseJson(field.Value.GetRawText()),
        };
        var message = Shop.FindMessage("shop.Order")!.FindByName(field.Name)!.MessageType!;
        var writer = new ArrayBufferWriter<byte>();

        Assert.True(ProtobufJson.TryEncode(message, field.Value, writer, out var error), error);
        Assert.Equal(reference.ToByteArray(), writer.WrittenSpan.ToArray());
        Assert.Equal(JsonFormatter.Default.Format(reference).Replace(" ", "", StringComparison.Ordinal), Decode(message, reference.ToByteArray()).Replace(" ", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"nope":1}""", "#/nope: message shop.Order has no field named 'nope'")]
    [InlineData("""{"small":"x"}""", "#/small: expected an integer within int32 range")]
    [InlineData("""{"small":2147483648}""", "#/small: expected an integer within int32 range")]
    [InlineData("""{"small":1.5}""", "#/small: expected an integer within int32 range")]
    [InlineData("""{"huge":-1}""", "#/huge: expected an integer within uint64 range")]
    [InlineData("""{"name":5}""", "#/name: expected a string, found number")]
    [InlineData("""{"blob":"!!"}""", "#/blob: expected base64 text")]
    [InlineData("""{"status":"LOST"}""", "#/status: 'LOST' is not a value of enum shop.Order.Status")]
    [InlineData("""{"card":"a","iban":"b"}""", "#/iban: fields card and iban are both in oneof payment")]
    [InlineData("""{"counts":5}""", "#/counts: expected an array for repeated field counts")]
    [InlineData("""{"line":{"sku":1}}""", "#/line/sku: expected a string")]
    [InlineData("""{"at":"yesterday"}""", "#/at: expected an RFC 3339 timestamp")]
    [InlineData("""{"ratio":1e39}""", "#/ratio: expected a number")]
    [InlineData("[]", "#: expected an object for message shop.Order, found array")]
    public void Bad_json_is_refused_with_the_path_and_the_reason(string json, string expected)
    {
        var writer = new ArrayBufferWriter<byte>();

        Assert.False(ProtobufJson.TryEncode(Shop.FindMessage("shop.Order")!, JsonDocument.Parse(json).RootElement, writer, out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("08", "cut varint in field 1")]
    [InlineData("12 05 61", "length of field 2 of shop.Order runs past the end")]
    [InlineData("15 00 00 00 00", "field name (string) arrived with wire type 5")]
    [InlineData("0b", "unsupported wire type 3")]
    [InlineData("00", "malformed tag")]
    [InlineData("12 01 ff", "not valid UTF-8")]
    public void Bad_binary_is_refused_with_a_reason(string hex, string expected)
    {
        var writer = new Utf8JsonWriter(new ArrayBufferWriter<byte>());

        Assert.False(ProtobufJson.TryDecode(Shop.FindMessage("shop.Order")!, Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), writer, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpacked_repeated_values_interleaved_with_other_fields_keep_their_wire_order()
    {
        Assert.Equal("""{"small":5,"counts":[1,2,3]}""", Decode("shop.Order", Convert.FromHexString("1801" + "0805" + "1802" + "1A0103")));
    }

    [Fact]
    public void Unknown_field_numbers_in_binary_are_skipped()
    {
        Assert.Equal("""{"a":1}""", Decode("shop.Test1", Convert.FromHexString("0801" + "A00601" + "08" + "01")));
    }

    private static byte[] Encode(string message, string json)
    {
        var writer = new ArrayBufferWriter<byte>();
        Assert.True(ProtobufJson.TryEncode(Shop.FindMessage(message)!, JsonDocument.Parse(json).RootElement, writer, out var error), error);
        return writer.WrittenSpan.ToArray();
    }

    private static string Decode(string message, byte[] bytes) => Decode(Shop.FindMessage(message)!, bytes);

    private static string Decode(Schema.MessageDescriptor message, byte[] bytes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Assert.True(ProtobufJson.TryDecode(message, bytes, writer, out var error), error);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
