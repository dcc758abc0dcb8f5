using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Wharf.RestProxy.Formats;

/// <summary>
/// Writes one JSON value as the original writes a Jackson JsonNode (its KafkaJsonSerializer for the json format,
/// and JsonNode.toString() in its error messages): compact, members in document order, strings in raw UTF-8 with
/// only '"', '\' and control characters escaped (\b \t \n \f \r, else \u00XX in upper-case hex), integers as
/// written ("-0" is 0), and numbers with a fraction or an exponent as Java's Double.toString prints the double
/// they denote (1.50 is 1.5, 1e2 is 100.0, 1e7 is 1.0E7; an overflow is the string "Infinity").
/// The input must be valid JSON (the request reader has checked it).
/// </summary>
public static class CompactJson
{
    /// <summary>The deepest nesting Jackson reads (StreamReadConstraints' default); the request reader uses it too.</summary>
    public const int MaxDepth = 1000;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    public static byte[] Serialize(ReadOnlySpan<byte> json)
    {
        var output = new Output(json.Length + 32);
        try
        {
            Write(json, ref output);
            return output.Written.ToArray();
        }
        finally
        {
            output.Dispose();
        }
    }

    public static string ToText(ReadOnlySpan<byte> json)
    {
        var output = new Output(json.Length + 32);
        try
        {
            Write(json, ref output);
            return System.Text.Encoding.UTF8.GetString(output.Written);
        }
        finally
        {
            output.Dispose();
        }
    }

    private static void Write(ReadOnlySpan<byte> json, ref Output output)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        var needsComma = false;
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (needsComma && token is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
            {
                output.Append((byte)',');
            }

            switch (token)
            {
                case JsonTokenType.StartObject:
                    output.Append((byte)'{');
                    break;
                case JsonTokenType.EndObject:
                    output.Append((byte)'}');
                    break;
                case JsonTokenType.StartArray:
                    output.Append((byte)'[');
                    break;
                case JsonTokenType.EndArray:
                    output.Append((byte)']');
                    break;
                case JsonTokenType.PropertyName:
                    WriteString(ref reader, ref output);
                    output.Append((byte)':');
                    break;
                case JsonTokenType.String:
                    WriteString(ref reader, ref output);
                    break;
                case JsonTokenType.Number:
                    WriteNumber(reader.ValueSpan, ref output);
                    break;
                default:
                    output.Append(reader.ValueSpan); // true, false, null
                    break;
            }

            needsComma = token is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName);
        }
    }

    private static void WriteString(ref Utf8JsonReader reader, ref Output output)
    {
        output.Append((byte)'"');
        if (!reader.ValueIsEscaped)
        {
            // Unescaped JSON text holds no quote, backslash or control character: it is already Jackson's form.
            output.Append(reader.ValueSpan);
        }
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
            try
            {
                int length;
                try
                {
                    length = reader.CopyString(rented);
                }
                catch (InvalidOperationException)
                {
                    // A lone surrogate escape (\uD800) has no UTF-8 form; keep the escaped text, which is valid JSON.
                    output.Append(reader.ValueSpan);
                    output.Append((byte)'"');
                    return;
                }

                WriteEscaped(rented.AsSpan(0, length), ref output);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        output.Append((byte)'"');
    }

    private static void WriteEscaped(ReadOnlySpan<byte> utf8, ref Output output)
    {
        while (true)
        {
            var next = utf8.IndexOfAnyInRange((byte)0, (byte)0x1F);
            var quote = utf8.IndexOfAny((byte)'"', (byte)'\\');
            var stop = next < 0 ? quote : quote < 0 ? next : Math.Min(next, quote);
            if (stop < 0)
            {
                output.Append(utf8);
                return;
            }

            output.Append(utf8[..stop]);
            var b = utf8[stop];
            switch (b)
            {
                case (byte)'"': output.Append("\\\""u8); break;
                case (byte)'\\': output.Append("\\\\"u8); break;
                case 0x08: output.Append("\\b"u8); break;
                case 0x09: output.Append("\\t"u8); break;
                case 0x0A: output.Append("\\n"u8); break;
                case 0x0C: output.Append("\\f"u8); break;
                case 0x0D: output.Append("\\r"u8); break;
                default:
                    output.Append("\\u00"u8);
                    output.Append((byte)"0123456789ABCDEF"[b >> 4]);
                    output.Append((byte)"0123456789ABCDEF"[b & 0xF]);
                    break;
            }

            utf8 = utf8[(stop + 1)..];
        }
    }

    private static void WriteNumber(ReadOnlySpan<byte> number, ref Output output)
    {
        if (number.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0)
        {
            // An integer (IntNode, LongNode or BigIntegerNode): Java prints the same digits, but -0 is 0.
            output.Append(number is [(byte)'-', (byte)'0'] ? "0"u8 : number);
            return;
        }

        var value = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
        Span<byte> text = stackalloc byte[32];
        output.Append(text[..JavaDouble.Format(value, text)]);
    }

    /// <summary>A growable buffer rented from the shared pool.</summary>
    private struct Output(int capacity) : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(capacity);
        private int _length;

        public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        public void Append(byte value)
        {
            Reserve(1);
            _buffer[_length++] = value;
        }

        public void Append(ReadOnlySpan<byte> value)
        {
            Reserve(value.Length);
            value.CopyTo(_buffer.AsSpan(_length));
            _length += value.Length;
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        private void Reserve(int count)
        {
            if (_length + count <= _buffer.Length)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
