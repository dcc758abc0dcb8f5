using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Wharf.JsonSchema.Model;

namespace Wharf.JsonSchema.Compatibility;

/// <summary>
/// The state of one comparison: the current path, the differences found under it, the policy's compatible set,
/// and the pairs being compared further up the stack (shared by sub-contexts) so recursive schemas terminate.
/// </summary>
internal sealed class DiffContext
{
    private readonly List<string> _path;
    private readonly HashSet<(SchemaNode, SchemaNode)> _inProgress;

    public DiffContext(FrozenSet<DifferenceType> compatibleChanges)
        : this(compatibleChanges, [], new HashSet<(SchemaNode, SchemaNode)>(PairComparer.Instance))
    {
    }

    private DiffContext(FrozenSet<DifferenceType> compatibleChanges, List<string> path, HashSet<(SchemaNode, SchemaNode)> inProgress)
    {
        CompatibleChanges = compatibleChanges;
        _path = path;
        _inProgress = inProgress;
    }

    public FrozenSet<DifferenceType> CompatibleChanges { get; }

    public List<SchemaDifference> Differences { get; } = [];

    public bool IsCompatible => Differences.TrueForAll(d => CompatibleChanges.Contains(d.Type));

    /// <summary>A context for a trial comparison whose differences the caller may keep or drop.</summary>
    public DiffContext Subcontext() => new(CompatibleChanges, [.. _path], _inProgress);

    public void Enter(string segment) => _path.Add(segment);

    public void Leave() => _path.RemoveAt(_path.Count - 1);

    public void Add(DifferenceType type) => Differences.Add(new SchemaDifference(type, "#/" + string.Join('/', _path)));

    public void Add(string segment, DifferenceType type)
    {
        Enter(segment);
        Add(type);
        Leave();
    }

    /// <summary>
    /// Marks a pair as under comparison; false when it already is (a recursive cycle), which Confluent treats as
    /// compatible: whatever differs inside the cycle is reported where the cycle was first entered.
    /// </summary>
    public bool TryBegin(SchemaNode original, SchemaNode update) => _inProgress.Add((original, update));

    public void End(SchemaNode original, SchemaNode update) => _inProgress.Remove((original, update));

    /// <summary>Pairs are compared by identity: two equal-looking subschemas in different places are different nodes.</summary>
    private sealed class PairComparer : IEqualityComparer<(SchemaNode, SchemaNode)>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals((SchemaNode, SchemaNode) x, (SchemaNode, SchemaNode) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((SchemaNode, SchemaNode) obj) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Item1), RuntimeHelpers.GetHashCode(obj.Item2));
    }
}
