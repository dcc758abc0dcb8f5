using Wharf.JsonSchema.Model;
using static Wharf.JsonSchema.Compatibility.DifferenceType;

namespace Wharf.JsonSchema.Compatibility;

/// <summary>
/// Confluent's object rules. The content model decides what adding or removing a property means: an open model
/// (additionalProperties absent or true, no patternProperties) already accepts any property, so adding one
/// narrows it; a closed one (false) accepts none, so removing one narrows it; a partially open one (a schema
/// for additional or pattern properties) covers a property when that schema is compatible with it.
/// </summary>
internal static class ObjectSchemaDiff
{
    public static void Compare(DiffContext ctx, ObjectSchemaNode original, ObjectSchemaNode update)
    {
        CompareRequired(ctx, original, update);
        CompareProperties(ctx, original, update);
        CompareDependencies(ctx, original, update);
        CompareAdditionalProperties(ctx, original, update);
        Unevaluated.Compare(ctx, "unevaluatedProperties", original.UnevaluatedProperties, update.UnevaluatedProperties,
            UnevaluatedPropertiesAdded, UnevaluatedPropertiesRemoved, UnevaluatedPropertiesExtended, UnevaluatedPropertiesNarrowed);
        Bounds.Compare(ctx, "maxProperties", original.MaxProperties, update.MaxProperties,
            MaxPropertiesAdded, MaxPropertiesRemoved, MaxPropertiesIncreased, MaxPropertiesDecreased);
        Bounds.Compare(ctx, "minProperties", original.MinProperties, update.MinProperties,
            MinPropertiesAdded, MinPropertiesRemoved, MinPropertiesIncreased, MinPropertiesDecreased);
    }

    private static void CompareRequired(DiffContext ctx, ObjectSchemaNode original, ObjectSchemaNode update)
    {
        ctx.Enter("required");
        foreach (var (name, _) in original.Properties)
        {
            if (update.Property(name) is not { } updateSchema)
            {
                continue;
            }
            var wasRequired = original.Required.Contains(name);
            var isRequired = update.Required.Contains(name);
            if (wasRequired && !isRequired)
            {
                ctx.Add(name, RequiredAttributeRemoved);
            }
            else if (!wasRequired && isRequired)
            {
                ctx.Add(name, updateSchema.Default is not null ? RequiredAttributeWithDefaultAdded : RequiredAttributeAdded);
            }
        }
        ctx.Leave();
    }

    private static void CompareProperties(DiffContext ctx, ObjectSchemaNode original, ObjectSchemaNode update)
    {
        ctx.Enter("properties");
        foreach (var name in original.Properties.Select(p => p.Key).Union(update.Properties.Select(p => p.Key), StringComparer.Ordinal))
        {
            ctx.Enter(name);
            var originalSchema = original.Property(name);
            var updateSchema = update.Property(name);
            if (updateSchema is null)
            {
                PropertyRemoved(ctx, originalSchema!, update, name);
            }
            else if (originalSchema is null)
            {
                PropertyAdded(ctx, original, update, updateSchema, name);
            }
            else
            {
                SchemaDiff.CompareNodes(ctx, originalSchema, updateSchema);
            }
            ctx.Leave();
        }
        ctx.Leave();
    }

    // Only the update's content model matters: a property may disappear only if the update still accepts it.
    private static void PropertyRemoved(DiffContext ctx, SchemaNode originalSchema, ObjectSchemaNode update, string name)
    {
        if (IsOpenContentModel(update))
        {
            ctx.Add(PropertyRemovedFromOpenContentModel);
        }
        else if (PartiallyOpenSchema(update, name) is { } partial)
        {
            var trial = ctx.Subcontext();
            SchemaDiff.CompareNodes(trial, originalSchema, partial);
            ctx.Differences.AddRange(trial.Differences);
            ctx.Add(trial.IsCompatible
                ? PropertyRemovedIsCoveredByPartiallyOpenContentModel
                : PropertyRemovedNotCoveredByPartiallyOpenContentModel);
        }
        else
        {
            ctx.Add(originalSchema is FalseSchemaNode
                ? PropertyWithFalseRemovedFromClosedContentModel
                : PropertyRemovedFromClosedContentModel);
        }
    }

    // Only the original's content model matters: a property may appear only if the original never accepted it.
    private static void PropertyAdded(
        DiffContext ctx, ObjectSchemaNode original, ObjectSchemaNode update, SchemaNode updateSchema, string name)
    {
        var required = update.Required.Contains(name);
        if (IsOpenContentModel(original))
        {
            if (updateSchema is EmptySchemaNode)
            {
                ctx.Add(PropertyWithEmptySchemaAddedToOpenContentModel);
            }
            else if (required)
            {
                ctx.Add(updateSchema.Default is not null
                    ? RequiredPropertyWithDefaultAddedToOpenContentModel
                    : RequiredPropertyAddedToOpenContentModel);
            }
            else
            {
                ctx.Add(OptionalPropertyAddedToOpenContentModel);
            }
            return;
        }
        if (PartiallyOpenSchema(original, name) is { } partial)
        {
            var trial = ctx.Subcontext();
            SchemaDiff.CompareNodes(trial, partial, updateSchema);
            ctx.Differences.AddRange(trial.Differences);
            ctx.Add(trial.IsCompatible
                ? PropertyAddedIsCoveredByPartiallyOpenContentModel
                : PropertyAddedNotCoveredByPartiallyOpenContentModel);
        }
        if (required)
        {
            ctx.Add(updateSchema.Default is not null
                ? RequiredPropertyWithDefaultAddedToUnopenContentModel
                : RequiredPropertyAddedToUnopenContentModel);
        }
        else
        {
            ctx.Add(OptionalPropertyAddedToUnopenContentModel);
        }
    }

    private static void CompareDependencies(DiffContext ctx, ObjectSchemaNode original, ObjectSchemaNode update)
    {
        ctx.Enter("dependencies");
        foreach (var name in original.PropertyDependencies.Keys.Union(update.PropertyDependencies.Keys, StringComparer.Ordinal))
        {
            ctx.Enter(name);
            var before = original.PropertyDependencies.GetValueOrDefault(name);
            var after = update.PropertyDependencies.GetValueOrDefault(name);
            if (after is null)
            {
                ctx.Add(DependencyArrayRemoved);
            }
            else if (before is null)
            {
                ctx.Add(DependencyArrayAdded);
            }
            else if (!before.SetEquals(after))
            {
                ctx.Add(after.IsSupersetOf(before) ? DependencyArrayExtended
                    : before.IsSupersetOf(after) ? DependencyArrayNarrowed
                    : DependencyArrayChanged);
            }
            ctx.Leave();
        }
        foreach (var name in original.SchemaDependencies.Keys.Union(update.SchemaDependencies.Keys, StringComparer.Ordinal))
        {
            ctx.Enter(name);
            var before = original.SchemaDependencies.GetValueOrDefault(name);
            var after = update.SchemaDependencies.GetValueOrDefault(name);
            if (after is null)
            {
                ctx.Add(DependencySchemaRemoved);
            }
            else if (before is null)
            {
                ctx.Add(DependencySchemaAdded);
            }
            else
            {
                SchemaDiff.CompareNodes(ctx, before, after);
            }
            ctx.Leave();
        }
        ctx.Leave();
    }

    private static void CompareAdditionalProperties(DiffContext ctx, ObjectSchemaNode original, ObjectSchemaNode update)
    {
        ctx.Enter("additionalProperties");
        if (original.PermitsAdditionalProperties != update.PermitsAdditionalProperties)
        {
            ctx.Add(update.PermitsAdditionalProperties ? AdditionalPropertiesAdded : AdditionalPropertiesRemoved);
        }
        else if (original.AdditionalPropertiesSchema is null && update.AdditionalPropertiesSchema is not null)
        {
            ctx.Add(AdditionalPropertiesNarrowed);
        }
        else if (original.AdditionalPropertiesSchema is not null && update.AdditionalPropertiesSchema is null)
        {
            ctx.Add(AdditionalPropertiesExtended);
        }
        else
        {
            SchemaDiff.CompareNodes(ctx, original.AdditionalPropertiesSchema, update.AdditionalPropertiesSchema);
        }
        ctx.Leave();
    }

    private static bool IsOpenContentModel(ObjectSchemaNode schema) =>
        schema.PermitsAdditionalProperties && schema.AdditionalPropertiesSchema is null && schema.PatternProperties.Count == 0
        && Unevaluated.IsOpen(schema.UnevaluatedProperties);

    /// <summary>The schema a partially open model applies to <paramref name="name"/>: a matching pattern first.</summary>
    private static SchemaNode? PartiallyOpenSchema(ObjectSchemaNode schema, string name)
    {
        foreach (var (pattern, patternSchema) in schema.PatternProperties)
        {
            if (pattern.IsMatch(name))
            {
                return patternSchema;
            }
        }
        if (schema.AdditionalPropertiesSchema is not null)
        {
            return schema.AdditionalPropertiesSchema;
        }
        return schema.PermitsAdditionalProperties ? Unevaluated.PartialSchema(schema.UnevaluatedProperties) : null;
    }
}
