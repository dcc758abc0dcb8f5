namespace Wharf.Avro;

internal static class SchemaWalker
{
    /// <summary>The named types reachable from a schema, each once, depth first in definition order.</summary>
    public static List<AvroNamedSchema> NamedTypes(AvroSchema root)
    {
        var result = new List<AvroNamedSchema>();
        var seen = new HashSet<AvroNamedSchema>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<AvroSchema>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var schema = pending.Pop();
            switch (schema)
            {
                case AvroNamedSchema named:
                    if (!seen.Add(named))
                    {
                        break;
                    }
                    result.Add(named);
                    if (named is AvroRecordSchema record)
                    {
                        for (var i = record.FieldArray.Length - 1; i >= 0; i--)
                        {
                            pending.Push(record.FieldArray[i].Schema);
                        }
                    }
                    break;
                case AvroArraySchema array:
                    pending.Push(array.Items);
                    break;
                case AvroMapSchema map:
                    pending.Push(map.Values);
                    break;
                case AvroUnionSchema union:
                    for (var i = union.Branches.Count - 1; i >= 0; i--)
                    {
                        pending.Push(union.Branches[i]);
                    }
                    break;
            }
        }
        return result;
    }
}
