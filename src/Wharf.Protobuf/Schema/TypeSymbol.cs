using Wharf.Protobuf.Model;

namespace Wharf.Protobuf.Schema;

/// <summary>A named type visible to a schema: declared in its file or in a file it imports.</summary>
internal sealed record TypeSymbol(string FullName, string Package, TypeElement Element, string FileName)
{
    public bool IsEnum => Element is EnumElement;
}
