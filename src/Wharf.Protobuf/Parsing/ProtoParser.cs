using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Wharf.Protobuf.Model;

namespace Wharf.Protobuf.Parsing;

/// <summary>
/// Recursive-descent parser for the proto2/proto3 language (protobuf.dev "Language Specification").
/// On the first error it records "line:column: message" and jumps to the end of input, so every loop ends and
/// the partial tree is discarded by the caller: bad input is answered, never thrown.
/// </summary>
internal sealed class ProtoParser
{
    /// <summary>Messages nested deeper than this are refused (recursion over hostile input stays bounded).</summary>
    public const int MaxNesting = 64;

    /// <summary>The largest field number protobuf allows (2^29 - 1); "max" in ranges means this.</summary>
    public const int MaxTag = 536_870_911;

    private static readonly HashSet<string> Scalars =
    [
        "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64",
        "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes",
    ];

    private readonly List<Token> _tokens;
    private int _index;
    private int _aggregateDepth;
    private string? _error;
    private bool _proto3;

    private ProtoParser(List<Token> tokens) => _tokens = tokens;

    public static bool TryParse(string text, out ProtoFile file, [NotNullWhen(false)] out string? error)
    {
        var lexer = new Lexer(text);
        var tokens = lexer.Tokenize();
        file = new ProtoFile();
        if (lexer.Error is not null)
        {
            error = lexer.Error;
            return false;
        }
        var parser = new ProtoParser(tokens);
        parser.ParseFile(file);
        error = parser._error;
        return parser._error is null;
    }

    public static bool IsScalar(string type) => Scalars.Contains(type);

    private Token Current => _tokens[_index];

    private static SourceLocation At(Token token) => new(token.Line, token.Column);

    private bool AtEnd => Current.Kind == TokenKind.End;

    private void Fail(Token at, string message)
    {
        _error ??= at.Line + ":" + at.Column + ": " + message;
        _index = _tokens.Count - 1;
    }

    private Token Advance()
    {
        var token = Current;
        if (!AtEnd)
        {
            _index++;
        }
        return token;
    }

    private bool Accept(string symbol)
    {
        if (Current.Is(symbol) && Current.Kind != TokenKind.String)
        {
            Advance();
            return true;
        }
        return false;
    }

    private void Expect(string symbol)
    {
        if (!Accept(symbol))
        {
            Fail(Current, "expected '" + symbol + "' but found " + Current.Describe());
        }
    }

    private string Identifier(string what)
    {
        if (Current.Kind != TokenKind.Identifier)
        {
            Fail(Current, "expected " + what + " but found " + Current.Describe());
            return "";
        }
        return Advance().Text;
    }

    /// <summary>A dotted name, optionally fully qualified with a leading dot.</summary>
    private string FullIdentifier(string what)
    {
        var name = Accept(".") ? "." : "";
        name += Identifier(what);
        while (Current.Is(".") && _error is null)
        {
            Advance();
            name += "." + Identifier(what);
        }
        return name;
    }

    private string StringLiteral(string what)
    {
        if (Current.Kind != TokenKind.String)
        {
            Fail(Current, "expected " + what + " (a string) but found " + Current.Describe());
            return "";
        }
        // Adjacent string literals concatenate, as in C.
        var text = Advance().Text;
        while (Current.Kind == TokenKind.String)
        {
            text += Advance().Text;
        }
        return text;
    }

    private int Integer(string what, long min, long max)
    {
        var at = Current;
        var negative = Accept("-");
        if (Current.Kind != TokenKind.Integer)
        {
            Fail(Current, "expected " + what + " but found " + Current.Describe());
            return 0;
        }
        var text = Advance().Text;
        if (!TryParseInteger(text, out var value) || (negative ? -value : value) < min || (negative ? -value : value) > max)
        {
            Fail(at, what + " " + (negative ? "-" : "") + text + " is out of range");
            return 0;
        }
        return (int)(negative ? -value : value);
    }

    internal static bool TryParseInteger(string text, out long value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && value >= 0;
        }
        if (text.Length > 1 && text[0] == '0')
        {
            value = 0;
            foreach (var c in text.AsSpan(1))
            {
                if (c is < '0' or > '7' || value > long.MaxValue / 8)
                {
                    return false;
                }
                value = (value * 8) + (c - '0');
            }
            return true;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private void ParseFile(ProtoFile file)
    {
        if (Current.Is("syntax"))
        {
            Advance();
            Expect("=");
            var at = Current;
            var syntax = StringLiteral("a syntax name");
            if (syntax is not ("proto2" or "proto3"))
            {
                Fail(at, "unknown syntax \"" + syntax + "\" (expected \"proto2\" or \"proto3\")");
            }
            Expect(";");
            file.Syntax = syntax;
            _proto3 = syntax == "proto3";
        }
        else if (Current.Is("edition"))
        {
            Fail(Current, "editions are not supported; use syntax = \"proto2\" or \"proto3\"");
        }
        while (!AtEnd)
        {
            var at = Current;
            if (Accept(";"))
            {
                continue;
            }
            switch (at.Kind == TokenKind.Identifier ? at.Text : "")
            {
                case "import":
                    Advance();
                    var isPublic = Accept("public");
                    Accept("weak");
                    var path = StringLiteral("an import path");
                    Expect(";");
                    (isPublic ? file.PublicImports : file.Imports).Add(path);
                    break;
                case "package":
                    Advance();
                    if (file.Package is not null)
                    {
                        Fail(at, "multiple package statements");
                    }
                    file.Package = FullIdentifier("a package name");
                    Expect(";");
                    break;
                case "option":
                    Advance();
                    file.Options.Add(OptionStatement());
                    break;
                case "message":
                    Advance();
                    file.Types.Add(Message(0));
                    break;
                case "enum":
                    Advance();
                    file.Types.Add(Enum());
                    break;
                case "service":
                    Advance();
                    file.Services.Add(Service());
                    break;
                case "extend":
                    Advance();
                    file.Extends.Add(Extend(0));
                    break;
                default:
                    Fail(at, "expected a top-level declaration (message, enum, service, extend, import, package, option) but found " + at.Describe());
                    break;
            }
        }
    }

    private OptionElement OptionStatement()
    {
        var option = OptionAssignment();
        Expect(";");
        return option;
    }

    /// <summary><c>name = value</c> where name is <c>ident</c>, <c>(full.ident)</c>, optionally followed by <c>.sub.fields</c>.</summary>
    private OptionElement OptionAssignment()
    {
        var parenthesized = Accept("(");
        var name = parenthesized ? FullIdentifier("an option name") : Identifier("an option name");
        if (parenthesized)
        {
            Expect(")");
        }
        var path = new List<string>();
        while (Accept("."))
        {
            path.Add(Identifier("an option field name"));
        }
        Expect("=");
        var (kind, value) = OptionConstant();
        // (a).b.c = v nests as a(Option: b(Option: c = v)), the way Wire represents it.
        for (var i = path.Count - 1; i >= 0; i--)
        {
            value = new OptionElement(path[i], kind, value, false);
            kind = OptionKind.Option;
        }
        return new OptionElement(name, kind, value, parenthesized);
    }

    private (OptionKind Kind, object Value) OptionConstant()
    {
        var at = Current;
        if (at.Kind == TokenKind.String)
        {
            return (OptionKind.String, StringLiteral("a value"));
        }
        if (at.Is("{"))
        {
            Advance();
            return (OptionKind.Map, Aggregate());
        }
        if (at.Is("["))
        {
            Advance();
            return (OptionKind.List, ListItems());
        }
        if (at.Is("-") || at.Is("+"))
        {
            Advance();
            var number = Current;
            if (number.Kind is TokenKind.Integer or TokenKind.Float || number.Is("inf") || number.Is("nan"))
            {
                Advance();
                return (OptionKind.Number, (at.Text == "-" ? "-" : "") + number.Text);
            }
            Fail(number, "expected a number but found " + number.Describe());
            return (OptionKind.Number, "0");
        }
        if (at.Kind is TokenKind.Integer or TokenKind.Float)
        {
            return (OptionKind.Number, Advance().Text);
        }
        if (at.Kind == TokenKind.Identifier)
        {
            var word = FullIdentifier("a value");
            return (word is "true" or "false" ? OptionKind.Boolean : OptionKind.Enum, word);
        }
        Fail(at, "expected an option value but found " + at.Describe());
        return (OptionKind.String, "");
    }

    /// <summary>Text-format aggregate: <c>{ key: value, key { ... } [a, b] }</c>, separators optional.</summary>
    private List<KeyValuePair<string, OptionValue>> Aggregate()
    {
        var entries = new List<KeyValuePair<string, OptionValue>>();
        if (++_aggregateDepth > MaxNesting)
        {
            Fail(Current, "option values nested deeper than " + MaxNesting + " levels");
        }
        while (!AtEnd && !Current.Is("}"))
        {
            string key;
            if (Accept("["))
            {
                key = "[" + FullIdentifier("an extension name") + "]";
                Expect("]");
            }
            else
            {
                key = Identifier("a field name");
            }
            var colon = Accept(":");
            var value = AggregateValue(colon);
            // A key given again is a repeated field: its values gather into one list, as Wire keeps them.
            var existing = entries.FindIndex(e => e.Key == key);
            if (existing < 0)
            {
                entries.Add(new(key, value));
            }
            else
            {
                var items = entries[existing].Value.Kind == OptionKind.List
                    ? (List<OptionValue>)entries[existing].Value.Value
                    : [entries[existing].Value];
                items.AddRange(value.Kind == OptionKind.List ? (List<OptionValue>)value.Value : [value]);
                entries[existing] = new(key, new OptionValue(OptionKind.List, items));
            }
            if (!Accept(","))
            {
                Accept(";");
            }
        }
        Expect("}");
        _aggregateDepth--;
        return entries;
    }

    private OptionValue AggregateValue(bool afterColon)
    {
        if (Accept("{"))
        {
            return new OptionValue(OptionKind.Map, Aggregate());
        }
        if (!afterColon)
        {
            Fail(Current, "expected ':' or '{' but found " + Current.Describe());
            return new OptionValue(OptionKind.String, "");
        }
        if (Accept("["))
        {
            return new OptionValue(OptionKind.List, ListItems());
        }
        var (kind, value) = OptionConstant();
        return new OptionValue(kind, value);
    }

    /// <summary>After <c>[</c>: comma-separated values up to <c>]</c>.</summary>
    private List<OptionValue> ListItems()
    {
        var items = new List<OptionValue>();
        while (!AtEnd && !Current.Is("]"))
        {
            items.Add(AggregateValue(afterColon: true));
            if (!Accept(","))
            {
                break;
            }
        }
        Expect("]");
        return items;
    }

    private MessageElement Message(int depth)
    {
        var nameToken = Current;
        var message = new MessageElement { Location = At(nameToken), Name = Identifier("a message name") };
        if (depth > MaxNesting)
        {
            Fail(nameToken, "messages nested deeper than " + MaxNesting + " levels");
        }
        Expect("{");
        while (!AtEnd && !Current.Is("}"))
        {
            var at = Current;
            if (Accept(";"))
            {
                continue;
            }
            switch (at.Kind == TokenKind.Identifier ? at.Text : "")
            {
                case "message":
                    Advance();
                    message.NestedTypes.Add(Message(depth + 1));
                    break;
                case "enum":
                    Advance();
                    message.NestedTypes.Add(Enum());
                    break;
                case "option":
                    Advance();
                    message.Options.Add(OptionStatement());
                    break;
                case "oneof":
                    Advance();
                    message.OneOfs.Add(OneOf());
                    break;
                case "reserved":
                    Advance();
                    message.Reserveds.Add(new ReservedElement(Ranges(allowNames: true)));
                    Expect(";");
                    break;
                case "extensions":
                    Advance();
                    var ranges = Ranges(allowNames: false);
                    var options = Accept("[") ? FieldOptions(out _, out _) : [];
                    Expect(";");
                    message.Extensions.Add(new ExtensionsElement(ranges, options));
                    break;
                case "extend":
                    Advance();
                    message.Extends.Add(Extend(depth + 1));
                    break;
                default:
                    message.Fields.Add(Field(inOneOf: false));
                    break;
            }
        }
        Expect("}");
        return message;
    }

    private OneOfElement OneOf()
    {
        var oneOf = new OneOfElement { Name = Identifier("a oneof name") };
        Expect("{");
        while (!AtEnd && !Current.Is("}"))
        {
            if (Accept(";"))
            {
                continue;
            }
            if (Accept("option"))
            {
                oneOf.Options.Add(OptionStatement());
                continue;
            }
            oneOf.Fields.Add(Field(inOneOf: true));
        }
        Expect("}");
        return oneOf;
    }

    private FieldElement Field(bool inOneOf)
    {
        var at = Current;
        FieldLabel? label = null;
        if (!inOneOf && at.Kind == TokenKind.Identifier && at.Text is "optional" or "required" or "repeated"
            && (_tokens[_index + 1].Kind == TokenKind.Identifier || _tokens[_index + 1].Is(".")))
        {
            Advance();
            label = at.Text switch
            {
                "optional" => FieldLabel.Optional,
                "required" => FieldLabel.Required,
                _ => FieldLabel.Repeated,
            };
            if (_proto3 && label == FieldLabel.Required)
            {
                Fail(at, "required fields are not allowed in proto3");
            }
        }
        if (Current.Is("group"))
        {
            Fail(Current, "groups are not supported");
        }
        string type;
        if (Current.Is("map") && _tokens[_index + 1].Is("<"))
        {
            var mapAt = Current;
            Advance();
            Advance();
            var key = Identifier("a map key type");
            Expect(",");
            var value = FullIdentifier("a map value type");
            Expect(">");
            if (label is not null || inOneOf)
            {
                Fail(mapAt, "map fields cannot be " + (inOneOf ? "in a oneof" : "labelled"));
            }
            if (!IsValidMapKey(key))
            {
                Fail(mapAt, "map key type " + key + " is not an integral or string type");
            }
            type = "map<" + key + ", " + value + ">";
        }
        else
        {
            type = FullIdentifier("a field type");
        }
        if (label is null && !inOneOf && !_proto3 && !type.StartsWith("map<", StringComparison.Ordinal) && _error is null)
        {
            Fail(at, "field " + type + " needs a label (optional, required or repeated) in proto2");
        }
        var name = Identifier("a field name");
        Expect("=");
        var tag = Integer("field number", 1, MaxTag);
        string? defaultValue = null, jsonName = null;
        IReadOnlyList<OptionElement> options = [];
        if (Accept("["))
        {
            options = FieldOptions(out defaultValue, out jsonName);
        }
        Expect(";");
        if (defaultValue is not null && _proto3)
        {
            Fail(at, "default values are not allowed in proto3");
        }
        return new FieldElement
        {
            Location = At(at), Label = label, Type = type, Name = name, Tag = tag, DefaultValue = defaultValue, JsonName = jsonName, Options = options,
        };
    }

    private static bool IsValidMapKey(string key) =>
        key is "int32" or "int64" or "uint32" or "uint64" or "sint32" or "sint64" or "fixed32" or "fixed64"
            or "sfixed32" or "sfixed64" or "bool" or "string";

    /// <summary>After <c>[</c>: options up to <c>]</c>; <c>default</c> and <c>json_name</c> are pulled out, as Wire does.</summary>
    private List<OptionElement> FieldOptions(out string? defaultValue, out string? jsonName)
    {
        defaultValue = null;
        jsonName = null;
        var options = new List<OptionElement>();
        do
        {
            var option = OptionAssignment();
            if (!option.Parenthesized && option.Name == "default" && option.Kind != OptionKind.Option)
            {
                defaultValue = (string)option.Value;
            }
            else if (!option.Parenthesized && option.Name == "json_name" && option.Kind == OptionKind.String)
            {
                jsonName = (string)option.Value;
            }
            else
            {
                options.Add(option);
            }
        }
        while (Accept(",") && _error is null);
        Expect("]");
        return options;
    }

    private List<RangeValue> Ranges(bool allowNames)
    {
        var values = new List<RangeValue>();
        do
        {
            if (allowNames && Current.Kind == TokenKind.String)
            {
                values.Add(new RangeValue(0, 0, StringLiteral("a reserved name"), IsRange: false));
                continue;
            }
            var start = Integer("a field number", int.MinValue, MaxTag);
            var end = start;
            var isRange = Accept("to");
            if (isRange)
            {
                end = Accept("max") ? MaxTag : Integer("a field number", int.MinValue, MaxTag);
            }
            if (end < start)
            {
                Fail(Current, "range end " + end + " is before its start " + start);
            }
            values.Add(new RangeValue(start, end, null, isRange));
        }
        while (Accept(",") && _error is null);
        return values;
    }

    private EnumElement Enum()
    {
        var element = new EnumElement { Location = At(Current), Name = Identifier("an enum name") };
        Expect("{");
        while (!AtEnd && !Current.Is("}"))
        {
            if (Accept(";"))
            {
                continue;
            }
            if (Accept("option"))
            {
                element.Options.Add(OptionStatement());
                continue;
            }
            if (Accept("reserved"))
            {
                element.Reserveds.Add(new ReservedElement(Ranges(allowNames: true)));
                Expect(";");
                continue;
            }
            var name = Identifier("an enum value name");
            Expect("=");
            var tag = Integer("enum value", int.MinValue, int.MaxValue);
            var options = Accept("[") ? FieldOptions(out _, out _) : [];
            Expect(";");
            element.Constants.Add(new EnumConstantElement(name, tag, options));
        }
        Expect("}");
        return element;
    }

    private ServiceElement Service()
    {
        var service = new ServiceElement { Name = Identifier("a service name") };
        Expect("{");
        while (!AtEnd && !Current.Is("}"))
        {
            if (Accept(";"))
            {
                continue;
            }
            if (Accept("option"))
            {
                service.Options.Add(OptionStatement());
                continue;
            }
            if (!Current.Is("rpc"))
            {
                Fail(Current, "expected 'rpc' or 'option' but found " + Current.Describe());
                break;
            }
            var rpcAt = Advance();
            var name = Identifier("an rpc name");
            Expect("(");
            var requestStreaming = Current.Is("stream") && _tokens[_index + 1].Kind == TokenKind.Identifier && Accept("stream");
            var request = FullIdentifier("a request type");
            Expect(")");
            Expect("returns");
            Expect("(");
            var responseStreaming = Current.Is("stream") && _tokens[_index + 1].Kind == TokenKind.Identifier && Accept("stream");
            var response = FullIdentifier("a response type");
            Expect(")");
            var rpc = new RpcElement
            {
                Location = At(rpcAt), Name = name, RequestType = request, ResponseType = response,
                RequestStreaming = requestStreaming, ResponseStreaming = responseStreaming,
            };
            if (Accept("{"))
            {
                while (!AtEnd && !Current.Is("}"))
                {
                    if (Accept(";"))
                    {
                        continue;
                    }
                    Expect("option");
                    rpc.Options.Add(OptionStatement());
                }
                Expect("}");
                Accept(";");
            }
            else
            {
                Expect(";");
            }
            service.Rpcs.Add(rpc);
        }
        Expect("}");
        return service;
    }

    private ExtendElement Extend(int depth)
    {
        var extend = new ExtendElement { Name = FullIdentifier("an extended type name") };
        if (depth > MaxNesting)
        {
            Fail(Current, "declarations nested deeper than " + MaxNesting + " levels");
        }
        Expect("{");
        while (!AtEnd && !Current.Is("}"))
        {
            if (Accept(";"))
            {
                continue;
            }
            extend.Fields.Add(Field(inOneOf: false));
        }
        Expect("}");
        return extend;
    }
}
