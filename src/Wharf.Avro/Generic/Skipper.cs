using Wharf.Avro.IO;

namespace Wharf.Avro.Generic;

/// <summary>Skips a binary datum without building it (writer fields the reader does not have).</summary>
internal static class Skipper
{
    public static void Skip(AvroSchema schema, ref AvroBinaryReader input, int depth, AvroLimits limits)
    {
        switch (schema.Type)
        {
            case AvroType.Null:
                return;
            case AvroType.Boolean:
                input.ReadBoolean();
                return;
            case AvroType.Int:
            case AvroType.Long:
            case AvroType.Enum:
                input.ReadLong();
                return;
            case AvroType.Float:
                input.Skip(4);
                return;
            case AvroType.Double:
                input.Skip(8);
                return;
            case AvroType.Bytes:
            case AvroType.String:
                input.ReadBytes();
                return;
            case AvroType.Fixed:
                input.Skip(((AvroFixedSchema)schema).Size);
                return;
            case AvroType.Record:
                depth = GenericBinary.Deeper(depth, limits);
                foreach (var field in ((AvroRecordSchema)schema).FieldArray)
                {
                    Skip(field.Schema, ref input, depth, limits);
                }
                return;
            case AvroType.Array:
                var items = ((AvroArraySchema)schema).Items;
                SkipBlocks(items, null, ref input, GenericBinary.Deeper(depth, limits), limits);
                return;
            case AvroType.Map:
                SkipBlocks(null, ((AvroMapSchema)schema).Values, ref input, GenericBinary.Deeper(depth, limits), limits);
                return;
            default:
                var union = (AvroUnionSchema)schema;
                var branch = GenericBinary.ReadBranchIndex(union, ref input);
                Skip(union.Branches[branch], ref input, GenericBinary.Deeper(depth, limits), limits);
                return;
        }
    }

    private static void SkipBlocks(AvroSchema? items, AvroSchema? values, ref AvroBinaryReader input, int depth, AvroLimits limits)
    {
        var takesBytes = values is not null || !SchemaFacts.CanBeEmpty(items!);
        var skipped = 0L;
        for (var count = input.ReadBlockCount(takesBytes, 0, limits); count != 0; count = input.ReadBlockCount(takesBytes, skipped, limits))
        {
            for (var n = 0L; n < count; n++, skipped++)
            {
                if (values is null)
                {
                    Skip(items!, ref input, depth, limits);
                }
                else
                {
                    input.ReadBytes();
                    Skip(values, ref input, depth, limits);
                }
            }
        }
    }
}
