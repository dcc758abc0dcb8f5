using System.Globalization;
using System.Text;
using Wharf.Protobuf.Model;
using Wharf.Protobuf.Parsing;
using Wharf.Protobuf.Schema;

namespace Wharf.Protobuf.Canonical;

/// <summary>
/// Prints a file the way Confluent's ProtobufSchemaUtils does: its canonical text (declaration order kept: the
/// message indexes clients compute depend on it; messages before enums at each level; two-space indentation)
/// and, with <c>normalize</c>, its normalized text (type names fully qualified with a leading dot, fields, enum
/// values, oneofs and reserved ranges sorted by number, imports sorted, proto2's syntax line left out).
/// </summary>
internal sealed class ProtoPrinter
{
    private readonly bool _normalize;
    private readonly IReadOnlyDictionary<string, TypeSymbol> _symbols;
    private readonly List<string> _scope = [];

    private ProtoPrinter(bool normalize, IReadOnlyDictionary<string, TypeSymbol> symbols)
    {
        _normalize = normalize;
        _symbols = symbols;
    }

    public static string Print(ProtoFile file, IReadOnlyDictionary<string, TypeSymbol> symbols, bool normalize) =>
        new ProtoPrinter(normalize, symbols).File(file);

    private string File(ProtoFile file)
    {
        var sb = new StringBuilder();
        if (file.Syntax is not null && (!_normalize || file.IsProto3))
        {
            sb.Append("syntax = \"").Append(file.Syntax).Append("\";\n");
        }
        if (file.Package is not null)
        {
            sb.Append("package ").Append(file.Package).Append(";\n");
            _scope.Add(file.Package);
        }
        if (file.Imports.Count > 0 || file.PublicImports.Count > 0)
        {
            sb.Append('\n');
            foreach (var import in SortedIfNormalizing(file.Imports))
            {
                sb.Append("import \"").Append(import).Append("\";\n");
            }
            foreach (var import in SortedIfNormalizing(file.PublicImports))
            {
                sb.Append("import public \"").Append(import).Append("\";\n");
            }
        }
        if (file.Options.Count > 0)
        {
            sb.Append('\n');
            foreach (var option in file.Options)
            {
                sb.Append(OptionStatement(option));
            }
        }
        if (file.Types.Count > 0)
        {
            sb.Append('\n');
            foreach (var message in file.Types.OfType<MessageElement>())
            {
                sb.Append(Message(message));
            }
            foreach (var enumElement in file.Types.OfType<EnumElement>())
            {
                sb.Append(Enum(enumElement));
            }
        }
        if (file.Extends.Count > 0)
        {
            sb.Append('\n');
            foreach (var extend in file.Extends)
            {
                sb.Append(Extend(extend));
            }
        }
        if (file.Services.Count > 0)
        {
            sb.Append('\n');
            foreach (var service in file.Services)
            {
                sb.Append(Service(service));
            }
        }
        return sb.ToString();
    }

    private IEnumerable<string> SortedIfNormalizing(List<string> values) =>
        _normalize ? values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal) : values;

    private string CurrentScope => string.Join('.', _scope);

    /// <summary>The full name with a leading dot, as Confluent's normalizer writes type references.</summary>
    private string Qualified(string typeName) =>
        Linker.Resolve(_symbols, typeName, CurrentScope) is { } symbol ? "." + symbol.FullName : typeName;

    private string Service(ServiceElement service)
    {
        var sb = new StringBuilder("service ").Append(service.Name).Append(" {");
        if (service.Options.Count > 0)
        {
            sb.Append('\n');
            foreach (var option in service.Options)
            {
                AppendIndented(sb, OptionStatement(option));
            }
        }
        if (service.Rpcs.Count > 0)
        {
            sb.Append('\n');
            foreach (var rpc in service.Rpcs)
            {
                AppendIndented(sb, Rpc(rpc));
            }
        }
        return sb.Append("}\n").ToString();
    }

    private string Rpc(RpcElement rpc)
    {
        var sb = new StringBuilder("rpc ").Append(rpc.Name).Append(" (");
        if (rpc.RequestStreaming)
        {
            sb.Append("stream ");
        }
        sb.Append(_normalize ? Qualified(rpc.RequestType) : rpc.RequestType).Append(") returns (");
        if (rpc.ResponseStreaming)
        {
            sb.Append("stream ");
        }
        sb.Append(_normalize ? Qualified(rpc.ResponseType) : rpc.ResponseType).Append(')');
        if (rpc.Options.Count > 0)
        {
            sb.Append(" {\n");
            foreach (var option in rpc.Options)
            {
                AppendIndented(sb, OptionStatement(option));
            }
            sb.Append('}');
        }
        return sb.Append(";\n").ToString();
    }

    private string Enum(EnumElement element)
    {
        _scope.Add(element.Name);
        var sb = new StringBuilder("enum ").Append(element.Name).Append(" {");
        if (element.Reserveds.Count > 0)
        {
            sb.Append('\n');
            foreach (var reserved in Reserveds(element.Reserveds))
            {
                AppendIndented(sb, Ranges("reserved ", reserved.Values) + ";\n");
            }
        }
        if (element.Reserveds.Count == 0 && (element.Options.Count > 0 || element.Constants.Count > 0))
        {
            sb.Append('\n');
        }
        foreach (var option in element.Options)
        {
            AppendIndented(sb, OptionStatement(option));
        }
        var constants = _normalize
            ? element.Constants.OrderBy(c => c.Tag).ThenBy(c => c.Name, StringComparer.Ordinal)
            : element.Constants.AsEnumerable();
        foreach (var constant in constants)
        {
            var line = new StringBuilder(constant.Name).Append(" = ").Append(constant.Tag.ToString(CultureInfo.InvariantCulture));
            if (constant.Options.Count > 0)
            {
                line.Append(' ');
                AppendOptions(line, constant.Options.Select(o => (object)o).ToList());
            }
            AppendIndented(sb, line.Append(";\n").ToString());
        }
        _scope.RemoveAt(_scope.Count - 1);
        return sb.Append("}\n").ToString();
    }

    private string Message(MessageElement message)
    {
        _scope.Add(message.Name);
        var sb = new StringBuilder("message ").Append(message.Name).Append(" {");
        if (message.Reserveds.Count > 0)
        {
            sb.Append('\n');
            foreach (var reserved in Reserveds(message.Reserveds))
            {
                AppendIndented(sb, Ranges("reserved ", reserved.Values) + ";\n");
            }
        }
        if (message.Options.Count > 0)
        {
            sb.Append('\n');
            foreach (var option in message.Options)
            {
                AppendIndented(sb, OptionStatement(option));
            }
        }
        if (message.Fields.Count > 0)
        {
            sb.Append('\n');
            foreach (var field in SortedFields(message.Fields))
            {
                AppendIndented(sb, Field(field));
            }
        }
        if (message.OneOfs.Count > 0)
        {
            var oneOfs = _normalize
                ? message.OneOfs.Where(o => o.Fields.Count > 0).OrderBy(o => o.Fields.Min(f => f.Tag)).ToList()
                : message.OneOfs;
            sb.Append('\n');
            foreach (var oneOf in oneOfs)
            {
                AppendIndented(sb, OneOf(oneOf));
            }
        }
        if (message.Extensions.Count > 0)
        {
            sb.Append('\n');
            var extensions = _normalize
                ? message.Extensions.SelectMany(e => e.Values.Select(v => new ExtensionsElement([v], e.Options))).OrderBy(e => e.Values[0].Start).ToList()
                : message.Extensions;
            foreach (var extension in extensions)
            {
                var line = new StringBuilder(Ranges("extensions ", extension.Values));
                if (extension.Options.Count > 0)
                {
                    line.Append(' ');
                    AppendOptions(line, extension.Options.Select(o => (object)o).ToList());
                }
                AppendIndented(sb, line.Append(";\n").ToString());
            }
        }
        if (message.Extends.Count > 0)
        {
            sb.Append('\n');
            foreach (var extend in message.Extends)
            {
                AppendIndented(sb, Extend(extend));
            }
        }
        if (message.NestedTypes.Count > 0)
        {
            sb.Append('\n');
            foreach (var nested in message.NestedTypes.OfType<MessageElement>())
            {
                AppendIndented(sb, Message(nested));
            }
            foreach (var nested in message.NestedTypes.OfType<EnumElement>())
            {
                AppendIndented(sb, Enum(nested));
            }
        }
        _scope.RemoveAt(_scope.Count - 1);
        return sb.Append("}\n").ToString();
    }

    private IEnumerable<FieldElement> SortedFields(IEnumerable<FieldElement> fields) =>
        _normalize ? fields.OrderBy(f => f.Tag) : fields;

    /// <summary>Normalizing splits every reserved statement into one per value, ordered by number, names last.</summary>
    private IEnumerable<ReservedElement> Reserveds(List<ReservedElement> reserveds) =>
        _normalize
            ? reserveds.SelectMany(r => r.Values.Select(v => new ReservedElement([v])))
                .OrderBy(r => r.Values[0].IsName ? int.MaxValue : r.Values[0].Start)
                .ThenBy(r => RangeText(r.Values[0]), StringComparer.Ordinal)
            : reserveds;

    private string Ranges(string keyword, IReadOnlyList<RangeValue> values) =>
        keyword + string.Join(", ", values.Select(RangeText));

    private string RangeText(RangeValue value)
    {
        if (value.IsName)
        {
            return "\"" + value.Name + "\"";
        }
        var start = value.Start.ToString(CultureInfo.InvariantCulture);
        // Wire keeps "reserved 5;" as a number and "5 to 5" as a range; our tree cannot tell them apart, and a
        // one-number range prints as the number (which is also what normalizing does).
        if (value.Start == value.End)
        {
            return start;
        }
        return start + " to " + (value.End < ProtoParser.MaxTag ? value.End.ToString(CultureInfo.InvariantCulture) : "max");
    }

    private string OneOf(OneOfElement oneOf)
    {
        var sb = new StringBuilder("oneof ").Append(oneOf.Name).Append(" {");
        if (oneOf.Options.Count > 0)
        {
            sb.Append('\n');
            foreach (var option in oneOf.Options)
            {
                AppendIndented(sb, OptionStatement(option));
            }
        }
        if (oneOf.Fields.Count > 0)
        {
            sb.Append('\n');
            foreach (var field in SortedFields(oneOf.Fields))
            {
                AppendIndented(sb, Field(field));
            }
        }
        return sb.Append("}\n").ToString();
    }

    private string Extend(ExtendElement extend)
    {
        var sb = new StringBuilder("extend ").Append(_normalize ? Qualified(extend.Name) : extend.Name).Append(" {");
        if (extend.Fields.Count > 0)
        {
            sb.Append('\n');
            foreach (var field in SortedFields(extend.Fields))
            {
                AppendIndented(sb, Field(field));
            }
        }
        return sb.Append("}\n").ToString();
    }

    private string Field(FieldElement field)
    {
        var sb = new StringBuilder();
        var type = field.Type;
        var label = field.Label;
        if (_normalize)
        {
            var (key, value) = Linker.MapTypes(type);
            if (key is not null)
            {
                type = "map<" + key + ", " + (ProtoParser.IsScalar(value!) ? value : Qualified(value!)) + ">";
                label = null;
            }
            else if (!ProtoParser.IsScalar(type))
            {
                type = Qualified(type);
            }
        }
        if (label is { } l)
        {
            sb.Append(l.ToString().ToLowerInvariant()).Append(' ');
        }
        sb.Append(type).Append(' ').Append(field.Name).Append(" = ").Append(field.Tag.ToString(CultureInfo.InvariantCulture));
        var options = new List<object>(field.Options);
        if (field.DefaultValue is not null)
        {
            options.Add(new OptionElement("default", DefaultKind(field, type), field.DefaultValue, false));
        }
        if (field.JsonName is not null)
        {
            options.Add(new OptionElement("json_name", OptionKind.String, field.JsonName, false));
        }
        if (options.Count > 0)
        {
            sb.Append(' ');
            AppendOptions(sb, options);
        }
        return sb.Append(";\n").ToString();
    }

    /// <summary>How Confluent quotes a default: strings quoted, bools and numbers (bytes too) bare, enums bare.</summary>
    private static OptionKind DefaultKind(FieldElement field, string type) => field.Type switch
    {
        "bool" => OptionKind.Boolean,
        "string" => OptionKind.String,
        _ when ProtoParser.IsScalar(type) => OptionKind.Number,
        _ => OptionKind.Enum,
    };

    private string OptionStatement(OptionElement option) => "option " + Option(option) + ";\n";

    private string Option(OptionElement option)
    {
        var sb = new StringBuilder();
        sb.Append(option.Parenthesized ? "(" + option.Name + ")" : option.Name);
        switch (option.Kind)
        {
            case OptionKind.String:
                sb.Append(" = \"").Append(Escape((string)option.Value)).Append('"');
                break;
            case OptionKind.Boolean or OptionKind.Enum or OptionKind.Number:
                sb.Append(" = ").Append((string)option.Value);
                break;
            case OptionKind.Option:
                sb.Append('.').Append(Option((OptionElement)option.Value));
                break;
            case OptionKind.Map:
                sb.Append(" = {\n");
                OptionMap(sb, (List<KeyValuePair<string, OptionValue>>)option.Value);
                sb.Append('}');
                break;
            case OptionKind.List:
                sb.Append(" = ");
                AppendOptions(sb, ((List<OptionValue>)option.Value).Select(v => (object)v).ToList());
                break;
        }
        return sb.ToString();
    }

    private void OptionMap(StringBuilder sb, List<KeyValuePair<string, OptionValue>> entries)
    {
        var ordered = _normalize ? entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList() : entries;
        for (var i = 0; i < ordered.Count; i++)
        {
            AppendIndented(sb, ordered[i].Key + ": " + OptionValueText(ordered[i].Value) + (i < ordered.Count - 1 ? "," : ""));
        }
    }

    private string OptionValueText(object value)
    {
        switch (value)
        {
            case OptionElement option:
                return Option(option);
            case OptionValue { Kind: OptionKind.String } primitive:
                return "\"" + Escape((string)primitive.Value) + "\"";
            case OptionValue { Kind: OptionKind.Map } map:
                var sb = new StringBuilder("{\n");
                OptionMap(sb, (List<KeyValuePair<string, OptionValue>>)map.Value);
                return sb.Append('}').ToString();
            case OptionValue { Kind: OptionKind.List } list:
                var items = (List<OptionValue>)list.Value;
                if (_normalize && items.Count == 1)
                {
                    return OptionValueText(items[0]);
                }
                var builder = new StringBuilder("[\n");
                for (var i = 0; i < items.Count; i++)
                {
                    AppendIndented(builder, OptionValueText(items[i]) + (i < items.Count - 1 ? "," : ""));
                }
                return builder.Append(']').ToString();
            case OptionValue primitive:
                return (string)primitive.Value;
            default:
                return value.ToString() ?? "";
        }
    }

    private void AppendOptions(StringBuilder sb, List<object> options)
    {
        if (options.Count == 1)
        {
            sb.Append('[').Append(OptionValueText(options[0])).Append(']');
            return;
        }
        sb.Append("[\n");
        for (var i = 0; i < options.Count; i++)
        {
            AppendIndented(sb, OptionValueText(options[i]) + (i < options.Count - 1 ? "," : ""));
        }
        sb.Append(']');
    }

    private static void AppendIndented(StringBuilder sb, string value)
    {
        var lines = value.Split('\n');
        var count = lines.Length > 1 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        for (var i = 0; i < count; i++)
        {
            sb.Append("  ").Append(lines[i]).Append('\n');
        }
    }

    /// <summary>Confluent's escapeChars: C escapes for the control characters it knows, quotes and backslash.</summary>
    internal static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                '\\' => "\\\\",
                '\'' => "\\'",
                '"' => "\\\"",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
