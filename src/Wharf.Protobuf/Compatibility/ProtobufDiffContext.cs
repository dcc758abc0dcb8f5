using Wharf.Protobuf.Model;
using Wharf.Protobuf.Schema;

namespace Wharf.Protobuf.Compatibility;

/// <summary>
/// The state of one comparison: the current path (<c>#/Outer/Inner/3</c>), the name scope each side resolves
/// type names in, and the messages under comparison (shared with sub-contexts, so recursive types end).
/// </summary>
internal sealed class ProtobufDiffContext
{
    private readonly LinkedTypes _original;
    private readonly LinkedTypes _update;
    private readonly List<string> _path;
    private readonly List<string> _names;
    private readonly HashSet<MessageElement> _inProgress;
    private readonly string _originalPackage;
    private readonly string _updatePackage;

    public ProtobufDiffContext(LinkedTypes original, string originalPackage, LinkedTypes update, string updatePackage)
        : this(original, originalPackage, update, updatePackage, [], [], new HashSet<MessageElement>(ReferenceEqualityComparer.Instance))
    {
    }

    private ProtobufDiffContext(
        LinkedTypes original, string originalPackage, LinkedTypes update, string updatePackage,
        List<string> path, List<string> names, HashSet<MessageElement> inProgress)
    {
        _original = original;
        _update = update;
        _originalPackage = originalPackage;
        _updatePackage = updatePackage;
        _path = path;
        _names = names;
        _inProgress = inProgress;
    }

    public List<ProtobufDifference> Differences { get; } = [];

    public bool IsCompatible => Differences.TrueForAll(d => d.IsCompatible);

    /// <summary>
    /// A context rooted at a referenced message: its package and local name become the scope, and (as in
    /// Confluent) its path restarts at the message's own name (<c>#/outer/GoogleHome/1</c>).
    /// </summary>
    public ProtobufDiffContext Subcontext(string originalPackage, string updatePackage, string localName) =>
        new(_original, originalPackage, _update, updatePackage, [.. localName.Split('.')], [localName], _inProgress);

    public void Add(ProtobufDifferenceType type) => Differences.Add(new ProtobufDifference(type, "#/" + string.Join('/', _path)));

    public void EnterPath(string segment) => _path.Add(segment);

    public void LeavePath() => _path.RemoveAt(_path.Count - 1);

    /// <summary>Enters a message or enum name: it extends both the path and the scope names resolve in.</summary>
    public void EnterName(string name)
    {
        _path.Add(name);
        _names.Add(name);
    }

    public void LeaveName()
    {
        _names.RemoveAt(_names.Count - 1);
        _path.RemoveAt(_path.Count - 1);
    }

    public bool TryEnterMessage(MessageElement message) => _inProgress.Add(message);

    public void LeaveMessage(MessageElement message) => _inProgress.Remove(message);

    public TypeSymbol? GetType(string name, bool original)
    {
        var package = original ? _originalPackage : _updatePackage;
        var local = string.Join('.', _names);
        var scope = package.Length == 0 ? local : local.Length == 0 ? package : package + "." + local;
        return Linker.Resolve(original ? _original.Symbols : _update.Symbols, name, scope);
    }
}
