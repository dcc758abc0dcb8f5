using System.Text;

namespace Wharf.Protobuf.Parsing;

/// <summary>
/// Splits .proto source into tokens (protobuf language spec, "Lexical elements"): identifiers, decimal/octal/hex
/// integers, floats, single- or double-quoted strings with C escapes, and punctuation; comments are skipped.
/// Problems are reported with their line and column rather than thrown.
/// </summary>
internal sealed class Lexer
{
    private readonly string _text;
    private int _position;
    private int _line = 1;
    private int _lineStart;

    public Lexer(string text) => _text = text;

    public string? Error { get; private set; }

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (Error is null)
        {
            SkipWhitespaceAndComments();
            if (Error is not null)
            {
                break;
            }
            if (_position >= _text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", _line, Column));
                break;
            }
            tokens.Add(Next());
        }
        return tokens;
    }

    private int Column => _position - _lineStart + 1;

    private void Fail(int line, int column, string message) => Error ??= line + ":" + column + ": " + message;

    private void SkipWhitespaceAndComments()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '\n')
            {
                _position++;
                _line++;
                _lineStart = _position;
            }
            else if (char.IsWhiteSpace(c))
            {
                _position++;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    _position++;
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var (line, column) = (_line, Column);
                _position += 2;
                while (_position < _text.Length && !(_text[_position] == '*' && Peek(1) == '/'))
                {
                    if (_text[_position] == '\n')
                    {
                        _line++;
                        _lineStart = _position + 1;
                    }
                    _position++;
                }
                if (_position >= _text.Length)
                {
                    Fail(line, column, "unterminated comment");
                    return;
                }
                _position += 2;
            }
            else
            {
                return;
            }
        }
    }

    private char Peek(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private Token Next()
    {
        var (line, column, start) = (_line, Column, _position);
        var c = _text[_position];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] == '_'))
            {
                _position++;
            }
            return new Token(TokenKind.Identifier, _text[start.._position], line, column);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            return Number(line, column, start);
        }
        if (c is '"' or '\'')
        {
            return QuotedString(line, column);
        }
        _position++;
        return new Token(TokenKind.Symbol, c.ToString(), line, column);
    }

    private Token Number(int line, int column, int start)
    {
        var isFloat = false;
        if (_text[_position] == '0' && (Peek(1) is 'x' or 'X'))
        {
            _position += 2;
            while (_position < _text.Length && char.IsAsciiHexDigit(_text[_position]))
            {
                _position++;
            }
        }
        else
        {
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (char.IsAsciiDigit(c))
                {
                    _position++;
                }
                else if (c == '.')
                {
                    isFloat = true;
                    _position++;
                }
                else if (c is 'e' or 'E')
                {
                    isFloat = true;
                    _position++;
                    if (_position < _text.Length && _text[_position] is '+' or '-')
                    {
                        _position++;
                    }
                }
                else
                {
                    break;
                }
            }
        }
        // A letter glued to a number ("1abc") is not a number; 'f' suffixes are not protobuf syntax either.
        if (_position < _text.Length && (char.IsAsciiLetter(_text[_position]) || _text[_position] == '_'))
        {
            Fail(line, column, "invalid number '" + _text[start..(_position + 1)] + "'");
        }
        return new Token(isFloat ? TokenKind.Float : TokenKind.Integer, _text[start.._position], line, column);
    }

    private Token QuotedString(int line, int column)
    {
        var quote = _text[_position++];
        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (_position >= _text.Length || _text[_position] == '\n')
            {
                Fail(line, column, "unterminated string");
                return new Token(TokenKind.String, "", line, column);
            }
            var c = _text[_position++];
            if (c == quote)
            {
                break;
            }
            if (c != '\\')
            {
                var rune = char.IsHighSurrogate(c) && _position < _text.Length
                    ? new Rune(c, _text[_position++])
                    : new Rune(c);
                var written = rune.EncodeToUtf8(utf8);
                for (var i = 0; i < written; i++)
                {
                    bytes.Add(utf8[i]);
                }
                continue;
            }
            if (_position >= _text.Length)
            {
                continue;
            }
            var escape = _text[_position++];
            switch (escape)
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case 'x' or 'X':
                    bytes.Add((byte)ReadDigits(16, 2));
                    break;
                case >= '0' and <= '7':
                    _position--;
                    bytes.Add((byte)ReadDigits(8, 3));
                    break;
                case 'u':
                    AppendRune(bytes, ReadDigits(16, 4), line, column);
                    break;
                case 'U':
                    AppendRune(bytes, ReadDigits(16, 8), line, column);
                    break;
                default:
                    bytes.Add((byte)escape);
                    break;
            }
        }
        // Escapes may spell raw bytes (bytes defaults); anything not UTF-8 is kept as Latin-1 so it survives printing.
        var array = bytes.ToArray();
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(array);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.Latin1.GetString(array);
        }
        return new Token(TokenKind.String, text, line, column);
    }

    private int ReadDigits(int radix, int maxDigits)
    {
        var value = 0;
        for (var i = 0; i < maxDigits && _position < _text.Length; i++)
        {
            var digit = HexValue(_text[_position]);
            if (digit < 0 || digit >= radix)
            {
                break;
            }
            value = (value * radix) + digit;
            _position++;
        }
        return value;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private void AppendRune(List<byte> bytes, int value, int line, int column)
    {
        if (!Rune.IsValid(value))
        {
            Fail(line, column, "invalid unicode escape");
            return;
        }
        Span<byte> utf8 = stackalloc byte[4];
        var written = new Rune(value).EncodeToUtf8(utf8);
        for (var i = 0; i < written; i++)
        {
            bytes.Add(utf8[i]);
        }
    }
}
