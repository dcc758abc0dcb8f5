using System.Runtime.CompilerServices;

namespace Wharf.Avro;

/// <summary>Derived facts about schemas, computed once per schema object.</summary>
internal static class SchemaFacts
{
    private static readonly ConditionalWeakTable<AvroSchema, StrongBox<bool>> EmptyEncodings = new();

    /// <summary>
    /// Whether a value of the schema can encode as zero bytes (null, a fixed of size 0, a record of such fields).
    /// Collections of such items are bounded by <see cref="AvroLimits.MaxCollectionItems"/>; others by the bytes left.
    /// </summary>
    public static bool CanBeEmpty(AvroSchema schema)
    {
        if (EmptyEncodings.TryGetValue(schema, out var known))
        {
            return known.Value;
        }
        var result = Compute(schema, new HashSet<AvroSchema>(ReferenceEqualityComparer.Instance));
        EmptyEncodings.AddOrUpdate(schema, new StrongBox<bool>(result));
        return result;
    }

    private static bool Compute(AvroSchema schema, HashSet<AvroSchema> visiting) => schema switch
    {
        { Type: AvroType.Null } => true,
        AvroFixedSchema f => f.Size == 0,
        // A record that contains itself without a union cannot be written at all; treat it as possibly empty.
        AvroRecordSchema r => !visiting.Add(r) || r.FieldArray.All(f => Compute(f.Schema, visiting)),
        _ => false,
    };
}
