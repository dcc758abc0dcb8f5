using System.Globalization;
using System.Text;

namespace Wharf.Http;

/// <summary>
/// Describes the first syntax error of a malformed JSON document in the words of Jackson's parser, which the
/// original answers with unchanged (rest-utils' JsonParseExceptionMapper: 400, the exception's original message):
/// "Unrecognized token 'foobar': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or
/// 'false')", "Unexpected character ('}' (code 125)): was expecting double-quote to start field name",
/// "Unexpected end-of-input: expected close marker for OBJECT (start marker at [Source: ...; line: 1, column: 1])".
/// Only used after System.Text.Json has refused a document, so it favours clarity over speed.
/// </summary>
public static class JsonSyntaxError
{
    private const string ValidValues = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

    /// <summary>The message for the first syntax error, or null when the document is well-formed JSON.</summary>
    public static string? Find(ReadOnlySpan<byte> json) => new Scanner(json).Run();

    private ref struct Scanner(ReadOnlySpan<byte> json)
    {
        private readonly ReadOnlySpan<byte> _json = json;
        private readonly Stack<(bool IsObject, int Line, int Column)> _containers = new();
        private int _position;
        private int _line = 1;
        private int _lineStart;

        public string? Run()
        {
            if (_json.StartsWith("\uFEFF"u8))
            {
                _position = 3;
                _lineStart = 3;
            }

            var error = SkipWhitespace();
            if (error is not null)
            {
                return error;
            }

            if (AtEnd)
            {
                return null;
            }

            error = Value();
            while (error is null && _containers.Count > 0)
            {
                error = AfterValue();
            }

            return error;
        }

        private readonly bool AtEnd => _position >= _json.Length;

        private readonly byte Current => _json[_position];

        private static string Location(int line, int column) =>
            "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: " + line.ToString(CultureInfo.InvariantCulture)
            + ", column: " + column.ToString(CultureInfo.InvariantCulture) + "]";

        /// <summary>Reads one value at the current (non-blank) position; containers are opened, not finished.</summary>
        private string? Value()
        {
            var c = Current;
            switch (c)
            {
                case (byte)'{':
                    return Open(isObject: true);
                case (byte)'[':
                    return Open(isObject: false);
                case (byte)'"':
                    _position++;
                    return String("string value", ": was expecting closing quote for a string value");
                case (byte)'t':
                    return Literal("true"u8);
                case (byte)'f':
                    return Literal("false"u8);
                case (byte)'n':
                    return Literal("null"u8);
                case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                    return Number();
                default:
                    var rune = DecodeForError();
                    return IsIdentifierStart(rune)
                        ? UnrecognizedToken(string.Empty)
                        : "Unexpected character (" + Describe(rune) + "): expected a valid value " + ValidValues;
            }
        }

        private string? Open(bool isObject)
        {
            if (_containers.Count >= 1000)
            {
                return "Document nesting depth (" + (_containers.Count + 1).ToString(CultureInfo.InvariantCulture)
                    + ") exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)";
            }

            _containers.Push((isObject, _line, _position - _lineStart + 1));
            _position++;
            var error = SkipWhitespace();
            if (error is not null)
            {
                return error;
            }

            if (AtEnd)
            {
                return ExpectedCloseMarker();
            }

            if (Current == (isObject ? (byte)'}' : (byte)']'))
            {
                _position++;
                _containers.Pop();
                return null;
            }

            return isObject ? Member() : Value();
        }

        /// <summary>After a value inside a container: a comma and the next entry, or the close marker.</summary>
        private string? AfterValue()
        {
            var error = SkipWhitespace();
            if (error is not null)
            {
                return error;
            }

            var (isObject, line, column) = _containers.Peek();
            if (AtEnd)
            {
                return ExpectedCloseMarker();
            }

            var c = Current;
            if (c == ',')
            {
                _position++;
                error = SkipWhitespace();
                if (error is not null)
                {
                    return error;
                }

                return AtEnd ? BetweenEntries(isObject) : isObject ? Member() : Value();
            }

            if (c is (byte)'}' or (byte)']')
            {
                if ((c == '}') != isObject)
                {
                    return "Unexpected close marker '" + (char)c + "': expected '" + (isObject ? '}' : ']') + "' (for "
                        + (isObject ? "Object" : "Array") + " starting at " + Location(line, column) + ")";
                }

                _position++;
                _containers.Pop();
                return null;
            }

            return "Unexpected character (" + Describe(DecodeForError()) + "): was expecting comma to separate " + (isObject ? "Object" : "Array") + " entries";
        }

        /// <summary>A member name, its colon and the start of its value.</summary>
        private string? Member()
        {
            if (Current != '"')
            {
                return "Unexpected character (" + Describe(DecodeForError()) + "): was expecting double-quote to start field name";
            }

            _position++;
            var error = String("name", ": was expecting closing '\"' for name") ?? SkipWhitespace();
            if (error is not null)
            {
                return error;
            }

            if (AtEnd)
            {
                return BetweenEntries(isObject: true);
            }

            if (Current != ':')
            {
                return "Unexpected character (" + Describe(DecodeForError()) + "): was expecting a colon to separate field name and value";
            }

            _position++;
            error = SkipWhitespace();
            if (error is not null)
            {
                return error;
            }

            return AtEnd ? BetweenEntries(isObject: true) : Value();
        }

        private string? String(string what, string endOfInput)
        {
            while (!AtEnd)
            {
                var c = Current;
                if (c == '"')
                {
                    _position++;
                    return null;
                }

                if (c < 0x20)
                {
                    return "Illegal unquoted character (" + Describe(c) + "): has to be escaped using backslash to be included in " + what;
                }

                if (c == '\\')
                {
                    var error = Escape();
                    if (error is not null)
                    {
                        return error;
                    }

                    continue;
                }

                if (c >= 0x80)
                {
                    var error = Utf8Sequence();
                    if (error is not null)
                    {
                        return error;
                    }

                    continue;
                }

                _position++;
            }

            return "Unexpected end-of-input" + endOfInput;
        }

        private string? Escape()
        {
            _position++;
            if (AtEnd)
            {
                return "Unexpected end-of-input in character escape sequence";
            }

            var c = Current;
            _position++;
            if (c is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
            {
                return null;
            }

            if (c != 'u')
            {
                _position--;
                return "Unrecognized character escape " + Describe(DecodeForError());
            }

            for (var i = 0; i < 4; i++)
            {
                if (AtEnd)
                {
                    return "Unexpected end-of-input in character escape sequence";
                }

                if (!char.IsAsciiHexDigit((char)Current))
                {
                    return "Unexpected character (" + Describe(DecodeForError()) + "): expected a hex-digit for character escape sequence";
                }

                _position++;
            }

            return null;
        }

        /// <summary>A multi-byte UTF-8 character, checked as Jackson checks it (start byte, then continuation bytes).</summary>
        private string? Utf8Sequence()
        {
            var first = Current;
            var continuations = first switch
            {
                >= 0xC0 and <= 0xDF => 1,
                >= 0xE0 and <= 0xEF => 2,
                >= 0xF0 and <= 0xF7 => 3,
                _ => -1,
            };
            if (continuations < 0)
            {
                return "Invalid UTF-8 start byte 0x" + first.ToString("x", CultureInfo.InvariantCulture);
            }

            _position++;
            for (var i = 0; i < continuations; i++)
            {
                if (AtEnd)
                {
                    return null;
                }

                if ((Current & 0xC0) != 0x80)
                {
                    return "Invalid UTF-8 middle byte 0x" + Current.ToString("x", CultureInfo.InvariantCulture);
                }

                _position++;
            }

            return null;
        }

        private string? Literal(ReadOnlySpan<byte> literal)
        {
            var start = _position;
            for (var i = 0; i < literal.Length; i++)
            {
                if (AtEnd || Current != literal[i])
                {
                    return UnrecognizedToken(Encoding.ASCII.GetString(literal[..i]));
                }

                _position++;
            }

            if (!AtEnd && IsIdentifierPart(DecodeForError()))
            {
                _position = start + literal.Length;
                return UnrecognizedToken(Encoding.ASCII.GetString(literal));
            }

            return _containers.Count == 0 ? RootSpace() : null;
        }

        private string? Number()
        {
            if (Current == '-')
            {
                _position++;
                if (AtEnd || !char.IsAsciiDigit((char)Current))
                {
                    return AtEnd
                        ? "Unexpected end-of-input in a Number value"
                        : "Unexpected character (" + Describe(DecodeForError()) + ") in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value";
                }
            }

            if (Current == '0' && _position + 1 < _json.Length && char.IsAsciiDigit((char)_json[_position + 1]))
            {
                return "Invalid numeric value: Leading zeroes not allowed";
            }

            SkipDigits();
            if (!AtEnd && Current == '.')
            {
                _position++;
                if (AtEnd || !char.IsAsciiDigit((char)Current))
                {
                    return AtEnd
                        ? "Unexpected end-of-input in a Number value"
                        : "Unexpected character (" + Describe(DecodeForError()) + ") in numeric value: Decimal point not followed by a digit";
                }

                SkipDigits();
            }

            if (!AtEnd && Current is (byte)'e' or (byte)'E')
            {
                _position++;
                if (!AtEnd && Current is (byte)'+' or (byte)'-')
                {
                    _position++;
                }

                if (AtEnd || !char.IsAsciiDigit((char)Current))
                {
                    return AtEnd
                        ? "Unexpected end-of-input in a Number value"
                        : "Unexpected character (" + Describe(DecodeForError()) + ") in numeric value: Exponent indicator not followed by a digit";
                }

                SkipDigits();
            }

            return _containers.Count == 0 ? RootSpace() : null;
        }

        private void SkipDigits()
        {
            while (!AtEnd && char.IsAsciiDigit((char)Current))
            {
                _position++;
            }
        }

        /// <summary>A root-level scalar must be followed by white space or the end (Jackson's _verifyRootSpace).</summary>
        private readonly string? RootSpace() =>
            AtEnd || Current is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'
                ? null
                : "Unexpected character (" + Describe(DecodeForError()) + "): Expected space separating root-level values";

        private string UnrecognizedToken(string matched)
        {
            var token = new StringBuilder(matched);
            while (!AtEnd)
            {
                var rune = DecodeForError();
                if (!IsIdentifierPart(rune))
                {
                    break;
                }

                token.Append(rune.ToString());
                _position += rune.Utf8SequenceLength;
                if (token.Length >= 256)
                {
                    token.Append("...");
                    break;
                }
            }

            return "Unrecognized token '" + token + "': was expecting " + ValidValues;
        }

        private string? SkipWhitespace()
        {
            while (!AtEnd)
            {
                var c = Current;
                if (c is (byte)' ' or (byte)'\t')
                {
                    _position++;
                }
                else if (c is (byte)'\n' or (byte)'\r')
                {
                    _position++;
                    if (c == '\r' && !AtEnd && Current == '\n')
                    {
                        _position++;
                    }

                    _line++;
                    _lineStart = _position;
                }
                else if (c < 0x20)
                {
                    return "Illegal character (" + Describe(c) + "): only regular white space (\\r, \\n, \\t) is allowed between tokens";
                }
                else if (c == '/')
                {
                    // Jackson looks for a comment wherever it skips white space, and refuses it (ALLOW_COMMENTS is off).
                    return "Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)";
                }
                else
                {
                    return null;
                }
            }

            return null;
        }

        private readonly string ExpectedCloseMarker()
        {
            var (isObject, line, column) = _containers.Peek();
            return "Unexpected end-of-input: expected close marker for " + (isObject ? "OBJECT" : "ARRAY") + " (start marker at " + Location(line, column) + ")";
        }

        private static string BetweenEntries(bool isObject) => "Unexpected end-of-input within/between " + (isObject ? "Object" : "Array") + " entries";

        private readonly Rune DecodeForError() =>
            Rune.DecodeFromUtf8(_json[_position..], out var rune, out _) == System.Buffers.OperationStatus.Done ? rune : new Rune(_json[_position]);

        private static bool IsIdentifierStart(Rune rune) =>
            rune.Value is '_' or '$' || Rune.IsLetter(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.CurrencySymbol or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.LetterNumber;

        private static bool IsIdentifierPart(Rune rune) =>
            IsIdentifierStart(rune) || Rune.IsDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

        /// <summary>Jackson's _getCharDesc: 'c' (code 99), (CTRL-CHAR, code 10), or 'é' (code 233) / with hex above 255.</summary>
        private static string Describe(Rune rune)
        {
            var code = rune.Value;
            if (code < 0x20 || code is >= 0x7F and <= 0x9F)
            {
                return "(CTRL-CHAR, code " + code.ToString(CultureInfo.InvariantCulture) + ")";
            }

            var text = "'" + rune + "' (code " + code.ToString(CultureInfo.InvariantCulture);
            return code > 255 ? text + " / 0x" + code.ToString("x", CultureInfo.InvariantCulture) + ")" : text + ")";
        }

        private static string Describe(byte c) => Describe(new Rune(c));
    }
}
