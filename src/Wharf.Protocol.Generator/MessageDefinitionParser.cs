using System;
using System.Collections.Generic;
using System.Globalization;

namespace Wharf.Protocol.Generator;

/// <summary>
/// Reads the project's message description format (.kmsg). The format is documented in
/// src/Wharf.Protocol/Messages/README.md; in short:
/// <code>
/// api Produce key 0 versions 0-10 flexible 9+
/// request
///   TransactionalId  string  3+  nullable  default null
///   Topics           []TopicData
///     Name           string
/// response
///   ...
/// response struct SharedThing      # a struct several fields refer to by name
///   ...
/// </code>
/// A data message (stored, not sent as an API) starts with <c>message Name versions R flexible R</c>
/// and lists its fields directly below, indented.
/// </summary>
internal sealed class MessageDefinitionParser
{
    /// <summary>Members of generated classes, and <c>Array</c>, which defaults name in expressions.</summary>
    private static readonly HashSet<string> ReservedMemberNames = new(StringComparer.Ordinal)
    {
        "Read", "Write", "ComputeSize", "LowestVersion", "HighestVersion", "IsFlexible", "Array",
    };

    /// <summary>Types the generated code names unqualified, which a nested struct class would hide.</summary>
    private static readonly HashSet<string> ReservedTypeNames = new(StringComparer.Ordinal)
    {
        "ApiKey", "KafkaReader", "KafkaWriter", "KafkaUuid", "KafkaField", "KafkaFieldAttribute",
    };

    private readonly string _path;
    private readonly List<ParseError> _errors = new();

    private MessageDefinitionParser(string path) => _path = path;

    public static MessageFile Parse(string path, string text, out IReadOnlyList<ParseError> errors)
    {
        var parser = new MessageDefinitionParser(path);
        var file = parser.ParseFile(text);
        errors = parser._errors;
        return file;
    }

    private MessageFile ParseFile(string text)
    {
        var file = new MessageFile(_path);
        var lines = ReadLines(text);
        MessageSpec? request = null;
        MessageSpec? response = null;
        MessageSpec? data = null;
        var index = 0;
        while (index < lines.Count)
        {
            var line = lines[index];
            if (line.Indent != 0)
            {
                Error(line.Number, "expected a top-level declaration (api, message, request, response), found an indented line");
                index++;
                continue;
            }

            var tokens = line.Tokens;
            switch (tokens[0])
            {
                case "api":
                    file.Api = ParseApi(line);
                    index++;
                    break;
                case "message":
                    data = ParseDataMessage(line);
                    if (data is not null)
                    {
                        file.Messages.Add(data);
                    }

                    index = ParseFieldBlock(lines, index + 1, data?.Fields, data?.Versions ?? VersionRange.None);
                    break;
                case "request":
                case "response":
                    var isRequest = tokens[0] == "request";
                    if (file.Api is null)
                    {
                        Error(line.Number, "'" + tokens[0] + "' must follow an 'api' line");
                        index = ParseFieldBlock(lines, index + 1, null, VersionRange.None);
                        break;
                    }

                    var owner = isRequest
                        ? request ??= AddMessage(file, file.Api, MessageKind.Request)
                        : response ??= AddMessage(file, file.Api, MessageKind.Response);
                    if (tokens.Length == 1)
                    {
                        index = ParseFieldBlock(lines, index + 1, owner.Fields, owner.Versions);
                    }
                    else if (tokens.Length == 3 && tokens[1] == "struct")
                    {
                        var common = new StructSpec(tokens[2], owner.Versions, line.Number);
                        owner.CommonStructs.Add(common);
                        index = ParseFieldBlock(lines, index + 1, common.Fields, owner.Versions);
                    }
                    else
                    {
                        Error(line.Number, "expected '" + tokens[0] + "' or '" + tokens[0] + " struct <Name>'");
                        index = ParseFieldBlock(lines, index + 1, null, VersionRange.None);
                    }

                    break;
                default:
                    Error(line.Number, "unknown declaration '" + tokens[0] + "'");
                    index++;
                    break;
            }
        }

        foreach (var message in file.Messages)
        {
            ResolveTypes(message);
        }

        return file;
    }

    private static MessageSpec AddMessage(MessageFile file, ApiInfo api, MessageKind kind)
    {
        var spec = new MessageSpec(api.Name + (kind == MessageKind.Request ? "Request" : "Response"), kind, api.Versions, api.Flexible);
        file.Messages.Add(spec);
        return spec;
    }

    private ApiInfo? ParseApi(Line line)
    {
        // api <Name> key <N> versions <range> flexible <range>
        var t = line.Tokens;
        if (t.Length != 8 || t[2] != "key" || t[4] != "versions" || t[6] != "flexible")
        {
            Error(line.Number, "expected 'api <Name> key <N> versions <range> flexible <range|none>'");
            return null;
        }

        if (!short.TryParse(t[3], NumberStyles.None, CultureInfo.InvariantCulture, out var key))
        {
            Error(line.Number, "api key must be a non-negative number");
            return null;
        }

        if (!TryRange(line, t[5], out var versions) || !TryRange(line, t[7], out var flexible))
        {
            return null;
        }

        return new ApiInfo(t[1], key, versions, flexible);
    }

    private MessageSpec? ParseDataMessage(Line line)
    {
        // message <Name> versions <range> flexible <range>
        var t = line.Tokens;
        if (t.Length != 6 || t[2] != "versions" || t[4] != "flexible")
        {
            Error(line.Number, "expected 'message <Name> versions <range> flexible <range|none>'");
            return null;
        }

        if (!TryRange(line, t[3], out var versions) || !TryRange(line, t[5], out var flexible))
        {
            return null;
        }

        return new MessageSpec(t[1], MessageKind.Data, versions, flexible);
    }

    /// <summary>Parses the indented field lines that follow a declaration; returns the index of the next declaration.</summary>
    private int ParseFieldBlock(List<Line> lines, int index, List<FieldSpec>? target, VersionRange parentVersions)
    {
        // Each frame is a list of sibling fields at one indentation. A deeper line opens the struct of the
        // previous field; a shallower one closes frames until the indentation matches.
        var frames = new Stack<Frame>();
        frames.Push(new Frame(-1, target ?? new List<FieldSpec>(), parentVersions));
        while (index < lines.Count && lines[index].Indent > 0)
        {
            var line = lines[index++];
            while (frames.Count > 1 && line.Indent < frames.Peek().Indent)
            {
                frames.Pop();
            }

            var top = frames.Peek();
            if (top.Indent < 0)
            {
                top.Indent = line.Indent;
            }

            if (line.Indent > top.Indent)
            {
                var parent = top.Fields.Count == 0 ? null : top.Fields[top.Fields.Count - 1];
                if (parent is null || !IsStructTyped(parent) || parent.Struct is not null)
                {
                    Error(line.Number, "indented field has no struct-typed field above it to belong to");
                    continue;
                }

                parent.Struct = new StructSpec(parent.ElementTypeText, parent.Versions, parent.Line);
                top = new Frame(line.Indent, parent.Struct.Fields, parent.Versions);
                frames.Push(top);
            }
            else if (line.Indent != top.Indent)
            {
                Error(line.Number, "indentation does not match any enclosing field");
                continue;
            }

            var field = ParseField(line, top.Versions);
            if (field is not null)
            {
                top.Fields.Add(field);
            }
        }

        return index;
    }

    private static bool IsStructTyped(FieldSpec field) => ToPrimitive(field.ElementTypeText) == PrimitiveKind.None;

    private FieldSpec? ParseField(Line line, VersionRange parentVersions)
    {
        var t = line.Tokens;
        if (t.Length < 2)
        {
            Error(line.Number, "a field needs a name and a type");
            return null;
        }

        var field = new FieldSpec(t[0], t[1], line.Number) { Versions = parentVersions };
        var i = 2;
        if (i < t.Length && VersionRange.LooksLikeRange(t[i]))
        {
            if (TryRange(line, t[i], out var declared))
            {
                field.Versions = declared.Intersect(parentVersions);
            }

            i++;
        }

        while (i < t.Length)
        {
            switch (t[i])
            {
                case "nullable":
                    if (i + 1 < t.Length && VersionRange.LooksLikeRange(t[i + 1]))
                    {
                        if (TryRange(line, t[i + 1], out var nullable))
                        {
                            field.NullableVersions = nullable.Intersect(field.Versions);
                        }

                        i += 2;
                    }
                    else
                    {
                        field.NullableVersions = field.Versions;
                        i++;
                    }

                    break;
                case "tag":
                    if (i + 1 < t.Length && int.TryParse(t[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var tag))
                    {
                        field.Tag = tag;
                    }
                    else
                    {
                        Error(line.Number, "'tag' needs a non-negative number");
                    }

                    i += 2;
                    break;
                case "default":
                    if (i + 1 < t.Length)
                    {
                        field.Default = t[i + 1];
                    }
                    else
                    {
                        Error(line.Number, "'default' needs a value");
                    }

                    i += 2;
                    break;
                default:
                    Error(line.Number, "unknown field option '" + t[i] + "'");
                    i++;
                    break;
            }
        }

        return field;
    }

    private void ResolveTypes(MessageSpec message)
    {
        var structs = new Dictionary<string, StructSpec>(StringComparer.Ordinal);
        foreach (var common in message.CommonStructs)
        {
            if (structs.ContainsKey(common.Name))
            {
                Error(0, "struct '" + common.Name + "' is declared twice in " + message.ClassName);
            }

            structs[common.Name] = common;
        }

        foreach (var common in message.CommonStructs)
        {
            Resolve(common.Fields, message, structs);
        }

        Resolve(message.Fields, message, structs);
        CheckNames(message, structs.Values);
    }

    /// <summary>
    /// Struct classes are emitted flat inside the message class, and C# forbids a member named like its
    /// enclosing type or like another member; report such clashes here, on the .kmsg line, rather than as
    /// compiler errors in generated code.
    /// </summary>
    private void CheckNames(MessageSpec message, IEnumerable<StructSpec> structs)
    {
        CheckFieldNames(message.ClassName, message.Fields);
        var messageMembers = new HashSet<string>(StringComparer.Ordinal) { message.ClassName };
        foreach (var field in message.Fields)
        {
            messageMembers.Add(field.Name);
            if (field.Name == "ApiKey" && message.Kind == MessageKind.Request)
            {
                Error(field.Line, "a request field cannot be named 'ApiKey' (the request class has a static ApiKey)");
            }
        }

        foreach (var nested in structs)
        {
            if (messageMembers.Contains(nested.Name) || ReservedTypeNames.Contains(nested.Name) || ReservedMemberNames.Contains(nested.Name))
            {
                Error(nested.Line, "struct name '" + nested.Name + "' clashes with a member of " + message.ClassName + " or a name the generated code uses; rename the struct");
            }

            CheckFieldNames(nested.Name, nested.Fields);
        }
    }

    private void CheckFieldNames(string className, List<FieldSpec> fields)
    {
        foreach (var field in fields)
        {
            if (field.Name == className)
            {
                Error(field.Line, "field '" + field.Name + "' has the name of the class it is in (C# forbids it); rename the struct");
            }
            else if (ReservedMemberNames.Contains(field.Name))
            {
                Error(field.Line, "field name '" + field.Name + "' clashes with a member the generated code uses");
            }
        }
    }

    private void Resolve(List<FieldSpec> fields, MessageSpec message, Dictionary<string, StructSpec> structs)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tags = new HashSet<int>();
        foreach (var field in fields)
        {
            if (!names.Add(field.Name))
            {
                Error(field.Line, "field '" + field.Name + "' appears twice in one struct");
            }

            if (field.Tag is int tag)
            {
                if (!tags.Add(tag))
                {
                    Error(field.Line, "tag " + tag + " is used twice in one struct");
                }

                if (!message.Flexible.Contains(field.Versions.Intersect(message.Versions)))
                {
                    Error(field.Line, "tagged field '" + field.Name + "' exists in versions that are not flexible");
                }
            }

            field.Primitive = ToPrimitive(field.ElementTypeText);
            if (!field.NullableVersions.IsEmpty && !field.IsArray
                && field.Primitive is not (PrimitiveKind.String or PrimitiveKind.Bytes or PrimitiveKind.Records))
            {
                // Kafka allows null only for strings, bytes, records, arrays and structs; a nullable struct
                // carries a one-byte presence marker that this generator does not emit, so say so instead of
                // silently producing a codec that disagrees with Kafka's.
                Error(field.Line, field.Primitive == PrimitiveKind.None
                    ? "nullable struct field '" + field.Name + "' is not supported (Kafka writes a presence byte before it)"
                    : "field '" + field.Name + "' of type " + field.TypeText + " cannot be nullable");
            }

            if (field.Primitive != PrimitiveKind.None)
            {
                if (field.Struct is not null)
                {
                    Error(field.Line, "field '" + field.Name + "' of type " + field.TypeText + " cannot have nested fields");
                }

                if (field.IsArray && field.Primitive is PrimitiveKind.Bytes or PrimitiveKind.Records)
                {
                    Error(field.Line, "arrays of " + field.ElementTypeText + " are not supported");
                }

                continue;
            }

            if (field.Struct is null)
            {
                if (!structs.TryGetValue(field.ElementTypeText, out var common))
                {
                    Error(field.Line, "unknown type '" + field.ElementTypeText + "' (declare it with '" + KindWord(message.Kind) + " struct " + field.ElementTypeText + "' or nest its fields)");
                    continue;
                }

                field.Struct = common;
                continue;
            }

            if (structs.ContainsKey(field.Struct.Name))
            {
                Error(field.Line, "struct '" + field.Struct.Name + "' is declared twice in " + message.ClassName);
            }

            structs[field.Struct.Name] = field.Struct;
            Resolve(field.Struct.Fields, message, structs);
        }
    }

    private static string KindWord(MessageKind kind) => kind == MessageKind.Response ? "response" : "request";

    internal static PrimitiveKind ToPrimitive(string type) => type switch
    {
        "bool" => PrimitiveKind.Bool,
        "int8" => PrimitiveKind.Int8,
        "int16" => PrimitiveKind.Int16,
        "uint16" => PrimitiveKind.UInt16,
        "int32" => PrimitiveKind.Int32,
        "uint32" => PrimitiveKind.UInt32,
        "int64" => PrimitiveKind.Int64,
        "float64" => PrimitiveKind.Float64,
        "uuid" => PrimitiveKind.Uuid,
        "string" => PrimitiveKind.String,
        "bytes" => PrimitiveKind.Bytes,
        "records" => PrimitiveKind.Records,
        _ => PrimitiveKind.None,
    };

    private bool TryRange(Line line, string text, out VersionRange range)
    {
        if (VersionRange.TryParse(text, out range))
        {
            return true;
        }

        Error(line.Number, "'" + text + "' is not a version range (use N, N+, N-M or none)");
        return false;
    }

    private void Error(int line, string message) => _errors.Add(new ParseError(_path, line, message));

    private static List<Line> ReadLines(string text)
    {
        var result = new List<Line>();
        var raw = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < raw.Length; i++)
        {
            var content = StripComment(raw[i]);
            if (content.Trim().Length == 0)
            {
                continue;
            }

            var indent = 0;
            while (indent < content.Length && content[indent] == ' ')
            {
                indent++;
            }

            result.Add(new Line(i + 1, indent, Tokenize(content.Substring(indent))));
        }

        return result;
    }

    private static string StripComment(string line)
    {
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (line[i] == '#' && !inQuotes)
            {
                return line.Substring(0, i);
            }
        }

        return line;
    }

    private static string[] Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            if (text[i] == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    i++;
                }

                i = Math.Min(i + 1, text.Length);
            }
            else
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }
            }

            tokens.Add(text.Substring(start, i - start));
        }

        return tokens.ToArray();
    }

    private sealed class Frame
    {
        public Frame(int indent, List<FieldSpec> fields, VersionRange versions)
        {
            Indent = indent;
            Fields = fields;
            Versions = versions;
        }

        public int Indent { get; set; }

        public List<FieldSpec> Fields { get; }

        public VersionRange Versions { get; }
    }

    private readonly struct Line
    {
        public Line(int number, int indent, string[] tokens)
        {
            Number = number;
            Indent = indent;
            Tokens = tokens;
        }

        public int Number { get; }

        public int Indent { get; }

        public string[] Tokens { get; }
    }
}

internal readonly struct ParseError
{
    public ParseError(string path, int line, string message)
    {
        Path = path;
        Line = line;
        Message = message;
    }

    public string Path { get; }

    public int Line { get; }

    public string Message { get; }
}
