using System.Collections.Frozen;
using System.Text;
using static Wharf.Protobuf.Compatibility.ProtobufDifferenceType;

namespace Wharf.Protobuf.Compatibility;

/// <summary>
/// One difference between two Protobuf schemas at a path like <c>#/Order/3</c> (message names, then a field
/// number or oneof name). <see cref="ToString"/> is Confluent's verbose message with two <c>%s</c> left for the
/// caller ("new"/"old" in reader/writer order).
/// </summary>
public sealed record ProtobufDifference(ProtobufDifferenceType Type, string FullPath)
{
    /// <summary>Confluent's <c>SchemaDiff.COMPATIBLE_CHANGES</c>; everything else is incompatible.</summary>
    public static readonly FrozenSet<ProtobufDifferenceType> CompatibleChanges = new[]
    {
        MessageAdded, MessageMoved, EnumAdded, EnumRemoved, EnumConstAdded, EnumConstChanged, EnumConstRemoved,
        FieldAdded, FieldRemoved, FieldNameChanged, FieldStringOrBytesLabelChanged, OneofAdded, OneofRemoved,
        OneofFieldAdded, OneofFieldMovedToTopLevel,
    }.ToFrozenSet();

    public bool IsCompatible => CompatibleChanges.Contains(Type);

    /// <summary>The Confluent spelling of <see cref="Type"/>: <c>FIELD_KIND_CHANGED</c>.</summary>
    public string TypeName
    {
        get
        {
            var pascal = Type.ToString();
            var builder = new StringBuilder(pascal.Length + 8);
            for (var i = 0; i < pascal.Length; i++)
            {
                if (i > 0 && char.IsUpper(pascal[i]))
                {
                    builder.Append('_');
                }
                builder.Append(char.ToUpperInvariant(pascal[i]));
            }
            return builder.ToString();
        }
    }

    public override string ToString() => "{errorType:\"" + TypeName + "\", description:\"" + Description() + "\"}";

    public string Description() => Type switch
    {
        PackageChanged => "The package at '" + FullPath + "' in the %s schema does not match the package in the %s schema",
        MessageRemoved => "The %s schema is missing a MESSAGE type at path '" + FullPath + "' in the %s schema",
        FieldKindChanged => "The type of a field at path '" + FullPath + "' in the %s schema does not match the %s schema",
        FieldScalarKindChanged => "The kind of a SCALAR field at path '" + FullPath + "' in the %s schema does not match its kind in the %s schema",
        FieldNamedTypeChanged => "The type of a MESSAGE field at path '" + FullPath + "' in the %s schema does not match its type in the %s schema",
        FieldNumericLabelChanged => "The label for a NUMERIC field at path '" + FullPath + "' in the %s schema does not match its label in the %s schema",
        // Confluent's text has the double space.
        RequiredFieldAdded => "A required field  at path '" + FullPath + "' in the %s schema is missing in the %s schema",
        RequiredFieldRemoved => "The %s schema is missing a required field at path: '" + FullPath + "' in the %s schema",
        OneofFieldRemoved => "The %s schema is missing a oneof field at path '" + FullPath + "' in the %s schema",
        OneofFieldMovedToTopLevel => "The oneof field at path '" + FullPath + "' in the %s schema was moved out of its oneof to a top-level field in the %s schema",
        MultipleFieldsMovedToOneof => "Multiple fields in the oneof at path '" + FullPath + "' in the %s schema are outside a oneof in the %s schema",
        FieldMovedToExistingOneof => "A field in the oneof at path '" + FullPath + "' in the %s schema is outside an existing oneof in the %s schema",
        _ => "",
    };
}
