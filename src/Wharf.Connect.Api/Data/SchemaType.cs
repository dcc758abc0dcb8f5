namespace Wharf.Connect.Api.Data;

/// <summary>
/// The Connect data types (Apache's Schema.Type). The C# value of each: Int8 <see cref="sbyte"/>, Int16
/// <see cref="short"/>, Int32 <see cref="int"/>, Int64 <see cref="long"/>, Float32 <see cref="float"/>, Float64
/// <see cref="double"/>, Boolean <see cref="bool"/>, String <see cref="string"/>, Bytes <see cref="byte"/>[],
/// Array <see cref="IList{T}"/> of object, Map <see cref="IDictionary{TKey, TValue}"/> of object, Struct
/// <see cref="Struct"/>. Logical types change the C# value (see <see cref="ConnectDecimal"/>,
/// <see cref="ConnectDate"/>, <see cref="ConnectTime"/>, <see cref="ConnectTimestamp"/>).
/// </summary>
public enum SchemaType
{
    Int8,
    Int16,
    Int32,
    Int64,
    Float32,
    Float64,
    Boolean,
    String,
    Bytes,
    Array,
    Map,
    Struct,
}

public static class SchemaTypes
{
    /// <summary>Apache's lower-case name of a type ("int32", "struct"), as used in configs such as Cast's spec.</summary>
    public static string ToName(this SchemaType type) => type.ToString().ToLowerInvariant();

    public static bool IsPrimitive(this SchemaType type) => type is not (SchemaType.Array or SchemaType.Map or SchemaType.Struct);

    public static bool TryParse(string name, out SchemaType type) =>
        Enum.TryParse(name, ignoreCase: true, out type) && Enum.IsDefined(type);
}
