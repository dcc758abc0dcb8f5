using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;

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
}
