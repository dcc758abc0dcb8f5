using System.Text.Json;
using Wharf.JsonSchema.Json;
using Wharf.JsonSchema.Model;
using static Wharf.JsonSchema.Compatibility.DifferenceType;

namespace Wharf.JsonSchema.Compatibility;

/// <summary>
/// Confluent's structural JSON Schema diff (json-schema-provider <c>diff/SchemaDiff</c> and the per-kind diffs):
/// walks the original (older) and the update (newer) schema together and records every difference with its path.
/// The update is compatible when every difference is in the policy's compatible set, meaning the update accepts
/// every document the original accepted.
/// </summary>
internal static class SchemaDiff
{
    public static List<SchemaDifference> Compare(DiffContext ctx, SchemaNode original, SchemaNode update)
    {
        CompareNodes(ctx, original, update);
        return ctx.Differences;
    }

    internal static void CompareNodes(DiffContext ctx, SchemaNode? original, SchemaNode? update)
    {
        if (original is null && update is null)
        {
            return;
        }
        if (original is null)
        {
            ctx.Add(SchemaAdded);
            return;
        }
        if (update is null)
        {
            ctx.Add(SchemaRemoved);
            return;
        }
        original = Dereference(original);
        update = Dereference(update);
        if (ctx.TryGetMemo(original, update, out var remembered))
        {
            ctx.AddRebased(remembered);
            return;
        }
        if (!ctx.TryBegin(original, update))
        {
            return;
        }
        var pair = ctx.PairContext();
        var assumptionsBefore = ctx.CycleAssumptions;
        try
        {
            CompareTypes(pair, original, update);
        }
        finally
        {
            ctx.End(original, update);
        }
        // A result that leaned on "this cycle is compatible" holds only inside that cycle: not remembered.
        if (ctx.CycleAssumptions == assumptionsBefore)
        {
            ctx.Memo(original, update, pair.Differences);
        }
        ctx.AddRebased(pair.Differences);
    }

    /// <summary>Follows $ref chains; a reference cycle with no schema in it ends at the last reference.</summary>
    private static SchemaNode Dereference(SchemaNode node)
    {
        for (var hops = 0; node is ReferenceSchemaNode { Target: { } target } && hops < 64; hops++)
        {
            node = target;
        }
        return node;
    }

    private static void CompareTypes(DiffContext ctx, SchemaNode original, SchemaNode update)
    {
        if (original is not CombinedSchemaNode && update is CombinedSchemaNode combinedUpdate)
        {
            if (combinedUpdate.Subschemas.Count == 1)
            {
                if (TryAbsorb(ctx, original, combinedUpdate.Subschemas[0], null))
                {
                    return;
                }
            }
            else if (combinedUpdate.Criterion is Criterion.AnyOf or Criterion.OneOf)
            {
                // A type that became one branch of a union: compatible when it matches one of the branches.
                foreach (var subschema in combinedUpdate.Subschemas)
                {
                    if (TryAbsorb(ctx, original, subschema, SumTypeExtended))
                    {
                        return;
                    }
                }
            }
        }
        else if (original is CombinedSchemaNode combinedOriginal && update is not CombinedSchemaNode)
        {
            if (combinedOriginal.Subschemas.Count == 1)
            {
                if (TryAbsorb(ctx, combinedOriginal.Subschemas[0], update, null))
                {
                    return;
                }
            }
            else if (combinedOriginal.Criterion == Criterion.AllOf)
            {
                foreach (var subschema in combinedOriginal.Subschemas)
                {
                    if (TryAbsorb(ctx, subschema, update, ProductTypeNarrowed))
                    {
                        return;
                    }
                }
            }
        }

        if (!SameKind(original, update))
        {
            // An empty (true) update accepts everything, a false original accepted nothing: both compatible.
            if (original is FalseSchemaNode || update is EmptySchemaNode)
            {
                return;
            }
            // Connect's JsonConverter marks decimals "connect.type": "bytes" in both its old and new spellings.
            if (original.ConnectType == "bytes" && update.ConnectType == "bytes")
            {
                return;
            }
            ctx.Add(TypeChanged);
            return;
        }

        if (original.Id != update.Id)
        {
            ctx.Add(IdChanged);
        }
        if (original.Title != update.Title)
        {
            ctx.Add(TitleChanged);
        }
        if (original.Description != update.Description)
        {
            ctx.Add(DescriptionChanged);
        }
        if (!JsonValues.NullableEquals(original.Default, update.Default))
        {
            ctx.Add(DefaultChanged);
        }

        switch (original)
        {
            case StringSchemaNode s:
                CompareString(ctx, s, (StringSchemaNode)update);
                break;
            case NumberSchemaNode n:
                CompareNumber(ctx, n, (NumberSchemaNode)update);
                break;
            case ConstSchemaNode c:
                if (!JsonValues.DeepEquals(c.Value, ((ConstSchemaNode)update).Value))
                {
                    ctx.Add("const", EnumArrayChanged);
                }
                break;
            case EnumSchemaNode e:
                CompareEnum(ctx, e, (EnumSchemaNode)update);
                break;
            case CombinedSchemaNode c:
                CompareCombined(ctx, c, (CombinedSchemaNode)update);
                break;
            case NotSchemaNode n:
                CompareNot(ctx, n, (NotSchemaNode)update);
                break;
            case ObjectSchemaNode o:
                ObjectSchemaDiff.Compare(ctx, o, (ObjectSchemaNode)update);
                break;
            case ArraySchemaNode a:
                ArraySchemaDiff.Compare(ctx, a, (ArraySchemaNode)update);
                break;
        }
    }

    /// <summary>Compares a pair on trial; when compatible keeps its differences (plus <paramref name="marker"/>).</summary>
    private static bool TryAbsorb(DiffContext ctx, SchemaNode original, SchemaNode update, DifferenceType? marker)
    {
        var trial = ctx.Subcontext();
        CompareNodes(trial, original, update);
        if (!trial.IsCompatible)
        {
            return false;
        }
        ctx.Differences.AddRange(trial.Differences);
        if (marker is { } type)
        {
            ctx.Add(type);
        }
        return true;
    }

    private static bool SameKind(SchemaNode a, SchemaNode b) => a.GetType() == b.GetType();

    private static void CompareString(DiffContext ctx, StringSchemaNode original, StringSchemaNode update)
    {
        Bounds.Compare(ctx, "maxLength", original.MaxLength, update.MaxLength,
            MaxLengthAdded, MaxLengthRemoved, MaxLengthIncreased, MaxLengthDecreased);
        Bounds.Compare(ctx, "minLength", original.MinLength, update.MinLength,
            MinLengthAdded, MinLengthRemoved, MinLengthIncreased, MinLengthDecreased);
        if (original.Pattern is null && update.Pattern is not null)
        {
            ctx.Add("pattern", PatternAdded);
        }
        else if (original.Pattern is not null && update.Pattern is null)
        {
            ctx.Add("pattern", PatternRemoved);
        }
        else if (original.Pattern != update.Pattern)
        {
            ctx.Add("pattern", PatternChanged);
        }
    }

    private static void CompareNumber(DiffContext ctx, NumberSchemaNode original, NumberSchemaNode update)
    {
        Bounds.Compare(ctx, "maximum", original.Maximum, update.Maximum,
            MaximumAdded, MaximumRemoved, MaximumIncreased, MaximumDecreased);
        Bounds.Compare(ctx, "minimum", original.Minimum, update.Minimum,
            MinimumAdded, MinimumRemoved, MinimumIncreased, MinimumDecreased);
        Bounds.Compare(ctx, "exclusiveMaximum", original.ExclusiveMaximumLimit, update.ExclusiveMaximumLimit,
            ExclusiveMaximumAdded, ExclusiveMaximumRemoved, ExclusiveMaximumIncreased, ExclusiveMaximumDecreased);
        Bounds.Compare(ctx, "exclusiveMinimum", original.ExclusiveMinimumLimit, update.ExclusiveMinimumLimit,
            ExclusiveMinimumAdded, ExclusiveMinimumRemoved, ExclusiveMinimumIncreased, ExclusiveMinimumDecreased);
        if (original.MultipleOf != update.MultipleOf)
        {
            if (original.MultipleOf is not { } before)
            {
                ctx.Add("multipleOf", MultipleOfAdded);
            }
            else if (update.MultipleOf is not { } after)
            {
                ctx.Add("multipleOf", MultipleOfRemoved);
            }
            else if (after % before == 0)
            {
                ctx.Add("multipleOf", MultipleOfExpanded);
            }
            else if (before % after == 0)
            {
                ctx.Add("multipleOf", MultipleOfReduced);
            }
            else
            {
                ctx.Add("multipleOf", MultipleOfChanged);
            }
        }
        if (original.RequiresInteger != update.RequiresInteger)
        {
            ctx.Add(original.RequiresInteger ? TypeExtended : TypeNarrowed);
        }
    }

    private static void CompareEnum(DiffContext ctx, EnumSchemaNode original, EnumSchemaNode update)
    {
        var updateHasAll = JsonValues.ContainsAll(update.Values, original.Values);
        var originalHasAll = JsonValues.ContainsAll(original.Values, update.Values);
        if (updateHasAll && originalHasAll)
        {
            return;
        }
        ctx.Add("enum", updateHasAll ? EnumArrayExtended : originalHasAll ? EnumArrayNarrowed : EnumArrayChanged);
    }

    private static void CompareNot(DiffContext ctx, NotSchemaNode original, NotSchemaNode update)
    {
        ctx.Enter("not");
        // "not" reverses the direction: the update excludes less when its excluded schema accepts less.
        var trial = ctx.Subcontext();
        CompareNodes(trial, update.MustNotMatch, original.MustNotMatch);
        ctx.Add(trial.IsCompatible ? NotTypeNarrowed : NotTypeExtended);
        ctx.Leave();
    }

    private static void CompareCombined(DiffContext ctx, CombinedSchemaNode original, CombinedSchemaNode update)
    {
        if (original.Criterion != update.Criterion)
        {
            bool Singleton(CombinedSchemaNode c) => c.Subschemas.Count == 1;
            var extended = update.Criterion == Criterion.AnyOf
                || (Singleton(original) && Singleton(update))
                || (Singleton(original) && update.Criterion == Criterion.OneOf)
                || (Singleton(update) && original.Criterion == Criterion.AllOf);
            if (!extended)
            {
                ctx.Add(CombinedTypeChanged);
                return;
            }
            ctx.Add(CombinedTypeExtended);
        }
        var originals = Distinct(original.Subschemas);
        var updates = Distinct(update.Subschemas);
        if (originals.Count < updates.Count)
        {
            ctx.Add(update.Criterion == Criterion.AllOf ? ProductTypeExtended : SumTypeExtended);
        }
        else if (originals.Count > updates.Count)
        {
            ctx.Add(original.Criterion == Criterion.AllOf ? ProductTypeNarrowed : SumTypeNarrowed);
        }

        // Every compatible (original branch, update branch) pair is an edge; the branches match when a maximum
        // matching covers the smaller side (Confluent's MaximumCardinalityMatch).
        var edges = new List<SchemaDifference>?[originals.Count, updates.Count];
        for (var i = 0; i < originals.Count; i++)
        {
            ctx.Enter(original.Keyword + "/" + i);
            for (var j = 0; j < updates.Count; j++)
            {
                var trial = ctx.Subcontext();
                CompareNodes(trial, originals[i], updates[j]);
                if (trial.IsCompatible)
                {
                    edges[i, j] = trial.Differences;
                }
            }
            ctx.Leave();
        }
        var matchOfUpdate = BipartiteMatching.Maximum(originals.Count, updates.Count, (i, j) => edges[i, j] is not null);
        var matched = 0;
        for (var j = 0; j < updates.Count; j++)
        {
            if (matchOfUpdate[j] is { } i)
            {
                matched++;
                ctx.Differences.AddRange(edges[i, j]!);
            }
        }
        if (matched < Math.Min(originals.Count, updates.Count))
        {
            ctx.Add(CombinedTypeSubschemasChanged);
        }
    }

    /// <summary>Duplicate branches collapse, as Confluent's set of branch schemas does.</summary>
    private static List<SchemaNode> Distinct(IReadOnlyList<SchemaNode> subschemas)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<SchemaNode>(subschemas.Count);
        foreach (var subschema in subschemas)
        {
            var key = subschema.GetType().Name + ":"
                + (subschema.Source.ValueKind == JsonValueKind.Undefined ? "" : CompactJson.Write(subschema.Source, sortKeys: false));
            if (seen.Add(key))
            {
                result.Add(subschema);
            }
        }
        return result;
    }
}
