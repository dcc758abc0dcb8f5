using System.Globalization;
using System.Text.Json;
using Wharf.JsonSchema.Json;
using Wharf.JsonSchema.Model;

namespace Wharf.JsonSchema.Validation;

/// <summary>
/// Checks a JSON value against a loaded schema and names the first violation with its location in the value
/// (<c>#/items/2: expected type: integer, found: string</c>, everit's shape).
/// </summary>
internal static class JsonValidator
{
    /// <summary>Values nested deeper than this are refused rather than recursed into.</summary>
    public const int MaxDepth = 512;

    public static string? Validate(SchemaNode schema, JsonElement value) => Check(schema, value, "#", 0);

    private static string? Check(SchemaNode schema, JsonElement value, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            return path + ": value nested deeper than " + MaxDepth + " levels";
        }
        return schema switch
        {
            EmptySchemaNode => null,
            FalseSchemaNode => path + ": false schema does not allow " + Describe(value),
            ReferenceSchemaNode reference => reference.Target is null
                ? path + ": unresolved $ref '" + reference.Reference + "'"
                : Check(reference.Target, value, path, depth + 1),
            NullSchemaNode => value.ValueKind == JsonValueKind.Null ? null : TypeError(path, "null", value),
            BooleanSchemaNode => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : TypeError(path, "boolean", value),
            StringSchemaNode s => CheckString(s, value, path),
            NumberSchemaNode n => CheckNumber(n, value, path),
            ObjectSchemaNode o => CheckObject(o, value, path, depth),
            ArraySchemaNode a => CheckArray(a, value, path, depth),
            EnumSchemaNode e => JsonValues.Contains(e.Values, value) ? null : path + ": " + Describe(value) + " is not a valid enum value",
            ConstSchemaNode c => JsonValues.DeepEquals(c.Value, value) ? null : path + ": " + Describe(value) + " does not match the const value",
            NotSchemaNode n => Check(n.MustNotMatch, value, path, depth + 1) is null ? path + ": subject must not be valid against schema" : null,
            CombinedSchemaNode c => CheckCombined(c, value, path, depth),
            ConditionalSchemaNode c => CheckConditional(c, value, path, depth),
            _ => null,
        };
    }

    private static string? CheckString(StringSchemaNode schema, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return schema.RequiresString ? TypeError(path, "string", value) : null;
        }
        var text = value.GetString()!;
        // Lengths count code points, not UTF-16 units (JSON Schema validation, section 6.3.1).
        var length = text.EnumerateRunes().Count();
        if (schema.MinLength is { } min && length < min)
        {
            return path + ": expected minLength: " + min + ", actual: " + length;
        }
        if (schema.MaxLength is { } max && length > max)
        {
            return path + ": expected maxLength: " + max + ", actual: " + length;
        }
        if (schema.PatternRegex is { } regex && !regex.IsMatch(text))
        {
            return path + ": string [" + text + "] does not match pattern " + schema.Pattern;
        }
        if (schema.Format is { } format && !StringFormats.IsValid(format, text))
        {
            return path + ": [" + text + "] is not a valid " + format;
        }
        return null;
    }

    private static string? CheckNumber(NumberSchemaNode schema, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return schema.RequiresNumber ? TypeError(path, schema.RequiresInteger ? "integer" : "number", value) : null;
        }
        var number = value.GetDouble();
        if (schema.RequiresInteger && !IsInteger(value))
        {
            return TypeError(path, "integer", value);
        }
        if (schema.Minimum is { } min && (number < min || (schema.ExclusiveMinimumFlag && number == min)))
        {
            return path + ": " + value.GetRawText() + " is not " + (schema.ExclusiveMinimumFlag ? "greater than " : "greater or equal to ") + Format(min);
        }
        if (schema.Maximum is { } max && (number > max || (schema.ExclusiveMaximumFlag && number == max)))
        {
            return path + ": " + value.GetRawText() + " is not " + (schema.ExclusiveMaximumFlag ? "less than " : "less or equal to ") + Format(max);
        }
        if (schema.ExclusiveMinimumLimit is { } exMin && number <= exMin)
        {
            return path + ": " + value.GetRawText() + " is not greater than " + Format(exMin);
        }
        if (schema.ExclusiveMaximumLimit is { } exMax && number >= exMax)
        {
            return path + ": " + value.GetRawText() + " is not less than " + Format(exMax);
        }
        if (schema.MultipleOf is { } multiple && !IsMultiple(value, multiple))
        {
            return path + ": " + value.GetRawText() + " is not a multiple of " + multiple.ToString(CultureInfo.InvariantCulture);
        }
        return null;
    }

    private static bool IsInteger(JsonElement value) =>
        value.TryGetDecimal(out var exact) ? decimal.Truncate(exact) == exact : Math.Floor(value.GetDouble()) == value.GetDouble();

    private static bool IsMultiple(JsonElement value, decimal multiple) =>
        value.TryGetDecimal(out var exact)
            ? exact % multiple == 0
            : Math.Abs(Math.IEEERemainder(value.GetDouble(), (double)multiple)) < 1e-9;

    private static string? CheckObject(ObjectSchemaNode schema, JsonElement value, string path, int depth)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return schema.RequiresObject ? TypeError(path, "object", value) : null;
        }
        foreach (var name in schema.Required)
        {
            if (!value.TryGetProperty(name, out _))
            {
                return path + ": required key [" + name + "] not found";
            }
        }
        var count = 0;
        foreach (var member in value.EnumerateObject())
        {
            count++;
            var memberPath = path + "/" + member.Name;
            var covered = false;
            if (schema.Property(member.Name) is { } propertySchema)
            {
                covered = true;
                if (Check(propertySchema, member.Value, memberPath, depth + 1) is { } error)
                {
                    return error;
                }
            }
            foreach (var (pattern, patternSchema) in schema.PatternProperties)
            {
                if (pattern.IsMatch(member.Name))
                {
                    covered = true;
                    if (Check(patternSchema, member.Value, memberPath, depth + 1) is { } error)
                    {
                        return error;
                    }
                }
            }
            if (!covered)
            {
                if (!schema.PermitsAdditionalProperties)
                {
                    return path + ": extraneous key [" + member.Name + "] is not permitted";
                }
                if (schema.AdditionalPropertiesSchema is { } additional
                    && Check(additional, member.Value, memberPath, depth + 1) is { } error)
                {
                    return error;
                }
            }
            if (schema.PropertyNames is { } names)
            {
                using var nameDocument = JsonDocument.Parse(JsonSerializer.Serialize(member.Name));
                if (Check(names, nameDocument.RootElement, memberPath, depth + 1) is { } error)
                {
                    return error;
                }
            }
            if (schema.PropertyDependencies.TryGetValue(member.Name, out var needed))
            {
                foreach (var dependency in needed)
                {
                    if (!value.TryGetProperty(dependency, out _))
                    {
                        return path + ": property [" + dependency + "] is required by [" + member.Name + "]";
                    }
                }
            }
            if (schema.SchemaDependencies.TryGetValue(member.Name, out var dependent)
                && Check(dependent, value, path, depth + 1) is { } dependencyError)
            {
                return dependencyError;
            }
        }
        if (schema.MinProperties is { } min && count < min)
        {
            return path + ": minimum size: [" + min + "], found: [" + count + "]";
        }
        if (schema.MaxProperties is { } max && count > max)
        {
            return path + ": maximum size: [" + max + "], found: [" + count + "]";
        }
        return null;
    }

    private static string? CheckArray(ArraySchemaNode schema, JsonElement value, string path, int depth)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return schema.RequiresArray ? TypeError(path, "array", value) : null;
        }
        var length = value.GetArrayLength();
        if (schema.MinItems is { } min && length < min)
        {
            return path + ": expected minimum item count: " + min + ", found: " + length;
        }
        if (schema.MaxItems is { } max && length > max)
        {
            return path + ": expected maximum item count: " + max + ", found: " + length;
        }
        var index = 0;
        var containsMatched = schema.Contains is null;
        var seen = new List<JsonElement>();
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = path + "/" + index.ToString(CultureInfo.InvariantCulture);
            SchemaNode? itemSchema = schema.AllItems;
            if (schema.ItemSchemas is { } tuple)
            {
                if (index < tuple.Count)
                {
                    itemSchema = tuple[index];
                }
                else if (!schema.PermitsAdditionalItems)
                {
                    return path + ": expected: [" + tuple.Count + "] items, found: [" + length + "]";
                }
                else
                {
                    itemSchema = schema.AdditionalItemsSchema;
                }
            }
            if (itemSchema is not null && Check(itemSchema, item, itemPath, depth + 1) is { } error)
            {
                return error;
            }
            if (!containsMatched && Check(schema.Contains!, item, itemPath, depth + 1) is null)
            {
                containsMatched = true;
            }
            if (schema.UniqueItems)
            {
                if (JsonValues.Contains(seen, item))
                {
                    return path + ": array items are not unique";
                }
                seen.Add(item);
            }
            index++;
        }
        return containsMatched ? null : path + ": expected at least one array item to match 'contains' schema";
    }

    private static string? CheckCombined(CombinedSchemaNode schema, JsonElement value, string path, int depth)
    {
        var failures = new List<string>();
        foreach (var subschema in schema.Subschemas)
        {
            if (Check(subschema, value, path, depth + 1) is { } error)
            {
                failures.Add(error);
            }
        }
        var passed = schema.Subschemas.Count - failures.Count;
        return schema.Criterion switch
        {
            Criterion.AllOf when failures.Count > 0 => failures[0],
            Criterion.AnyOf when passed == 0 => failures.Count == 1
                ? failures[0]
                : path + ": no subschema matched out of the total " + schema.Subschemas.Count + " subschemas (" + string.Join("; ", failures) + ")",
            Criterion.OneOf when passed != 1 => passed == 0
                ? path + ": no subschema matched out of the total " + schema.Subschemas.Count + " subschemas (" + string.Join("; ", failures) + ")"
                : path + ": " + passed + " subschemas matched instead of one",
            _ => null,
        };
    }

    private static string? CheckConditional(ConditionalSchemaNode schema, JsonElement value, string path, int depth)
    {
        if (schema.If is null)
        {
            return null;
        }
        var branch = Check(schema.If, value, path, depth + 1) is null ? schema.Then : schema.Else;
        return branch is null ? null : Check(branch, value, path, depth + 1);
    }

    private static string TypeError(string path, string expected, JsonElement value) =>
        path + ": expected type: " + expected + ", found: " + KindName(value);

    private static string KindName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => IsInteger(value) ? "integer" : "number",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Describe(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 64 ? text[..64] + "..." : text;
    }

    private static string Format(double number) => number.ToString("R", CultureInfo.InvariantCulture);
}
