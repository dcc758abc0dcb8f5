using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wharf.JsonSchema.Model;

namespace Wharf.JsonSchema.Parsing;

/// <summary>
/// Loads a schema document (and the referenced documents it names) into <see cref="SchemaNode"/>s the way
/// everit's loader shapes them: a <c>type</c> list becomes anyOf, several independent keyword groups on one
/// object become a synthetic allOf, and type-specific keywords without <c>type</c> imply an unrequired type.
/// Bad input is answered with the first problem found (location + reason), never thrown.
/// </summary>
internal sealed class SchemaLoader
{
    /// <summary>Deeper nesting than this is refused: recursion over hostile input must stay bounded.</summary>
    public const int MaxDepth = 256;

    private const string RootDocument = "";

    private static readonly string[] ObjectKeywords =
        ["properties", "required", "additionalProperties", "patternProperties", "minProperties", "maxProperties",
         "dependencies", "propertyNames"];
    private static readonly string[] ArrayKeywords =
        ["items", "additionalItems", "minItems", "maxItems", "uniqueItems", "contains"];
    /// <summary>Keywords drafts 2019-09 and 2020-12 add; earlier drafts ignore them, as everit does.</summary>
    private static readonly string[] ModernObjectKeywords = ["dependentRequired", "dependentSchemas", "unevaluatedProperties"];
    private static readonly string[] ModernArrayKeywords = ["prefixItems", "unevaluatedItems", "minContains", "maxContains"];
    private static readonly string[] StringKeywords = ["minLength", "maxLength", "pattern", "format"];
    private static readonly string[] NumberKeywords =
        ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
    private static readonly string[] KnownTypes = ["string", "number", "integer", "boolean", "null", "object", "array"];

    private readonly IReadOnlyDictionary<string, string> _referenceTexts;
    private readonly bool _modern;
    private readonly Dictionary<string, JsonElement> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Document, string Pointer), SchemaNode> _loaded = [];
    private readonly Queue<(ReferenceSchemaNode Node, string Document, string Pointer)> _pendingReferences = new();
    private string? _error;

    private SchemaLoader(JsonElement root, IReadOnlyDictionary<string, string> referenceTexts)
    {
        _referenceTexts = referenceTexts;
        _documents[RootDocument] = root;
        // Confluent reads 2019-09 and 2020-12 documents with their own keywords, translated to draft-7 meaning.
        _modern = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("$schema", out var dialect)
            && dialect.ValueKind == JsonValueKind.String
            && (dialect.GetString()!.Contains("2019-09", StringComparison.Ordinal) || dialect.GetString()!.Contains("2020-12", StringComparison.Ordinal));
    }

    public static bool TryLoad(
        JsonElement root, IReadOnlyDictionary<string, string> referenceTexts, out SchemaNode node, out string? error)
    {
        var loader = new SchemaLoader(root, referenceTexts);
        if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
        {
            node = new FalseSchemaNode();
            error = "expected an object or boolean at the root, found " + root.ValueKind.ToString().ToLowerInvariant();
            return false;
        }
        node = loader.Load(RootDocument, root, "", 0);
        while (loader._error is null && loader._pendingReferences.TryDequeue(out var pending))
        {
            loader.Resolve(pending.Node, pending.Document, pending.Pointer);
        }
        error = loader._error;
        return error is null;
    }

    private EmptySchemaNode Fail(string pointer, string message)
    {
        _error ??= JsonPointer.Describe(pointer) + ": " + message;
        return new EmptySchemaNode();
    }

    private SchemaNode Load(string document, JsonElement element, string pointer, int depth)
    {
        if (_loaded.TryGetValue((document, pointer), out var cached))
        {
            return cached;
        }
        if (depth > MaxDepth)
        {
            return Fail(pointer, "schema nested deeper than " + MaxDepth + " levels");
        }
        var node = element.ValueKind switch
        {
            JsonValueKind.True => new EmptySchemaNode { Source = element },
            JsonValueKind.False => new FalseSchemaNode { Source = element },
            JsonValueKind.Object => LoadObject(document, element, pointer, depth),
            _ => Fail(pointer, "expected a schema (an object or a boolean), found " + Kind(element)),
        };
        _loaded[(document, pointer)] = node;
        return node;
    }

    private SchemaNode LoadObject(string document, JsonElement element, string pointer, int depth)
    {
        if (element.TryGetProperty("$ref", out var reference))
        {
            if (reference.ValueKind != JsonValueKind.String)
            {
                return Fail(JsonPointer.Append(pointer, "$ref"), "expected a string");
            }
            // Drafts 4-7: keywords beside $ref are ignored, so the reference stands alone.
            var referenceNode = new ReferenceSchemaNode { Source = element, Reference = reference.GetString()! };
            _pendingReferences.Enqueue((referenceNode, document, pointer));
            return WithMetadata(referenceNode, element, pointer);
        }

        var parts = new List<SchemaNode>();
        if (element.TryGetProperty("type", out var type))
        {
            var typeNames = ReadTypes(type, JsonPointer.Append(pointer, "type"));
            var typed = typeNames.Select(name => LoadTyped(document, element, pointer, depth, name, true)).ToList();
            if (typed.Count == 1)
            {
                parts.Add(typed[0]);
            }
            else if (typed.Count > 1)
            {
                parts.Add(new CombinedSchemaNode { Source = element, Criterion = Criterion.AnyOf, Subschemas = typed });
            }
        }
        else
        {
            // Keywords of a type without "type": the value must satisfy them only when it has that type.
            foreach (var (name, keywords) in new[]
                     {
                         ("object", ObjectKeywords), ("array", ArrayKeywords), ("string", StringKeywords),
                         ("number", NumberKeywords), ("object", _modern ? ModernObjectKeywords : []),
                         ("array", _modern ? ModernArrayKeywords : []),
                     })
            {
                if (keywords.Any(keyword => element.TryGetProperty(keyword, out _))
                    && !parts.Exists(p => p is ObjectSchemaNode && name == "object" || p is ArraySchemaNode && name == "array"))
                {
                    parts.Add(LoadTyped(document, element, pointer, depth, name, false));
                }
            }
        }
        if (element.TryGetProperty("enum", out var enumValues))
        {
            if (enumValues.ValueKind != JsonValueKind.Array)
            {
                return Fail(JsonPointer.Append(pointer, "enum"), "expected an array");
            }
            parts.Add(new EnumSchemaNode { Source = element, Values = [.. enumValues.EnumerateArray()] });
        }
        if (element.TryGetProperty("const", out var constValue))
        {
            parts.Add(new ConstSchemaNode { Source = element, Value = constValue });
        }
        if (element.TryGetProperty("not", out var not))
        {
            parts.Add(new NotSchemaNode
            {
                Source = element,
                MustNotMatch = Load(document, not, JsonPointer.Append(pointer, "not"), depth + 1),
            });
        }
        foreach (var (keyword, criterion) in new[]
                 {
                     ("allOf", Criterion.AllOf), ("anyOf", Criterion.AnyOf), ("oneOf", Criterion.OneOf),
                 })
        {
            if (element.TryGetProperty(keyword, out var subschemas))
            {
                var at = JsonPointer.Append(pointer, keyword);
                if (subschemas.ValueKind != JsonValueKind.Array || subschemas.GetArrayLength() == 0)
                {
                    return Fail(at, "expected a non-empty array of schemas");
                }
                var loaded = subschemas.EnumerateArray()
                    .Select((sub, i) => Load(document, sub, JsonPointer.Append(at, i.ToString(CultureInfo.InvariantCulture)), depth + 1))
                    .ToList();
                parts.Add(new CombinedSchemaNode { Source = element, Criterion = criterion, Subschemas = loaded });
            }
        }
        if (element.TryGetProperty("if", out var ifSchema))
        {
            var conditional = new ConditionalSchemaNode
            {
                Source = element,
                If = Load(document, ifSchema, JsonPointer.Append(pointer, "if"), depth + 1),
            };
            if (element.TryGetProperty("then", out var thenSchema))
            {
                conditional.Then = Load(document, thenSchema, JsonPointer.Append(pointer, "then"), depth + 1);
            }
            if (element.TryGetProperty("else", out var elseSchema))
            {
                conditional.Else = Load(document, elseSchema, JsonPointer.Append(pointer, "else"), depth + 1);
            }
            parts.Add(conditional);
        }

        SchemaNode result = parts.Count switch
        {
            0 => new EmptySchemaNode { Source = element },
            1 => parts[0],
            _ => new CombinedSchemaNode { Source = element, Criterion = Criterion.AllOf, Subschemas = parts },
        };
        return WithMetadata(result, element, pointer);
    }

    private List<string> ReadTypes(JsonElement type, string pointer)
    {
        var names = new List<string>();
        if (type.ValueKind == JsonValueKind.String)
        {
            names.Add(type.GetString()!);
        }
        else if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in type.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    Fail(pointer, "expected a type name, found " + Kind(item));
                    return [];
                }
                names.Add(item.GetString()!);
            }
        }
        else
        {
            Fail(pointer, "expected a type name or an array of them, found " + Kind(type));
            return [];
        }
        foreach (var name in names)
        {
            if (!KnownTypes.Contains(name))
            {
                Fail(pointer, "unknown type: [" + name + "]");
                return [];
            }
        }
        return names;
    }

    private SchemaNode LoadTyped(string document, JsonElement element, string pointer, int depth, string type, bool required) =>
        type switch
        {
            "string" => LoadString(element, pointer, required),
            "number" => LoadNumber(element, pointer, required, integer: false),
            "integer" => LoadNumber(element, pointer, required, integer: true),
            "boolean" => new BooleanSchemaNode { Source = element },
            "null" => new NullSchemaNode { Source = element },
            "object" => LoadObjectType(document, element, pointer, depth, required),
            _ => LoadArray(document, element, pointer, depth, required),
        };

    private StringSchemaNode LoadString(JsonElement element, string pointer, bool required)
    {
        string? pattern = null;
        Regex? regex = null;
        if (element.TryGetProperty("pattern", out var patternValue))
        {
            if (patternValue.ValueKind != JsonValueKind.String)
            {
                Fail(JsonPointer.Append(pointer, "pattern"), "expected a string");
            }
            else
            {
                pattern = patternValue.GetString()!;
                regex = CompilePattern(pattern, JsonPointer.Append(pointer, "pattern"));
            }
        }
        return new StringSchemaNode
        {
            Source = element,
            RequiresString = required,
            MinLength = ReadCount(element, "minLength", pointer),
            MaxLength = ReadCount(element, "maxLength", pointer),
            Pattern = pattern,
            PatternRegex = regex,
            Format = element.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String ? format.GetString() : null,
        };
    }

    private Regex? CompilePattern(string pattern, string pointer)
    {
        try
        {
            // ECMA 262 patterns; .NET's engine accepts the common subset. A timeout bounds hostile patterns.
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            Fail(pointer, "invalid regular expression '" + pattern + "': " + e.Message);
            return null;
        }
    }

    private NumberSchemaNode LoadNumber(JsonElement element, string pointer, bool required, bool integer)
    {
        bool exclusiveMinimumFlag = false, exclusiveMaximumFlag = false;
        double? exclusiveMinimum = null, exclusiveMaximum = null;
        if (element.TryGetProperty("exclusiveMinimum", out var exMin))
        {
            if (exMin.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                exclusiveMinimumFlag = exMin.ValueKind == JsonValueKind.True;
            }
            else
            {
                exclusiveMinimum = ReadNumber(element, "exclusiveMinimum", pointer);
            }
        }
        if (element.TryGetProperty("exclusiveMaximum", out var exMax))
        {
            if (exMax.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                exclusiveMaximumFlag = exMax.ValueKind == JsonValueKind.True;
            }
            else
            {
                exclusiveMaximum = ReadNumber(element, "exclusiveMaximum", pointer);
            }
        }
        decimal? multipleOf = null;
        if (element.TryGetProperty("multipleOf", out var multiple))
        {
            if (multiple.ValueKind != JsonValueKind.Number || !multiple.TryGetDecimal(out var m) || m <= 0)
            {
                Fail(JsonPointer.Append(pointer, "multipleOf"), "expected a number greater than 0");
            }
            else
            {
                multipleOf = m;
            }
        }
        return new NumberSchemaNode
        {
            Source = element,
            RequiresNumber = required,
            RequiresInteger = integer,
            Minimum = ReadNumber(element, "minimum", pointer),
            Maximum = ReadNumber(element, "maximum", pointer),
            ExclusiveMinimumFlag = exclusiveMinimumFlag,
            ExclusiveMaximumFlag = exclusiveMaximumFlag,
            ExclusiveMinimumLimit = exclusiveMinimum,
            ExclusiveMaximumLimit = exclusiveMaximum,
            MultipleOf = multipleOf,
        };
    }

    private ObjectSchemaNode LoadObjectType(string document, JsonElement element, string pointer, int depth, bool required)
    {
        var node = new ObjectSchemaNode
        {
            Source = element,
            RequiresObject = required,
            MinProperties = ReadCount(element, "minProperties", pointer),
            MaxProperties = ReadCount(element, "maxProperties", pointer),
        };
        if (element.TryGetProperty("properties", out var properties))
        {
            var at = JsonPointer.Append(pointer, "properties");
            if (properties.ValueKind != JsonValueKind.Object)
            {
                Fail(at, "expected an object");
                return node;
            }
            foreach (var property in properties.EnumerateObject())
            {
                node.Properties.Add(new(property.Name,
                    Load(document, property.Value, JsonPointer.Append(at, property.Name), depth + 1)));
            }
        }
        if (element.TryGetProperty("required", out var requiredNames))
        {
            foreach (var name in ReadStringArray(requiredNames, JsonPointer.Append(pointer, "required")))
            {
                node.Required.Add(name);
            }
        }
        if (element.TryGetProperty("additionalProperties", out var additional))
        {
            if (additional.ValueKind == JsonValueKind.False)
            {
                node.PermitsAdditionalProperties = false;
            }
            else if (additional.ValueKind != JsonValueKind.True)
            {
                node.AdditionalPropertiesSchema =
                    Load(document, additional, JsonPointer.Append(pointer, "additionalProperties"), depth + 1);
            }
        }
        if (element.TryGetProperty("patternProperties", out var patterns))
        {
            var at = JsonPointer.Append(pointer, "patternProperties");
            if (patterns.ValueKind != JsonValueKind.Object)
            {
                Fail(at, "expected an object");
                return node;
            }
            foreach (var pattern in patterns.EnumerateObject())
            {
                var regex = CompilePattern(pattern.Name, at);
                if (regex is not null)
                {
                    node.PatternProperties.Add(new(regex,
                        Load(document, pattern.Value, JsonPointer.Append(at, pattern.Name), depth + 1)));
                }
            }
        }
        if (element.TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind == JsonValueKind.Object)
        {
            var at = JsonPointer.Append(pointer, "dependencies");
            foreach (var dependency in dependencies.EnumerateObject())
            {
                if (dependency.Value.ValueKind == JsonValueKind.Array)
                {
                    node.PropertyDependencies[dependency.Name] =
                        new HashSet<string>(ReadStringArray(dependency.Value, JsonPointer.Append(at, dependency.Name)), StringComparer.Ordinal);
                }
                else
                {
                    node.SchemaDependencies[dependency.Name] =
                        Load(document, dependency.Value, JsonPointer.Append(at, dependency.Name), depth + 1);
                }
            }
        }
        if (_modern)
        {
            LoadModernObject(document, element, pointer, depth, node);
        }
        if (element.TryGetProperty("propertyNames", out var propertyNames))
        {
            node.PropertyNames = Load(document, propertyNames, JsonPointer.Append(pointer, "propertyNames"), depth + 1);
        }
        return node;
    }

    /// <summary>dependentRequired and dependentSchemas are draft 7's two kinds of dependencies, split.</summary>
    private void LoadModernObject(string document, JsonElement element, string pointer, int depth, ObjectSchemaNode node)
    {
        if (element.TryGetProperty("dependentRequired", out var dependentRequired) && dependentRequired.ValueKind == JsonValueKind.Object)
        {
            var at = JsonPointer.Append(pointer, "dependentRequired");
            foreach (var dependency in dependentRequired.EnumerateObject())
            {
                node.PropertyDependencies[dependency.Name] =
                    new HashSet<string>(ReadStringArray(dependency.Value, JsonPointer.Append(at, dependency.Name)), StringComparer.Ordinal);
            }
        }
        if (element.TryGetProperty("dependentSchemas", out var dependentSchemas) && dependentSchemas.ValueKind == JsonValueKind.Object)
        {
            var at = JsonPointer.Append(pointer, "dependentSchemas");
            foreach (var dependency in dependentSchemas.EnumerateObject())
            {
                node.SchemaDependencies[dependency.Name] = Load(document, dependency.Value, JsonPointer.Append(at, dependency.Name), depth + 1);
            }
        }
        if (element.TryGetProperty("unevaluatedProperties", out var unevaluated))
        {
            node.UnevaluatedProperties = Load(document, unevaluated, JsonPointer.Append(pointer, "unevaluatedProperties"), depth + 1);
        }
    }

    private ArraySchemaNode LoadArray(string document, JsonElement element, string pointer, int depth, bool required)
    {
        var node = new ArraySchemaNode
        {
            Source = element,
            RequiresArray = required,
            MinItems = ReadCount(element, "minItems", pointer),
            MaxItems = ReadCount(element, "maxItems", pointer),
            MinContains = _modern ? ReadCount(element, "minContains", pointer) : null,
            MaxContains = _modern ? ReadCount(element, "maxContains", pointer) : null,
            UniqueItems = element.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True,
        };
        if (_modern && element.TryGetProperty("unevaluatedItems", out var unevaluated))
        {
            node.UnevaluatedItems = Load(document, unevaluated, JsonPointer.Append(pointer, "unevaluatedItems"), depth + 1);
        }
        if (_modern && element.TryGetProperty("prefixItems", out var prefixItems) && prefixItems.ValueKind == JsonValueKind.Array)
        {
            // 2020-12: prefixItems is the tuple and items covers the rest, draft 7's items array and additionalItems.
            var at = JsonPointer.Append(pointer, "prefixItems");
            node.ItemSchemas = prefixItems.EnumerateArray()
                .Select((item, i) => Load(document, item, JsonPointer.Append(at, i.ToString(CultureInfo.InvariantCulture)), depth + 1))
                .ToList();
            if (element.TryGetProperty("items", out var rest))
            {
                if (rest.ValueKind == JsonValueKind.False)
                {
                    node.PermitsAdditionalItems = false;
                }
                else if (rest.ValueKind != JsonValueKind.True)
                {
                    node.AdditionalItemsSchema = Load(document, rest, JsonPointer.Append(pointer, "items"), depth + 1);
                }
            }
            if (element.TryGetProperty("contains", out var tupleContains))
            {
                node.Contains = Load(document, tupleContains, JsonPointer.Append(pointer, "contains"), depth + 1);
            }
            return node;
        }
        if (element.TryGetProperty("items", out var items))
        {
            var at = JsonPointer.Append(pointer, "items");
            if (items.ValueKind == JsonValueKind.Array)
            {
                node.ItemSchemas = items.EnumerateArray()
                    .Select((item, i) => Load(document, item, JsonPointer.Append(at, i.ToString(CultureInfo.InvariantCulture)), depth + 1))
                    .ToList();
            }
            else
            {
                node.AllItems = Load(document, items, at, depth + 1);
            }
        }
        if (element.TryGetProperty("additionalItems", out var additional))
        {
            if (additional.ValueKind == JsonValueKind.False)
            {
                node.PermitsAdditionalItems = false;
            }
            else if (additional.ValueKind != JsonValueKind.True)
            {
                node.AdditionalItemsSchema = Load(document, additional, JsonPointer.Append(pointer, "additionalItems"), depth + 1);
            }
        }
        if (element.TryGetProperty("contains", out var contains))
        {
            node.Contains = Load(document, contains, JsonPointer.Append(pointer, "contains"), depth + 1);
        }
        return node;
    }

    private SchemaNode WithMetadata(SchemaNode node, JsonElement element, string pointer)
    {
        node.Id = ReadOptionalString(element, element.TryGetProperty("$id", out _) ? "$id" : "id", pointer);
        node.Title = ReadOptionalString(element, "title", pointer);
        node.Description = ReadOptionalString(element, "description", pointer);
        node.ConnectType = element.TryGetProperty("connect.type", out var connectType) && connectType.ValueKind == JsonValueKind.String
            ? connectType.GetString()
            : null;
        if (element.TryGetProperty("default", out var defaultValue))
        {
            node.Default = defaultValue;
        }
        return node;
    }

    private string? ReadOptionalString(JsonElement element, string keyword, string pointer)
    {
        if (!element.TryGetProperty(keyword, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            // "id" may legitimately be a property-less annotation of another kind in drafts 6+; ignore those.
            if (keyword != "id")
            {
                Fail(JsonPointer.Append(pointer, keyword), "expected a string, found " + Kind(value));
            }
            return null;
        }
        return value.GetString();
    }

    private int? ReadCount(JsonElement element, string keyword, string pointer)
    {
        if (!element.TryGetProperty(keyword, out var value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0)
        {
            return count;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var real) && real >= 0 && real <= int.MaxValue
            && Math.Floor(real) == real)
        {
            return (int)real;
        }
        Fail(JsonPointer.Append(pointer, keyword), "expected a non-negative integer, found " + value.GetRawText());
        return null;
    }

    private double? ReadNumber(JsonElement element, string keyword, string pointer)
    {
        if (!element.TryGetProperty(keyword, out var value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number))
        {
            return number;
        }
        Fail(JsonPointer.Append(pointer, keyword), "expected a number, found " + Kind(value));
        return null;
    }

    private List<string> ReadStringArray(JsonElement value, string pointer)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(pointer, "expected an array of strings, found " + Kind(value));
            return [];
        }
        var names = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                Fail(pointer, "expected an array of strings, found an item of type " + Kind(item));
                return [];
            }
            names.Add(item.GetString()!);
        }
        return names;
    }

    private void Resolve(ReferenceSchemaNode node, string document, string pointer)
    {
        var reference = node.Reference;
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var location = hash < 0 ? reference : reference[..hash];
        var fragment = hash < 0 ? "" : JsonPointer.DecodeFragment(reference[(hash + 1)..]);
        var target = location.Length == 0 ? document : FindDocument(location);
        if (target is null || !TryDocument(target, out var root))
        {
            Fail(JsonPointer.Append(pointer, "$ref"), "cannot resolve '" + reference + "': no schema reference named '" + location + "'");
            return;
        }
        if (!JsonPointer.TryResolve(root, fragment, out var found))
        {
            Fail(JsonPointer.Append(pointer, "$ref"), "cannot resolve '" + reference + "': no such location in the schema");
            return;
        }
        node.Target = Load(target, found, fragment, 0);
    }

    /// <summary>
    /// Confluent registers each reference under its name as a URI; a <c>$ref</c> resolved against the root's
    /// <c>$id</c> ends with that name, so an exact name or a matching last path segment both find it.
    /// </summary>
    private string? FindDocument(string location)
    {
        if (_referenceTexts.ContainsKey(location))
        {
            return location;
        }
        if (_documents[RootDocument].ValueKind == JsonValueKind.Object
            && _documents[RootDocument].TryGetProperty("$id", out var id) && id.ValueKind == JsonValueKind.String
            && id.GetString() == location)
        {
            return RootDocument;
        }
        var lastSegment = LastSegment(location);
        foreach (var name in _referenceTexts.Keys)
        {
            if (LastSegment(name) == lastSegment)
            {
                return name;
            }
        }
        return null;
    }

    private static string LastSegment(string uri) => uri[(uri.LastIndexOf('/') + 1)..];

    private bool TryDocument(string name, out JsonElement root)
    {
        if (_documents.TryGetValue(name, out root))
        {
            return true;
        }
        try
        {
            using var parsed = JsonDocument.Parse(_referenceTexts[name]);
            root = parsed.RootElement.Clone();
        }
        catch (JsonException e)
        {
            _error ??= "Invalid JSON in schema reference '" + name + "': " + e.Message;
            return false;
        }
        _documents[name] = root;
        return true;
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Undefined => "nothing",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };
}
