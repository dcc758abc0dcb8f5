using Wharf.Protobuf.Model;

namespace Wharf.Protobuf.Schema;

/// <summary>The field types of the protobuf wire format (descriptor.proto's FieldDescriptorProto.Type, less groups).</summary>
public enum FieldType
{
    Double,
    Float,
    Int64,
    UInt64,
    Int32,
    Fixed64,
    Fixed32,
    Bool,
    String,
    Message,
    Bytes,
    UInt32,
    Enum,
    SFixed32,
    SFixed64,
    SInt32,
    SInt64,
}

/// <summary>A message type with its names resolved: what the codec walks.</summary>
public sealed class MessageDescriptor
{
    private readonly Dictionary<int, FieldDescriptor> _byNumber = [];
    private readonly Dictionary<string, FieldDescriptor> _byName = new(StringComparer.Ordinal);

    internal MessageDescriptor(string fullName, string package, MessageElement? element)
    {
        FullName = fullName;
        Package = package;
        Element = element;
    }

    /// <summary>Without a leading dot: <c>my.pkg.Outer.Inner</c>.</summary>
    public string FullName { get; }
    public string Package { get; }
    /// <summary>The declaration; null for a map's synthetic entry type.</summary>
    public MessageElement? Element { get; }
    public List<FieldDescriptor> Fields { get; } = [];
    public bool IsMapEntry => Element is null;

    public FieldDescriptor? FindByNumber(int number) => _byNumber.GetValueOrDefault(number);

    /// <summary>By proto name or JSON name (the proto3 JSON mapping accepts both).</summary>
    public FieldDescriptor? FindByName(string name) => _byName.GetValueOrDefault(name);

    internal void Add(FieldDescriptor field)
    {
        Fields.Add(field);
        _byNumber[field.Number] = field;
        _byName[field.Name] = field;
        _byName.TryAdd(field.JsonName, field);
    }

    public override string ToString() => FullName;
}

public sealed class FieldDescriptor
{
    public required string Name { get; init; }
    public required string JsonName { get; init; }
    public required int Number { get; init; }
    public required FieldType Type { get; init; }
    public bool IsRepeated { get; init; }
    /// <summary>Repeated scalars written as one length-delimited run (proto3's default, proto2's [packed=true]).</summary>
    public bool IsPacked { get; init; }
    /// <summary>Set for message fields (and map fields: their entry type, with key 1 and value 2).</summary>
    public MessageDescriptor? MessageType { get; internal set; }
    public EnumDescriptor? EnumType { get; internal set; }
    public string? OneOf { get; init; }
    /// <summary>proto2 optional, proto3 optional, oneof members and messages: absence is observable.</summary>
    public bool HasPresence { get; init; }
    public bool IsMap => MessageType is { IsMapEntry: true } && IsRepeated;

    public override string ToString() => Name + " = " + Number;
}

public sealed class EnumDescriptor
{
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _byNumber = [];

    internal EnumDescriptor(string fullName, EnumElement element)
    {
        FullName = fullName;
        Element = element;
        foreach (var constant in element.Constants)
        {
            _byName.TryAdd(constant.Name, constant.Tag);
            // With allow_alias the first name declared for a number is the one printed.
            _byNumber.TryAdd(constant.Tag, constant.Name);
        }
    }

    public string FullName { get; }
    public EnumElement Element { get; }

    public bool TryGetNumber(string name, out int number) => _byName.TryGetValue(name, out number);

    public string? NameOf(int number) => _byNumber.GetValueOrDefault(number);

    public override string ToString() => FullName;
}
