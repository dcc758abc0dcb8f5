using System.Text.Json;
using System.Text.RegularExpressions;

namespace Wharf.JsonSchema.Model;

/// <summary>
/// One node of a loaded JSON Schema. The kinds mirror the schema classes Confluent's diff dispatches on
/// (everit's Empty/False/String/Number/Boolean/Null/Object/Array/Enum/Const/Combined/Not/Reference/Conditional),
/// so a "type changed" is exactly a change of node class.
/// </summary>
internal abstract class SchemaNode
{
    /// <summary>The JSON this node was loaded from; two subschemas are "the same" when their compact texts match.</summary>
    public JsonElement Source { get; init; }
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public JsonElement? Default { get; set; }
    /// <summary>Connect's <c>connect.type</c> annotation: two "bytes" types are interchangeable (Confluent's decimal fix).</summary>
    public string? ConnectType { get; set; }
}

/// <summary><c>true</c> or <c>{}</c>: accepts everything.</summary>
internal sealed class EmptySchemaNode : SchemaNode;

/// <summary><c>false</c>: accepts nothing.</summary>
internal sealed class FalseSchemaNode : SchemaNode;

internal sealed class NullSchemaNode : SchemaNode;

internal sealed class BooleanSchemaNode : SchemaNode;

internal sealed class StringSchemaNode : SchemaNode
{
    public bool RequiresString { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public string? Pattern { get; init; }
    public Regex? PatternRegex { get; init; }
    /// <summary>The <c>format</c> keyword; the validator checks the formats everit checks and ignores others.</summary>
    public string? Format { get; init; }
}

internal sealed class NumberSchemaNode : SchemaNode
{
    public bool RequiresNumber { get; init; }
    public bool RequiresInteger { get; init; }
    public double? Minimum { get; init; }
    public double? Maximum { get; init; }
    /// <summary>Draft 4 spells exclusivity as a boolean beside minimum/maximum.</summary>
    public bool ExclusiveMinimumFlag { get; init; }
    public bool ExclusiveMaximumFlag { get; init; }
    /// <summary>Draft 6+ exclusive limits (a number).</summary>
    public double? ExclusiveMinimumLimit { get; init; }
    public double? ExclusiveMaximumLimit { get; init; }
    public decimal? MultipleOf { get; init; }
}

internal sealed class ObjectSchemaNode : SchemaNode
{
    public bool RequiresObject { get; init; }
    public List<KeyValuePair<string, SchemaNode>> Properties { get; } = [];
    public HashSet<string> Required { get; } = new(StringComparer.Ordinal);
    /// <summary>False only for <c>additionalProperties: false</c>.</summary>
    public bool PermitsAdditionalProperties { get; set; } = true;
    /// <summary>Set when additionalProperties is a schema object (not a boolean).</summary>
    public SchemaNode? AdditionalPropertiesSchema { get; set; }
    public List<KeyValuePair<Regex, SchemaNode>> PatternProperties { get; } = [];
    public Dictionary<string, HashSet<string>> PropertyDependencies { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SchemaNode> SchemaDependencies { get; } = new(StringComparer.Ordinal);
    public SchemaNode? PropertyNames { get; set; }
    /// <summary>Draft 2019-09+ <c>unevaluatedProperties</c>; with additionalProperties absent it decides openness.</summary>
    public SchemaNode? UnevaluatedProperties { get; set; }
    public int? MinProperties { get; init; }
    public int? MaxProperties { get; init; }

    public SchemaNode? Property(string name)
    {
        foreach (var (key, value) in Properties)
        {
            if (key == name)
            {
                return value;
            }
        }
        return null;
    }
}

internal sealed class ArraySchemaNode : SchemaNode
{
    public bool RequiresArray { get; init; }
    /// <summary><c>items</c> as one schema for every element.</summary>
    public SchemaNode? AllItems { get; set; }
    /// <summary><c>items</c> as an array (tuple validation).</summary>
    public List<SchemaNode>? ItemSchemas { get; set; }
    public bool PermitsAdditionalItems { get; set; } = true;
    public SchemaNode? AdditionalItemsSchema { get; set; }
    public SchemaNode? Contains { get; set; }
    /// <summary>Draft 2019-09+ <c>unevaluatedItems</c>; with additionalItems absent it decides openness.</summary>
    public SchemaNode? UnevaluatedItems { get; set; }
    public int? MinContains { get; init; }
    public int? MaxContains { get; init; }
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }
    public bool UniqueItems { get; init; }
}

internal sealed class EnumSchemaNode : SchemaNode
{
    public required IReadOnlyList<JsonElement> Values { get; init; }
}

internal sealed class ConstSchemaNode : SchemaNode
{
    public required JsonElement Value { get; init; }
}

internal enum Criterion
{
    AllOf,
    AnyOf,
    OneOf,
}

internal sealed class CombinedSchemaNode : SchemaNode
{
    public required Criterion Criterion { get; init; }
    public required IReadOnlyList<SchemaNode> Subschemas { get; init; }

    /// <summary>The keyword as Confluent prints it in a path (<c>allOf/0</c>).</summary>
    public string Keyword => Criterion switch
    {
        Criterion.AllOf => "allOf",
        Criterion.AnyOf => "anyOf",
        _ => "oneOf",
    };
}

internal sealed class NotSchemaNode : SchemaNode
{
    public required SchemaNode MustNotMatch { get; init; }
}

internal sealed class ConditionalSchemaNode : SchemaNode
{
    public SchemaNode? If { get; set; }
    public SchemaNode? Then { get; set; }
    public SchemaNode? Else { get; set; }
}

/// <summary>A <c>$ref</c>; the target is filled in once every document is loaded (references may be cyclic).</summary>
internal sealed class ReferenceSchemaNode : SchemaNode
{
    public required string Reference { get; init; }
    public SchemaNode? Target { get; set; }
}
