using System.Collections.Frozen;
using static Wharf.JsonSchema.Compatibility.DifferenceType;

namespace Wharf.JsonSchema.Compatibility;

/// <summary>Confluent's <c>SchemaDiff.COMPATIBLE_CHANGES_STRICT</c> and <c>_LENIENT</c> sets.</summary>
internal static class CompatibleChanges
{
    public static readonly FrozenSet<DifferenceType> Strict = new[]
    {
        IdChanged, DescriptionChanged, TitleChanged, DefaultChanged, SchemaRemoved, TypeExtended,
        MaxLengthIncreased, MaxLengthRemoved, MinLengthDecreased, MinLengthRemoved, PatternRemoved,
        MaximumIncreased, MaximumRemoved, MinimumDecreased, MinimumRemoved, ExclusiveMaximumIncreased,
        ExclusiveMaximumRemoved, ExclusiveMinimumDecreased, ExclusiveMinimumRemoved, MultipleOfReduced, MultipleOfRemoved,
        RequiredAttributeWithDefaultAdded, RequiredAttributeRemoved, DependencyArrayNarrowed, DependencyArrayRemoved,
        DependencySchemaRemoved, MaxPropertiesIncreased, MaxPropertiesRemoved, MinPropertiesDecreased, MinPropertiesRemoved,
        AdditionalPropertiesAdded, AdditionalPropertiesExtended, UnevaluatedPropertiesAdded, UnevaluatedPropertiesExtended, PropertyWithEmptySchemaAddedToOpenContentModel,
        RequiredPropertyWithDefaultAddedToUnopenContentModel, OptionalPropertyAddedToUnopenContentModel,
        PropertyWithFalseRemovedFromClosedContentModel, PropertyRemovedFromOpenContentModel,
        PropertyAddedIsCoveredByPartiallyOpenContentModel, PropertyRemovedIsCoveredByPartiallyOpenContentModel,
        MaxItemsIncreased, MaxItemsRemoved, MinItemsDecreased, MinItemsRemoved, MaxContainsIncreased, MaxContainsRemoved,
        MinContainsDecreased, MinContainsRemoved, UniqueItemsRemoved, UnevaluatedItemsAdded, UnevaluatedItemsExtended,
        AdditionalItemsAdded, AdditionalItemsExtended, ItemWithEmptySchemaAddedToOpenContentModel,
        ItemAddedToClosedContentModel, ItemWithFalseRemovedFromClosedContentModel, ItemRemovedFromOpenContentModel,
        ItemAddedIsCoveredByPartiallyOpenContentModel, ItemRemovedIsCoveredByPartiallyOpenContentModel,
        EnumArrayExtended, CombinedTypeExtended, ProductTypeNarrowed, SumTypeExtended, NotTypeNarrowed,
    }.ToFrozenSet();

    public static readonly FrozenSet<DifferenceType> Lenient = Strict.Concat(new[]
    {
        AdditionalPropertiesNarrowed, AdditionalPropertiesRemoved, UnevaluatedPropertiesNarrowed, UnevaluatedPropertiesRemoved, RequiredPropertyWithDefaultAddedToOpenContentModel,
        OptionalPropertyAddedToOpenContentModel, PropertyRemovedFromClosedContentModel,
        PropertyAddedNotCoveredByPartiallyOpenContentModel, PropertyRemovedNotCoveredByPartiallyOpenContentModel,
    }).ToFrozenSet();

    public static FrozenSet<DifferenceType> For(CompatibilityPolicy policy) =>
        policy == CompatibilityPolicy.Lenient ? Lenient : Strict;
}
