using Wharf.JsonSchema.Model;

namespace Wharf.JsonSchema.Compatibility;

/// <summary>
/// Confluent's rules for <c>unevaluatedProperties</c> / <c>unevaluatedItems</c> (drafts 2019-09+): absent or
/// <c>true</c> is open, <c>false</c> closed, a schema partially open. Shared by objects and arrays.
/// </summary>
internal static class Unevaluated
{
    public static void Compare(
        DiffContext ctx, string keyword, SchemaNode? original, SchemaNode? update,
        DifferenceType added, DifferenceType removed, DifferenceType extended, DifferenceType narrowed)
    {
        if (original is null && update is null)
        {
            return;
        }
        ctx.Enter(keyword);
        if (original is null)
        {
            ctx.Add(update is FalseSchemaNode ? removed : narrowed);
        }
        else if (update is null)
        {
            ctx.Add(original is FalseSchemaNode ? added : extended);
        }
        else if (original is FalseSchemaNode && update is not FalseSchemaNode)
        {
            ctx.Add(added);
        }
        else if (original is not FalseSchemaNode && update is FalseSchemaNode)
        {
            ctx.Add(removed);
        }
        else if (original is EmptySchemaNode && update is not EmptySchemaNode)
        {
            ctx.Add(narrowed);
        }
        else if (original is not EmptySchemaNode && update is EmptySchemaNode)
        {
            ctx.Add(extended);
        }
        else
        {
            SchemaDiff.CompareNodes(ctx, original, update);
        }
        ctx.Leave();
    }

    /// <summary>The schema an unevaluated keyword applies when nothing else does: null when absent, true or false.</summary>
    public static SchemaNode? PartialSchema(SchemaNode? unevaluated) =>
        unevaluated is null or FalseSchemaNode or EmptySchemaNode ? null : unevaluated;

    public static bool IsOpen(SchemaNode? unevaluated) => unevaluated is null or EmptySchemaNode;
}
