using System.Collections.Generic;

namespace Wharf.Protocol.Generator;

/// <summary>One .kmsg file: an API (a request and a response) or a stand-alone data message.</summary>
internal sealed class MessageFile
{
    public MessageFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>Set for an API file (<c>api Name key N ...</c>); null for a data-only file.</summary>
    public ApiInfo? Api { get; set; }

    public List<MessageSpec> Messages { get; } = new();
}

internal sealed class ApiInfo
{
    public ApiInfo(string name, short key, VersionRange versions, VersionRange flexible)
    {
        Name = name;
        Key = key;
        Versions = versions;
        Flexible = flexible;
    }

    public string Name { get; }

    public short Key { get; }

    public VersionRange Versions { get; }

    public VersionRange Flexible { get; }
}

internal enum MessageKind
{
    Request,
    Response,
    Data,
}

/// <summary>A top-level message: the request, the response, or a data message, with its shared structs.</summary>
internal sealed class MessageSpec
{
    public MessageSpec(string className, MessageKind kind, VersionRange versions, VersionRange flexible)
    {
        ClassName = className;
        Kind = kind;
        Versions = versions;
        Flexible = flexible;
    }

    public string ClassName { get; }

    public MessageKind Kind { get; }

    public VersionRange Versions { get; }

    public VersionRange Flexible { get; }

    public List<FieldSpec> Fields { get; } = new();

    /// <summary>Structs declared once and referenced by name from several fields ("common structs").</summary>
    public List<StructSpec> CommonStructs { get; } = new();
}

internal sealed class StructSpec
{
    public StructSpec(string name, VersionRange versions, int line)
    {
        Name = name;
        Versions = versions;
        Line = line;
    }

    public string Name { get; }

    /// <summary>The line that declares the struct: its <c>struct</c> line, or the field that nests it.</summary>
    public int Line { get; }

    public VersionRange Versions { get; set; }

    public List<FieldSpec> Fields { get; } = new();
}

internal enum PrimitiveKind
{
    None,
    Bool,
    Int8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    Float64,
    Uuid,
    String,
    Bytes,
    Records,
}

internal sealed class FieldSpec
{
    public FieldSpec(string name, string typeText, int line)
    {
        Name = name;
        TypeText = typeText;
        Line = line;
    }

    public string Name { get; }

    /// <summary>The type as written: <c>int32</c>, <c>[]Topic</c>, <c>Topic</c>, <c>[]int32</c>.</summary>
    public string TypeText { get; }

    public int Line { get; }

    public bool IsArray => TypeText.StartsWith("[]", System.StringComparison.Ordinal);

    public string ElementTypeText => IsArray ? TypeText.Substring(2) : TypeText;

    public PrimitiveKind Primitive { get; set; }

    public VersionRange Versions { get; set; }

    public VersionRange NullableVersions { get; set; } = VersionRange.None;

    public int? Tag { get; set; }

    public string? Default { get; set; }

    /// <summary>The struct an array-of-struct or struct field holds, inline or common.</summary>
    public StructSpec? Struct { get; set; }

    public bool IsTagged => Tag.HasValue;
}
