using System.Text;
using static Wharf.JsonSchema.Compatibility.DifferenceType;

namespace Wharf.JsonSchema.Compatibility;

/// <summary>
/// One difference found between two schemas, at a path like <c>#/properties/a</c>. <see cref="ToString"/> is
/// Confluent's verbose message, <c>{errorType:"TYPE_CHANGED", description:"A type at path ... the %s schema ...'}</c>,
/// with the two <c>%s</c> left for the caller to fill with "new"/"old" in reader/writer order, as Confluent's
/// SchemaValidatorBuilder does (the odd closing quote is Confluent's too).
/// </summary>
public sealed record SchemaDifference(DifferenceType Type, string JsonPath)
{
    /// <summary>The Confluent spelling of <see cref="Type"/>: <c>MAX_LENGTH_ADDED</c>.</summary>
    public string TypeName => ScreamingSnake(Type.ToString());

    public override string ToString() => "{errorType:\"" + TypeName + "\", description:\"" + Description() + "'}";

    /// <summary>The description with its two <c>%s</c> placeholders (reader first, then writer).</summary>
    public string Description()
    {
        var path = JsonPath;
        return Type switch
        {
            MaximumAdded or MinimumAdded or ExclusiveMaximumAdded or ExclusiveMinimumAdded or MultipleOfAdded
                or MaxLengthAdded or MinLengthAdded or PatternAdded or RequiredAttributeAdded or MaxPropertiesAdded
                or MinPropertiesAdded or DependencyArrayAdded or DependencySchemaAdded or MaxItemsAdded or MinItemsAdded
                or UniqueItemsAdded or AdditionalItemsRemoved or AdditionalPropertiesRemoved or MaxContainsAdded
                or MinContainsAdded or UnevaluatedPropertiesRemoved or UnevaluatedItemsRemoved =>
                "The keyword at path '" + path + "' in the %s schema is not present in the %s schema",
            MinLengthIncreased or MinimumIncreased or ExclusiveMinimumIncreased or MinPropertiesIncreased
                or MultipleOfExpanded or MinItemsIncreased or MinContainsIncreased =>
                "The value at path '" + path + "' in the %s schema is more than its value in the %s schema",
            MaxLengthDecreased or MaximumDecreased or MaxItemsDecreased or ExclusiveMaximumDecreased
                or MaxPropertiesDecreased or MaxContainsDecreased =>
                "The value at path '" + path + "' in the %s schema is less than its value in the %s schema",
            PatternChanged or MultipleOfChanged or DependencyArrayChanged =>
                "The value at path '" + path + "' is different between the %s and %s schema",
            AdditionalItemsNarrowed or EnumArrayNarrowed or SumTypeNarrowed or AdditionalPropertiesNarrowed
                or UnevaluatedPropertiesNarrowed or UnevaluatedItemsNarrowed =>
                "An array or combined type at path '" + path + "' has fewer elements in the %s schema than the %s schema",
            DependencyArrayExtended or ProductTypeExtended or SumTypeExtended or NotTypeExtended =>
                "An array or combined type at path '" + path + "' has more elements in the %s schema than the %s schema",
            TypeChanged or TypeNarrowed or CombinedTypeChanged or CombinedTypeSubschemasChanged or EnumArrayChanged =>
                "A type at path '" + path + "' is different between the %s schema and the %s schema",
            RequiredPropertyAddedToOpenContentModel or RequiredPropertyWithDefaultAddedToOpenContentModel
                or OptionalPropertyAddedToOpenContentModel or ItemAddedToOpenContentModel =>
                "The %s schema has an open content model and has a property or item at path '" + path
                + "' which is missing in the %s schema",
            RequiredPropertyAddedToUnopenContentModel =>
                "The %s schema has an unopen content model and has a required property at path '" + path
                + "' which is missing in the %s schema",
            PropertyRemovedFromClosedContentModel or ItemRemovedFromClosedContentModel =>
                "The %s has a closed content model and is missing a property or item present at path '" + path
                + "' in the %s schema",
            PropertyRemovedNotCoveredByPartiallyOpenContentModel or ItemRemovedNotCoveredByPartiallyOpenContentModel =>
                "A property or item is missing in the %s schema but present at path '" + path
                + "' in the %s schema and is not covered by its partially open content model",
            PropertyAddedNotCoveredByPartiallyOpenContentModel or ItemAddedNotCoveredByPartiallyOpenContentModel =>
                "The %s schema has a property or item at path '" + path
                + "' which is missing in the %s schema and is not covered by its partially open content model",
            // Compatible kinds (and SCHEMA_ADDED) carry no description in Confluent either.
            _ => "",
        };
    }

    private static string ScreamingSnake(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]))
            {
                builder.Append('_');
            }
            builder.Append(char.ToUpperInvariant(pascal[i]));
        }
        return builder.ToString();
    }
}
