using System.Collections.Frozen;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Wharf.Avro.Generic;

namespace Wharf.Avro.Json;

/// <summary>Per-schema lookups for the JSON codec, built once per schema object on first use.</summary>
internal static class JsonCodecInfo
{
    /// <summary>Names are escaped like Avro-Java/Jackson would (non-ASCII kept), not HTML-safe.</summary>
    private static readonly JavaScriptEncoder NameEncoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    // Built at most a few times under a race; the results are equal, so the last one written wins harmlessly.
    public static RecordInfo For(AvroRecordSchema schema) => (RecordInfo)(schema.JsonCodec ??= new RecordInfo(schema));

    public static EnumInfo For(AvroEnumSchema schema) => (EnumInfo)(schema.JsonCodec ??= new EnumInfo(schema));

    public static UnionInfo For(AvroUnionSchema schema) => (UnionInfo)(schema.JsonCodec ??= new UnionInfo(schema));

    internal sealed class RecordInfo
    {
        private byte[]?[]? _defaults;

        public RecordInfo(AvroRecordSchema schema)
        {
            Schema = schema;
            var fields = schema.FieldArray;
            Names = [.. fields.Select(f => JsonEncodedText.Encode(f.Name, NameEncoder))];
            Utf8Names = [.. fields.Select(f => Encoding.UTF8.GetBytes(f.Name))];
            var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var field in fields)
            {
                lookup[field.Name] = field.Position;
            }
            foreach (var field in fields)
            {
                // Avro-Java's JsonDecoder also accepts a field under one of its aliases.
                foreach (var alias in field.Aliases)
                {
                    lookup.TryAdd(alias, field.Position);
                }
            }
            Lookup = lookup.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public AvroRecordSchema Schema { get; }

        public JsonEncodedText[] Names { get; }

        public byte[][] Utf8Names { get; }

        public FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }

        /// <summary>The binary encoding of a field's default, or null when it has none or it does not fit its type.</summary>
        public byte[]? DefaultBinary(int position)
        {
            var defaults = _defaults ??= new byte[]?[Schema.FieldArray.Length];
            return defaults[position] ??= DefaultValues.TryEncode(Schema.FieldArray[position]);
        }
    }

    internal sealed class EnumInfo
    {
        public EnumInfo(AvroEnumSchema schema)
        {
            Symbols = [.. schema.Symbols.Select(s => JsonEncodedText.Encode(s, NameEncoder))];
            var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < schema.Symbols.Count; i++)
            {
                lookup.TryAdd(schema.Symbols[i], i);
            }
            Lookup = lookup.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public JsonEncodedText[] Symbols { get; }

        public FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }
    }

    internal sealed class UnionInfo
    {
        public UnionInfo(AvroUnionSchema schema)
        {
            Labels = [.. schema.Branches.Select(b => JsonEncodedText.Encode(b.FullName, NameEncoder))];
            var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < schema.Branches.Count; i++)
            {
                lookup.TryAdd(schema.Branches[i].FullName, i);
            }
            Lookup = lookup.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
            ObjectBranches = [.. Enumerable.Range(0, schema.Branches.Count).Where(i => schema.Branches[i].Type is AvroType.Record or AvroType.Map)];
            ArrayBranch = Enumerable.Range(0, schema.Branches.Count).FirstOrDefault(i => schema.Branches[i].Type == AvroType.Array, -1);
            BooleanBranch = Enumerable.Range(0, schema.Branches.Count).FirstOrDefault(i => schema.Branches[i].Type == AvroType.Boolean, -1);
        }

        public JsonEncodedText[] Labels { get; }

        public FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }

        /// <summary>Branches a JSON object can be (records and maps), in declaration order.</summary>
        public int[] ObjectBranches { get; }

        public int ArrayBranch { get; }

        public int BooleanBranch { get; }
    }
}
