namespace Wharf.Protobuf.Model;

/// <summary>
/// The syntax tree of one .proto file, close to what was written (names unresolved, declaration order kept):
/// Confluent prints its canonical text and runs its diff on this level (Square Wire's ProtoFileElement).
/// </summary>
public sealed class ProtoFile
{
    /// <summary>"proto2", "proto3", or null when the file has no syntax statement (proto2 semantics).</summary>
    public string? Syntax { get; set; }
    public string? Package { get; set; }
    public List<string> Imports { get; } = [];
    public List<string> PublicImports { get; } = [];
    public List<OptionElement> Options { get; } = [];
    /// <summary>Top-level messages and enums in declaration order (message indexes count messages in this order).</summary>
    public List<TypeElement> Types { get; } = [];
    public List<ExtendElement> Extends { get; } = [];
    public List<ServiceElement> Services { get; } = [];

    public bool IsProto3 => Syntax == "proto3";
}

/// <summary>Where a declaration starts in its file, for error messages.</summary>
public readonly record struct SourceLocation(int Line, int Column)
{
    public override string ToString() => Line + ":" + Column;
}

public abstract class TypeElement
{
    public required string Name { get; init; }
    public SourceLocation Location { get; init; }
    public List<OptionElement> Options { get; } = [];
    public List<ReservedElement> Reserveds { get; } = [];
}

public sealed class MessageElement : TypeElement
{
    /// <summary>Fields outside any oneof, in declaration order.</summary>
    public List<FieldElement> Fields { get; } = [];
    public List<OneOfElement> OneOfs { get; } = [];
    public List<TypeElement> NestedTypes { get; } = [];
    public List<ExtensionsElement> Extensions { get; } = [];
    public List<ExtendElement> Extends { get; } = [];
}

public sealed class EnumElement : TypeElement
{
    public List<EnumConstantElement> Constants { get; } = [];
}

public sealed record EnumConstantElement(string Name, int Tag, IReadOnlyList<OptionElement> Options);

public enum FieldLabel
{
    Optional,
    Required,
    Repeated,
}

public sealed class FieldElement
{
    /// <summary>As written; null when absent (proto3 singular fields, oneof members, maps).</summary>
    public FieldLabel? Label { get; init; }
    /// <summary>The type as written: a scalar name, a (possibly dotted) type name, or <c>map&lt;K, V&gt;</c>.</summary>
    public required string Type { get; init; }
    public required string Name { get; init; }
    public required int Tag { get; init; }
    /// <summary>The <c>default</c> option's value (text of the literal; strings unquoted).</summary>
    public string? DefaultValue { get; init; }
    public string? JsonName { get; init; }
    /// <summary>Every other option, in order.</summary>
    public IReadOnlyList<OptionElement> Options { get; init; } = [];
    public SourceLocation Location { get; init; }

    public bool IsMap => Type.StartsWith("map<", StringComparison.Ordinal);
}

public sealed class OneOfElement
{
    public required string Name { get; init; }
    public List<FieldElement> Fields { get; } = [];
    public List<OptionElement> Options { get; } = [];
}

/// <summary>
/// A reserved or extensions value: a tag, a tag range (End inclusive; <see cref="IsRange"/> when written with
/// "to", which Confluent prints back as a range even for one number), or a field name.
/// </summary>
public sealed record RangeValue(int Start, int End, string? Name, bool IsRange)
{
    public bool IsName => Name is not null;
}

public sealed record ReservedElement(IReadOnlyList<RangeValue> Values);

public sealed record ExtensionsElement(IReadOnlyList<RangeValue> Values, IReadOnlyList<OptionElement> Options);

public sealed class ExtendElement
{
    public required string Name { get; init; }
    public List<FieldElement> Fields { get; } = [];
}

public sealed class ServiceElement
{
    public required string Name { get; init; }
    public List<OptionElement> Options { get; } = [];
    public List<RpcElement> Rpcs { get; } = [];
}

public sealed class RpcElement
{
    public required string Name { get; init; }
    public SourceLocation Location { get; init; }
    public required string RequestType { get; init; }
    public required string ResponseType { get; init; }
    public bool RequestStreaming { get; init; }
    public bool ResponseStreaming { get; init; }
    public List<OptionElement> Options { get; } = [];
}

public enum OptionKind
{
    String,
    Boolean,
    Enum,
    Number,
    /// <summary><c>(a).b = v</c>: the value is a nested <see cref="OptionElement"/>.</summary>
    Option,
    /// <summary>An aggregate <c>{ key: value ... }</c>: the value is a list of key/value pairs.</summary>
    Map,
    List,
}

/// <summary>
/// An option kept as text, custom ones included (their extension definitions are not interpreted).
/// <see cref="Value"/> is a string for scalar kinds, an <see cref="OptionElement"/> for <see cref="OptionKind.Option"/>,
/// a list of <see cref="KeyValuePair{String, OptionValue}"/> for maps.
/// </summary>
public sealed record OptionElement(string Name, OptionKind Kind, object Value, bool Parenthesized);

/// <summary>A value inside an aggregate option: a primitive (kind + text), a nested map or a list.</summary>
public sealed record OptionValue(OptionKind Kind, object Value);
