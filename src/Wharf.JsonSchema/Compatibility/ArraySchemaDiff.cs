using System.Globalization;
using Wharf.JsonSchema.Model;
using static Wharf.JsonSchema.Compatibility.DifferenceType;

namespace Wharf.JsonSchema.Compatibility;

/// <summary>
/// Confluent's array rules: <c>items</c> as one schema compares directly; tuple items compare by position, and
/// an item added or removed is judged by the content model (additionalItems) exactly as properties are.
/// </summary>
internal static class ArraySchemaDiff
{
    public static void Compare(DiffContext ctx, ArraySchemaNode original, ArraySchemaNode update)
    {
        ctx.Enter("items");
        SchemaDiff.CompareNodes(ctx, original.AllItems, update.AllItems);
        ctx.Leave();
        CompareTuples(ctx, original, update);
        CompareAdditionalItems(ctx, original, update);
        Unevaluated.Compare(ctx, "unevaluatedItems", original.UnevaluatedItems, update.UnevaluatedItems,
            UnevaluatedItemsAdded, UnevaluatedItemsRemoved, UnevaluatedItemsExtended, UnevaluatedItemsNarrowed);
        Bounds.Compare(ctx, "maxItems", original.MaxItems, update.MaxItems,
            MaxItemsAdded, MaxItemsRemoved, MaxItemsIncreased, MaxItemsDecreased);
        Bounds.Compare(ctx, "minItems", original.MinItems, update.MinItems,
            MinItemsAdded, MinItemsRemoved, MinItemsIncreased, MinItemsDecreased);
        if (original.UniqueItems != update.UniqueItems)
        {
            ctx.Add("uniqueItems", original.UniqueItems ? UniqueItemsRemoved : UniqueItemsAdded);
        }
        Bounds.Compare(ctx, "maxContains", original.MaxContains, update.MaxContains,
            MaxContainsAdded, MaxContainsRemoved, MaxContainsIncreased, MaxContainsDecreased);
        Bounds.Compare(ctx, "minContains", original.MinContains, update.MinContains,
            MinContainsAdded, MinContainsRemoved, MinContainsIncreased, MinContainsDecreased);
    }

    private static void CompareTuples(DiffContext ctx, ArraySchemaNode original, ArraySchemaNode update)
    {
        var originals = original.ItemSchemas ?? [];
        var updates = update.ItemSchemas ?? [];
        for (var index = 0; index < Math.Max(originals.Count, updates.Count); index++)
        {
            ctx.Enter("items/" + index.ToString(CultureInfo.InvariantCulture));
            if (index < originals.Count && index < updates.Count)
            {
                SchemaDiff.CompareNodes(ctx, originals[index], updates[index]);
            }
            else if (index < originals.Count)
            {
                ItemRemoved(ctx, originals[index], update);
            }
            else
            {
                ItemAdded(ctx, original, updates[index]);
            }
            ctx.Leave();
        }
    }

    private static void ItemRemoved(DiffContext ctx, SchemaNode originalSchema, ArraySchemaNode update)
    {
        if (IsOpenContentModel(update))
        {
            ctx.Add(ItemRemovedFromOpenContentModel);
        }
        else if (PartiallyOpenSchema(update) is { } partial)
        {
            var trial = ctx.Subcontext();
            SchemaDiff.CompareNodes(trial, originalSchema, partial);
            ctx.Differences.AddRange(trial.Differences);
            ctx.Add(trial.IsCompatible
                ? ItemRemovedIsCoveredByPartiallyOpenContentModel
                : ItemRemovedNotCoveredByPartiallyOpenContentModel);
        }
        else
        {
            ctx.Add(originalSchema is FalseSchemaNode ? ItemWithFalseRemovedFromClosedContentModel : ItemRemovedFromClosedContentModel);
        }
    }

    private static void ItemAdded(DiffContext ctx, ArraySchemaNode original, SchemaNode updateSchema)
    {
        if (IsOpenContentModel(original))
        {
            ctx.Add(updateSchema is EmptySchemaNode ? ItemWithEmptySchemaAddedToOpenContentModel : ItemAddedToOpenContentModel);
        }
        else if (PartiallyOpenSchema(original) is { } partial)
        {
            var trial = ctx.Subcontext();
            SchemaDiff.CompareNodes(trial, partial, updateSchema);
            ctx.Differences.AddRange(trial.Differences);
            ctx.Add(trial.IsCompatible
                ? ItemAddedIsCoveredByPartiallyOpenContentModel
                : ItemAddedNotCoveredByPartiallyOpenContentModel);
        }
        else
        {
            ctx.Add(ItemAddedToClosedContentModel);
        }
    }

    private static void CompareAdditionalItems(DiffContext ctx, ArraySchemaNode original, ArraySchemaNode update)
    {
        ctx.Enter("additionalItems");
        if (original.PermitsAdditionalItems != update.PermitsAdditionalItems)
        {
            ctx.Add(original.PermitsAdditionalItems ? AdditionalItemsRemoved : AdditionalItemsAdded);
        }
        else if (original.AdditionalItemsSchema is null && update.AdditionalItemsSchema is not null)
        {
            ctx.Add(AdditionalItemsNarrowed);
        }
        else if (original.AdditionalItemsSchema is not null && update.AdditionalItemsSchema is null)
        {
            ctx.Add(AdditionalItemsExtended);
        }
        else
        {
            SchemaDiff.CompareNodes(ctx, original.AdditionalItemsSchema, update.AdditionalItemsSchema);
        }
        ctx.Leave();
    }

    private static bool IsOpenContentModel(ArraySchemaNode schema) =>
        schema.PermitsAdditionalItems && schema.AdditionalItemsSchema is null && Unevaluated.IsOpen(schema.UnevaluatedItems);

    private static SchemaNode? PartiallyOpenSchema(ArraySchemaNode schema) =>
        schema.AdditionalItemsSchema
        ?? (schema.PermitsAdditionalItems ? Unevaluated.PartialSchema(schema.UnevaluatedItems) : null);
}
