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
    private readonly Shared _shared;

    public DiffContext(FrozenSet<DifferenceType> compatibleChanges)
        : this(compatibleChanges, [], new Shared())
    {
    }

    private DiffContext(FrozenSet<DifferenceType> compatibleChanges, List<string> path, Shared shared)
    {
        CompatibleChanges = compatibleChanges;
        _path = path;
        _shared = shared;
    }

    public FrozenSet<DifferenceType> CompatibleChanges { get; }

    public List<SchemaDifference> Differences { get; } = [];

    public bool IsCompatible => Differences.TrueForAll(d => CompatibleChanges.Contains(d.Type));

    /// <summary>A context for a trial comparison whose differences the caller may keep or drop.</summary>
    public DiffContext Subcontext() => new(CompatibleChanges, [.. _path], _shared);

    /// <summary>A context rooted at a pair being compared: its differences are relative to the pair.</summary>
    public DiffContext PairContext() => new(CompatibleChanges, [], _shared);

    /// <summary>How many times a recursive cycle has been assumed compatible so far in this comparison.</summary>
    public int CycleAssumptions => _shared.CycleAssumptions;

    public bool TryGetMemo(SchemaNode original, SchemaNode update, out List<SchemaDifference> relative) =>
        _shared.Memo.TryGetValue((original, update), out relative!);

    public void Memo(SchemaNode original, SchemaNode update, List<SchemaDifference> relative) =>
        _shared.Memo[(original, update)] = relative;

    /// <summary>Adds differences found relative to a pair, moved under the current path.</summary>
    public void AddRebased(List<SchemaDifference> relative)
    {
        if (_path.Count == 0)
        {
            Differences.AddRange(relative);
            return;
        }
        var prefix = "#/" + string.Join('/', _path);
        foreach (var difference in relative)
        {
            Differences.Add(difference with { JsonPath = difference.JsonPath.Length <= 2 ? prefix : prefix + "/" + difference.JsonPath[2..] });
        }
    }

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
    public bool TryBegin(SchemaNode original, SchemaNode update)
    {
        if (_shared.InProgress.Add((original, update)))
        {
            return true;
        }
        _shared.CycleAssumptions++;
        return false;
    }

    public void End(SchemaNode original, SchemaNode update) => _shared.InProgress.Remove((original, update));

    /// <summary>
    /// State shared by every context of one comparison: the pairs on the stack, the results of pairs already
    /// compared (the cross product of oneOf/anyOf branches would otherwise repeat them exponentially), and a count
    /// of cycle assumptions, so only results that did not depend on one are remembered.
    /// </summary>
    private sealed class Shared
    {
        public HashSet<(SchemaNode, SchemaNode)> InProgress { get; } = new(PairComparer.Instance);
        public Dictionary<(SchemaNode, SchemaNode), List<SchemaDifference>> Memo { get; } = new(PairComparer.Instance);
        public int CycleAssumptions { get; set; }
    }

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
