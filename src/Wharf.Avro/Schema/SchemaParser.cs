using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Wharf.Avro.Json;

namespace Wharf.Avro;

/// <summary>
/// Schema text to <see cref="AvroSchema"/>, following Avro-Java 1.11's <c>Schema.parse</c> step by step (the
/// version Confluent 7.x bundles), with the checks <see cref="AvroParseOptions"/> turns on. Avro-Java behaviours kept
/// on purpose: a reference that is not found in the current namespace is looked up in the null namespace; an object
/// whose <c>type</c> is a defined name is that type; attributes that are not reserved become properties in document
/// order; a float or double default written as a string ("NaN") becomes a number.
/// </summary>
internal sealed class SchemaParser
{
    private static readonly FrozenSet<string> SchemaReserved = new[]
    {
        "doc", "fields", "items", "name", "namespace", "size", "symbols", "values", "type", "aliases",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> EnumReserved = SchemaReserved.Append("default").ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> FieldReserved = new[]
    {
        "default", "doc", "name", "order", "type", "aliases",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly AvroParseOptions _options;
    private readonly Dictionary<string, AvroNamedSchema> _names = new(StringComparer.Ordinal);
    private readonly HashSet<AvroRecordSchema> _recordsWithoutFields = [];
    private string? _space;

    private SchemaParser(AvroParseOptions options) => _options = options;

    public static AvroSchema Parse(string json, AvroParseOptions options, IEnumerable<AvroSchema>? references)
    {
        AvroJsonValue tree;
        try
        {
            tree = JsonTreeReader.Parse(Encoding.UTF8.GetBytes(json), options.MaxDepth);
        }
        catch (FormatException e)
        {
            throw new AvroSchemaParseException(e.Message, e);
        }
        var parser = new SchemaParser(options);
        var referenced = references?.ToArray() ?? [];
        foreach (var reference in referenced)
        {
            parser.AddReferencedTypes(reference);
        }
        var schema = parser.ParseSchema(tree);
        // A root that is itself a referenced type belongs to that reference; it is not annotated.
        if (referenced.Length > 0 && !referenced.Any(r => SchemaWalker.NamedTypes(r).Contains(schema)))
        {
            schema.References = referenced;
        }
        return schema;
    }

    /// <summary>Every named type defined in a referenced schema can be used by name (Confluent schema references).</summary>
    private void AddReferencedTypes(AvroSchema reference)
    {
        foreach (var named in SchemaWalker.NamedTypes(reference))
        {
            _names.TryAdd(named.FullName, named);
        }
    }

    private AvroSchema ParseSchema(AvroJsonValue node)
    {
        switch (node.Kind)
        {
            case AvroJsonKind.String:
                return Lookup(node.StringValue) ?? throw Error($"Undefined name: {node}");
            case AvroJsonKind.Object:
                return ParseObject(node);
            case AvroJsonKind.Array:
                return ParseUnion(node);
            default:
                throw Error($"Schema not yet supported: {Snippet(node)}");
        }
    }

    private AvroSchema ParseObject(AvroJsonValue node)
    {
        var type = node.Get("type")?.TextOrNull ?? throw Error($"No type: {Snippet(node)}");
        var savedSpace = _space;
        var isRecord = type is "record" or "error";
        var isNamed = isRecord || type is "enum" or "fixed";
        AvroName? name = null;
        string? doc = null;
        if (isNamed)
        {
            var space = node.Get("namespace")?.TextOrNull;
            doc = node.Get("doc")?.TextOrNull;
            if (space is null)
            {
                space = savedSpace;
            }
            else
            {
                ValidateNamespace(space);
            }
            var nameText = node.Get("name")?.TextOrNull ?? throw Error($"No name in schema: {Snippet(node)}");
            name = CreateName(nameText, space);
            _space = name.Space;
        }

        AvroSchema result;
        if (AvroTypeNames.TryParsePrimitive(type, out var primitive))
        {
            result = new AvroPrimitiveSchema(primitive);
        }
        else if (isRecord)
        {
            var record = new AvroRecordSchema(name!, doc, type == "error");
            AddName(record);
            var fieldsNode = node.Get("fields");
            if (fieldsNode is null || fieldsNode.Kind != AvroJsonKind.Array)
            {
                throw Error($"Record has no fields: {Snippet(node)}");
            }
            _recordsWithoutFields.Add(record);
            record.SetFields(ParseFields(record, fieldsNode));
            _recordsWithoutFields.Remove(record);
            result = record;
        }
        else if (type == "enum")
        {
            result = ParseEnum(node, name!, doc);
        }
        else if (type == "array")
        {
            var items = node.Get("items") ?? throw Error($"Array has no items type: {Snippet(node)}");
            result = new AvroArraySchema(ParseSchema(items));
        }
        else if (type == "map")
        {
            var values = node.Get("values") ?? throw Error($"Map has no values type: {Snippet(node)}");
            result = new AvroMapSchema(ParseSchema(values));
        }
        else if (type == "fixed")
        {
            var size = node.Get("size");
            if (size is null || !size.IsInt32)
            {
                throw Error($"Invalid or no size: {Snippet(node)}");
            }
            var length = (int)size.IntegerValue;
            if (length < 0)
            {
                throw Error($"Invalid fixed size {length}: it must not be negative.");
            }
            var fixedSchema = new AvroFixedSchema(name!, doc, length);
            AddName(fixedSchema);
            result = fixedSchema;
        }
        else
        {
            // Avro-Java: {"type":"SomeDefinedName"} is that type (used for self references in unions).
            return _names.GetValueOrDefault(AvroName.Create(type, _space).Full) ?? throw Error($"Type not supported: {type}");
        }

        var reserved = type == "enum" ? EnumReserved : SchemaReserved;
        var properties = new List<KeyValuePair<string, AvroJsonValue>>();
        foreach (var property in node.Properties)
        {
            if (!reserved.Contains(property.Key))
            {
                properties.Add(property);
            }
        }
        result.SetProperties(properties);
        result.LogicalType = LogicalTypes.Recognise(result, _options.RejectInvalidLogicalTypes);
        _space = savedSpace;
        if (result is AvroNamedSchema named)
        {
            var aliases = ParseAliases(node);
            if (aliases is not null)
            {
                named.AliasNames = [.. aliases.Select(a => CreateName(a, named.Namespace)).Distinct()];
            }
        }
        return result;
    }

    private AvroField[] ParseFields(AvroRecordSchema record, AvroJsonValue fieldsNode)
    {
        var fields = new List<AvroField>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fieldsNode.Items)
        {
            var fieldName = field.Get("name")?.TextOrNull ?? throw Error($"No field name: {Snippet(field)}");
            var fieldDoc = field.Get("doc")?.TextOrNull;
            var typeNode = field.Get("type") ?? throw Error($"No field type: {Snippet(field)}");
            if (typeNode.IsString && Lookup(typeNode.StringValue) is null)
            {
                throw Error($"{typeNode} is not a defined name. The type of the \"{fieldName}\" field must be a defined name or a {{\"type\": ...}} expression.");
            }
            var fieldSchema = ParseSchema(typeNode);
            var order = ParseOrder(field.Get("order"));
            var defaultValue = field.Get("default");
            if (defaultValue is { IsString: true } && fieldSchema.Type is AvroType.Float or AvroType.Double)
            {
                defaultValue = AvroJsonValue.FromDouble(JavaDoubleValueOf(defaultValue.StringValue, fieldName));
            }
            ValidateName(fieldName);
            if (defaultValue is not null && _options.DefaultValidation != AvroDefaultValidation.None
                && !IsValidDefault(fieldSchema, defaultValue))
            {
                throw Error($"Invalid default for field {fieldName}: {Snippet(defaultValue)} not a {Snippet(fieldSchema)}");
            }
            var properties = new List<KeyValuePair<string, AvroJsonValue>>();
            foreach (var property in field.Properties)
            {
                if (!FieldReserved.Contains(property.Key))
                {
                    properties.Add(property);
                }
            }
            var aliases = ParseAliases(field);
            if (!seen.Add(fieldName))
            {
                throw Error($"Duplicate field {fieldName} in record {record.FullName}.");
            }
            fields.Add(new AvroField(fieldName, fields.Count, fieldSchema, fieldDoc, defaultValue, order,
                aliases?.Distinct(StringComparer.Ordinal).ToArray(), properties));
        }
        return [.. fields];
    }

    private AvroEnumSchema ParseEnum(AvroJsonValue node, AvroName name, string? doc)
    {
        var symbolsNode = node.Get("symbols");
        if (symbolsNode is null || symbolsNode.Kind != AvroJsonKind.Array)
        {
            throw Error($"Enum has no symbols: {Snippet(node)}");
        }
        var symbols = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var symbolNode in symbolsNode.Items)
        {
            var symbol = symbolNode.TextOrNull ?? throw Error("Null name: an enum symbol must be a string.");
            ValidateName(symbol);
            if (!seen.Add(symbol))
            {
                throw Error($"Duplicate enum symbol: {symbol}");
            }
            symbols.Add(symbol);
        }
        var defaultSymbol = node.Get("default")?.TextOrNull;
        if (defaultSymbol is not null && !seen.Contains(defaultSymbol))
        {
            throw Error($"The Enum Default: {defaultSymbol} is not in the enum symbol set: [{string.Join(", ", symbols)}]");
        }
        var result = new AvroEnumSchema(name, doc, [.. symbols], defaultSymbol);
        AddName(result);
        return result;
    }

    private AvroUnionSchema ParseUnion(AvroJsonValue node)
    {
        var branches = new AvroSchema[node.Items.Count];
        var byLabel = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < branches.Length; i++)
        {
            var branch = ParseSchema(node.Items[i]);
            if (branch.Type == AvroType.Union)
            {
                throw Error($"Nested union: {Snippet(node)}");
            }
            if (!byLabel.TryAdd(branch.FullName, i))
            {
                throw Error($"Duplicate in union:{branch.FullName}");
            }
            branches[i] = branch;
        }
        return new AvroUnionSchema(branches, byLabel.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Avro-Java's <c>Names.get</c>: primitives, then the current namespace, then the null namespace.</summary>
    private AvroSchema? Lookup(string reference)
    {
        if (AvroTypeNames.TryParsePrimitive(reference, out var primitive))
        {
            return new AvroPrimitiveSchema(primitive);
        }
        var name = CreateName(reference, _space, validateNamespace: false);
        return _names.GetValueOrDefault(name.Full) ?? _names.GetValueOrDefault(AvroName.Create(reference, null).Full);
    }

    private void AddName(AvroNamedSchema schema)
    {
        if (AvroTypeNames.TryParsePrimitive(schema.FullName, out _))
        {
            throw Error($"Schemas may not be named after primitives: {schema.FullName}");
        }
        if (!_names.TryAdd(schema.FullName, schema))
        {
            throw Error($"Can't redefine: {schema.FullName}");
        }
    }

    private AvroName CreateName(string name, string? defaultSpace, bool validateNamespace = true)
    {
        var result = AvroName.Create(name, defaultSpace);
        ValidateName(result.Simple);
        if (validateNamespace && name.Contains('.', StringComparison.Ordinal) && result.Space is not null)
        {
            ValidateNamespace(result.Space);
        }
        return result;
    }

    private void ValidateName(string name)
    {
        if (_options.NameValidation == AvroNameValidation.None)
        {
            return;
        }
        if (name.Length == 0)
        {
            throw Error("Empty name");
        }
        var ascii = _options.NameValidation == AvroNameValidation.Ascii;
        var first = name[0];
        if (!(first == '_' || (ascii ? char.IsAsciiLetter(first) : char.IsLetter(first))))
        {
            throw Error($"Illegal initial character: {name}");
        }
        foreach (var c in name.AsSpan(1))
        {
            if (!(c == '_' || (ascii ? char.IsAsciiLetterOrDigit(c) : char.IsLetterOrDigit(c))))
            {
                throw Error($"Illegal character in: {name}");
            }
        }
    }

    /// <summary>The spec's rule for namespaces (a dot-separated sequence of names); Avro-Java 1.11 has no such check.</summary>
    private void ValidateNamespace(string space)
    {
        if (_options.NameValidation != AvroNameValidation.Ascii || space.Length == 0)
        {
            return;
        }
        foreach (var segment in space.Split('.'))
        {
            if (segment.Length == 0 || !(segment[0] == '_' || char.IsAsciiLetter(segment[0]))
                || segment.AsSpan(1).ContainsAnyExcept(AsciiNameCharacters))
            {
                throw Error($"Invalid namespace: {space} is not a dot-separated sequence of names matching [A-Za-z_][A-Za-z0-9_]*");
            }
        }
    }

    private static readonly System.Buffers.SearchValues<char> AsciiNameCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    private static AvroFieldOrder ParseOrder(AvroJsonValue? node)
    {
        if (node is null)
        {
            return AvroFieldOrder.Ascending;
        }
        return node.TextOrNull?.ToUpperInvariant() switch
        {
            "ASCENDING" => AvroFieldOrder.Ascending,
            "DESCENDING" => AvroFieldOrder.Descending,
            "IGNORE" => AvroFieldOrder.Ignore,
            _ => throw Error($"Invalid field order: {node} (ascending, descending or ignore)"),
        };
    }

    private static List<string>? ParseAliases(AvroJsonValue node)
    {
        var aliases = node.Get("aliases");
        if (aliases is null)
        {
            return null;
        }
        if (aliases.Kind != AvroJsonKind.Array)
        {
            throw Error($"aliases not an array: {Snippet(node)}");
        }
        return [.. aliases.Items.Select(a => a.TextOrNull ?? throw Error($"alias not a string: {a}"))];
    }

    /// <summary>Avro-Java's field-default check (<c>Schema.isValidDefault</c>), with the options' union rule and spec checks.</summary>
    private bool IsValidDefault(AvroSchema schema, AvroJsonValue? value)
    {
        if (value is null)
        {
            return false;
        }
        var spec = _options.DefaultValidation == AvroDefaultValidation.Spec;
        switch (schema.Type)
        {
            case AvroType.String:
                return value.IsString;
            case AvroType.Bytes:
                return value.IsString && (!spec || IsLatin1(value.StringValue));
            case AvroType.Enum:
                return value.IsString && (!spec || ((AvroEnumSchema)schema).IndexOf(value.StringValue) >= 0);
            case AvroType.Fixed:
                return value.IsString && (!spec || (IsLatin1(value.StringValue) && value.StringValue.Length == ((AvroFixedSchema)schema).Size));
            case AvroType.Int:
                return value.IsInt32;
            case AvroType.Long:
                return value.IsInt64;
            case AvroType.Float:
            case AvroType.Double:
                return value.IsNumber;
            case AvroType.Boolean:
                return value.Kind == AvroJsonKind.Boolean;
            case AvroType.Null:
                return value.IsNull;
            case AvroType.Array:
                return value.Kind == AvroJsonKind.Array && value.Items.All(i => IsValidDefault(((AvroArraySchema)schema).Items, i));
            case AvroType.Map:
                return value.Kind == AvroJsonKind.Object && value.Properties.All(p => IsValidDefault(((AvroMapSchema)schema).Values, p.Value));
            case AvroType.Union:
                var branches = ((AvroUnionSchema)schema).Branches;
                return _options.UnionDefaultRule == AvroUnionDefaultRule.FirstBranch
                    ? branches.Count > 0 && IsValidDefault(branches[0], value)
                    : branches.Any(b => IsValidDefault(b, value));
            case AvroType.Record:
                var record = (AvroRecordSchema)schema;
                if (_recordsWithoutFields.Contains(record))
                {
                    // Avro-Java fails here too ("Schema fields not set yet"): a default cannot describe a record
                    // that is still being defined.
                    throw Error($"The default refers to record {record.FullName}, which is still being defined.");
                }
                return value.Kind == AvroJsonKind.Object
                    && record.Fields.All(f => IsValidDefault(f.Schema, value.Get(f.Name) ?? f.Default));
            default:
                return false;
        }
    }

    private static bool IsLatin1(string value) => !value.AsSpan().ContainsAnyExceptInRange('\u0000', '\u00FF');

    /// <summary>Java's <c>Double.valueOf</c> for the forms schemas use: decimal numbers, NaN, Infinity, a d/f suffix.</summary>
    private static double JavaDoubleValueOf(string text, string fieldName)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && trimmed[^1] is 'd' or 'D' or 'f' or 'F')
        {
            trimmed = trimmed[..^1];
        }
        switch (trimmed)
        {
            case "NaN":
            case "+NaN":
            case "-NaN":
                return double.NaN;
            case "Infinity":
            case "+Infinity":
                return double.PositiveInfinity;
            case "-Infinity":
                return double.NegativeInfinity;
        }
        if (trimmed.Length > 0 && !trimmed.Contains("Infinity", StringComparison.Ordinal) && !trimmed.Contains("NaN", StringComparison.Ordinal)
            && double.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        throw Error($"Invalid default for field {fieldName}: \"{text}\" is not a number.");
    }

    private static string Snippet(AvroJsonValue node)
    {
        var text = node.ToString();
        return text.Length <= 200 ? text : text[..200] + "...";
    }

    private static string Snippet(AvroSchema schema) => schema.Type switch
    {
        AvroType.Record or AvroType.Enum or AvroType.Fixed => schema.FullName,
        _ => Truncate(schema.ToCanonicalString()),
    };

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";

    private static AvroSchemaParseException Error(string message) => new(message);
}
