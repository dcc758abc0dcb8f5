namespace Wharf.Protobuf.Parsing;

internal enum TokenKind
{
    End,
    Identifier,
    Integer,
    Float,
    String,
    Symbol,
}

/// <summary>One lexical token; <see cref="Text"/> is the decoded value for strings, the source text otherwise.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line, int Column)
{
    public bool Is(string symbolOrWord) => Kind is TokenKind.Symbol or TokenKind.Identifier && Text == symbolOrWord;

    public string Describe() => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.String => "string \"" + Text + "\"",
        _ => "'" + Text + "'",
    };
}
