using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Runtime.Errors;

namespace Wharf.Connect.Runtime;

/// <summary>One configured transformation, applied when its predicate (if any) holds, or fails with negate=true.</summary>
internal sealed record TransformationStage(ITransformation Transformation, IPredicate? Predicate, bool Negate)
{
    public ConnectRecord? Apply(ConnectRecord record) =>
        Predicate is null || Predicate.Test(record) != Negate ? Transformation.Apply(record) : record;
}

/// <summary>The transformations of a connector in configuration order; a stage returning null drops the record.</summary>
internal sealed class TransformationChain(IReadOnlyList<TransformationStage> stages)
{
    public static readonly TransformationChain Empty = new([]);

    public ConnectRecord? Apply(ConnectRecord record)
    {
        ConnectRecord? current = record;
        foreach (var stage in stages)
        {
            current = stage.Apply(current);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>
    /// Applies each stage under error handling (KIP-298's TRANSFORMATION stage, the transformation's class as the
    /// executing class); false when a stage failed and the record is to be skipped, else the result (null: dropped).
    /// </summary>
    public bool TryApply(ConnectRecord record, RetryWithToleranceOperator errors, ProcessingContext context, out ConnectRecord? result)
    {
        result = record;
        foreach (var stage in stages)
        {
            if (!errors.TryExecute(context, ErrorStage.Transformation, stage.Transformation.GetType(), (Stage: stage, Record: result), static s => s.Stage.Apply(s.Record), out result))
            {
                return false;
            }

            if (result is null)
            {
                return true;
            }
        }

        return true;
    }
}
