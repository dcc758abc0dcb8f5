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
    private readonly LinkedTypes _types;
    private readonly List<string> _scope = [];

    private ProtoPrinter(bool normalize, LinkedTypes types)
    {
        _normalize = normalize;
        _types = types;
    }

    public static string Print(ProtoFile file, LinkedTypes types, bool normalize) =>
        new ProtoPrinter(normalize, types).File(file);

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
            foreach (var option in Options(file.Options))
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
        Linker.Resolve(_types.Symbols, typeName, CurrentScope) is { } symbol ? "." + symbol.FullName : typeName;

    private string Service(ServiceElement service)
    {
        var sb = new StringBuilder("service ").Append(service.Name).Append(" {");
        if (service.Options.Count > 0)
        {
            sb.Append('\n');
            foreach (var option in Options(service.Options))
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
            foreach (var option in Options(rpc.Options))
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
        foreach (var option in Options(element.Options))
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
                AppendOptions(line, Options(constant.Options).Select(o => (object)o).ToList());
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
            foreach (var option in Options(message.Options))
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
                    AppendOptions(line, Options(extension.Options).Select(o => (object)o).ToList());
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
        if (!value.IsRange || (_normalize && value.Start == value.End))
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
            foreach (var option in Options(oneOf.Options))
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
        var withSpecialValues = new List<OptionElement>(field.Options);
        if (field.DefaultValue is not null)
        {
            withSpecialValues.Add(new OptionElement("default", DefaultKind(field, type), field.DefaultValue, false));
        }
        if (field.JsonName is not null)
        {
            withSpecialValues.Add(new OptionElement("json_name", OptionKind.String, field.JsonName, false));
        }
        var options = Options(withSpecialValues).Select(o => (object)o).ToList();
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
        var ordered = _normalize ? NormalizedMap(entries) : entries;
        for (var i = 0; i < ordered.Count; i++)
        {
            AppendIndented(sb, ordered[i].Key + ": " + OptionValueText(ordered[i].Value) + (i < ordered.Count - 1 ? "," : ""));
        }
    }

    /// <summary>
    /// Confluent's normalized options: custom option names resolved to their extension's full name, dotted
    /// assignments turned into aggregates, options sorted by name, and the assignments of one non-repeated
    /// custom option merged into one aggregate (repeated members gathered into lists, duplicates dropped).
    /// </summary>
    private List<OptionElement> Options(IEnumerable<OptionElement> options)
    {
        var list = options.ToList();
        if (!_normalize || list.Count == 0)
        {
            return list;
        }
        var resolved = list
            .Select(o => o.Parenthesized && ResolveExtension(o.Name) is { } fullName ? Transform(o with { Name = fullName }) : o)
            .OrderBy(o => o.Name, StringComparer.Ordinal)
            .ToList();
        var result = new List<OptionElement>();
        foreach (var group in resolved.GroupBy(o => o.Name, StringComparer.Ordinal))
        {
            if (_types.Extensions.GetValueOrDefault(group.Key) is { } extension && extension.Field.Label != FieldLabel.Repeated)
            {
                result.Add(group.Aggregate((existing, replacement) => Merge(extension, existing, replacement)));
            }
            else
            {
                result.AddRange(group);
            }
        }
        return result;
    }

    private string? ResolveExtension(string name)
    {
        if (name.StartsWith('.'))
        {
            return _types.Extensions.ContainsKey(name[1..]) ? name[1..] : null;
        }
        var scope = CurrentScope;
        while (true)
        {
            var candidate = scope.Length == 0 ? name : scope + "." + name;
            if (_types.Extensions.ContainsKey(candidate))
            {
                return candidate;
            }
            if (scope.Length == 0)
            {
                return null;
            }
            var dot = scope.LastIndexOf('.');
            scope = dot < 0 ? "" : scope[..dot];
        }
    }

    /// <summary><c>(a).b.c = v</c> becomes <c>(a) = { b: { c: v } }</c>.</summary>
    private static OptionElement Transform(OptionElement option) =>
        option.Kind == OptionKind.Option ? option with { Kind = OptionKind.Map, Value = TransformMap(option) } : option;

    private static List<KeyValuePair<string, OptionValue>> TransformMap(OptionElement option)
    {
        var inner = (OptionElement)option.Value;
        var value = inner.Kind == OptionKind.Option
            ? new OptionValue(OptionKind.Map, TransformMap(inner))
            : new OptionValue(inner.Kind, inner.Value);
        return [new(inner.Name, value)];
    }

    private OptionElement Merge(ExtensionSymbol extension, OptionElement existing, OptionElement replacement)
    {
        replacement = Transform(replacement);
        if (existing.Kind != OptionKind.Map || replacement.Kind != OptionKind.Map)
        {
            return replacement;
        }
        var merged = MergeMaps(extension.Field, extension.Scope,
            (List<KeyValuePair<string, OptionValue>>)existing.Value, (List<KeyValuePair<string, OptionValue>>)replacement.Value);
        return replacement with { Value = merged };
    }

    private List<KeyValuePair<string, OptionValue>> MergeMaps(
        FieldElement container, string scope, List<KeyValuePair<string, OptionValue>> existing, List<KeyValuePair<string, OptionValue>> replacement)
    {
        var containerType = Linker.Resolve(_types.Symbols, container.Type, scope);
        var merged = new List<KeyValuePair<string, OptionValue>>(existing);
        foreach (var (key, value) in replacement)
        {
            var nested = containerType?.Element is MessageElement message
                ? Linker.AllFields(message).FirstOrDefault(f => f.Name == key)
                : null;
            var at = merged.FindIndex(e => e.Key == key);
            if (at < 0)
            {
                merged.Add(new(key, value));
            }
            else
            {
                merged[at] = new(key, MergeValues(nested, containerType?.FullName ?? scope, merged[at].Value, value));
            }
        }
        return merged;
    }

    private OptionValue MergeValues(FieldElement? field, string scope, OptionValue first, OptionValue second)
    {
        var singular = field is not null && field.Label != FieldLabel.Repeated;
        if (singular && first.Kind == OptionKind.Map && second.Kind == OptionKind.Map
            && Linker.Resolve(_types.Symbols, field!.Type, scope) is { IsEnum: false })
        {
            return new OptionValue(OptionKind.Map, MergeMaps(field, scope,
                (List<KeyValuePair<string, OptionValue>>)first.Value, (List<KeyValuePair<string, OptionValue>>)second.Value));
        }
        if (singular)
        {
            return second;
        }
        var items = new List<OptionValue>();
        foreach (var value in new[] { first, second })
        {
            foreach (var item in value.Kind == OptionKind.List ? (List<OptionValue>)value.Value : [value])
            {
                if (!items.Contains(item))
                {
                    items.Add(item);
                }
            }
        }
        return new OptionValue(OptionKind.List, items);
    }

    /// <summary>Aggregates normalized: empty lists dropped, extension keys fully named, keys sorted.</summary>
    private List<KeyValuePair<string, OptionValue>> NormalizedMap(List<KeyValuePair<string, OptionValue>> entries)
    {
        var result = new SortedDictionary<string, OptionValue>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            if (value.Kind == OptionKind.List && ((List<OptionValue>)value.Value).Count == 0)
            {
                continue;
            }
            var name = key.StartsWith('[') && key.EndsWith(']') && ResolveExtension(key[1..^1]) is { } fullName
                ? "[" + fullName + "]"
                : key;
            result.TryAdd(name, value);
        }
        return [.. result];
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
