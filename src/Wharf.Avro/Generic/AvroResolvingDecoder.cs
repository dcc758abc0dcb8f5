using Wharf.Avro.IO;

namespace Wharf.Avro.Generic;

/// <summary>
/// Reads data written with one schema as values of another (spec, "Schema Resolution"), following Avro-Java 1.11's
/// <c>Resolver</c>: promotions (int → long, float, double; long → float, double; float → double; string ↔ bytes),
/// reader fields missing from the writer take their defaults, writer fields missing from the reader are skipped,
/// reader aliases match writer field and type names, an unknown enum symbol becomes the reader enum's default, a
/// writer union branch is read as whatever the reader makes of it, and a non-union writer is matched to the first
/// fitting branch of a reader union (same full name, then a structurally readable record, then a promotion).
/// Mismatches are found when the plan is made but reported only when data needs them, as in Avro-Java.
/// Create once per (writer, reader) pair and reuse; instances are thread-safe.
/// </summary>
public sealed class AvroResolvingDecoder
{
    private readonly Action _root;

    private AvroResolvingDecoder(AvroSchema writer, AvroSchema reader)
    {
        Writer = writer;
        Reader = reader;
        _root = new Planner().Resolve(writer, reader);
    }

    public AvroSchema Writer { get; }

    public AvroSchema Reader { get; }

    public static AvroResolvingDecoder Create(AvroSchema writer, AvroSchema reader) => new(writer, reader);

    /// <summary>Decodes one datum written with <see cref="Writer"/> into the shape of <see cref="Reader"/>.</summary>
    public object? Decode(ReadOnlySpan<byte> data, AvroLimits? limits = null)
    {
        var input = new AvroBinaryReader(data);
        var datum = _root.Read(ref input, 0, limits ?? AvroLimits.Default);
        input.EnsureEnd();
        return datum;
    }

    public bool TryDecode(ReadOnlySpan<byte> data, AvroLimits? limits, out object? datum,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out AvroDataError? error)
    {
        try
        {
            datum = Decode(data, limits);
            error = null;
            return true;
        }
        catch (AvroDataException e)
        {
            datum = null;
            error = e.Error;
            return false;
        }
    }

    /// <summary>Named types match on simple names, or a reader alias equal to the writer's full name (Avro-Java after applyAliases).</summary>
    internal static bool NamesMatch(AvroNamedSchema writer, AvroNamedSchema reader) =>
        writer.Name == reader.Name || reader.AliasNames.Any(a => a.Full == writer.FullName);

    private abstract class Action
    {
        public abstract object? Read(ref AvroBinaryReader input, int depth, AvroLimits limits);
    }

    private sealed class Same(AvroSchema schema) : Action
    {
        public override object? Read(ref AvroBinaryReader input, int depth, AvroLimits limits) => GenericBinary.Read(schema, ref input, depth, limits);
    }

    private sealed class Promote(AvroType writer, AvroType reader) : Action
    {
        public override object? Read(ref AvroBinaryReader input, int depth, AvroLimits limits) => (writer, reader) switch
        {
            (AvroType.Int, AvroType.Long) => (long)input.ReadInt(),
            (AvroType.Int, AvroType.Float) => (float)input.ReadInt(),
            (AvroType.Int, AvroType.Double) => (double)input.ReadInt(),
            (AvroType.Long, AvroType.Float) => (float)input.ReadLong(),
            (AvroType.Long, AvroType.Double) => (double)input.ReadLong(),
            (AvroType.Float, AvroType.Double) => (double)input.ReadFloat(),
            (AvroType.String, AvroType.Bytes) => input.ReadBytes().ToArray(),
            _ => input.ReadString(),
        };
    }

    private sealed class Failure(string message) : Action
    {
        public override object? Read(ref AvroBinaryReader input, int depth, AvroLimits limits) => throw new AvroDataException(message);
    }

    private sealed class FixedRead(AvroFixedSchema reader) : Action
    {
        public override object? Read(ref AvroBinaryReader input, int depth, AvroLimits limits) =>
            new AvroFixed(reader, input.ReadFixed(reader.Size).ToArray());
    }

    private sealed class EnumAdjust(AvroEnumSchema writer, AvroEnumSchema reader) : Action
    {
        private readonly int[] _map = [.. writer.Symbols.Select(s => reader.IndexOf(s) is var i and >= 0 ? i : reader.Default is null ? -1 : reader.IndexOf(reader.Default))];

        public override object? Read(ref AvroBinaryReader input, int depth, AvroLimits limits)
        {
            var index = input.ReadInt();
            if ((uint)index >= (uint)_map.Length)
            {
                throw new AvroDataException($"enum index {index} out of range for enum {writer.FullName} ({_map.Length} symbols)");
            }
            var mapped = _map[index];
            return mapped >= 0
                ? new AvroEnumSymbol(reader, mapped)
                : throw new AvroDataException($"symbol {writer.Symbols[index]} is not in reader enum {reader.FullName}, which has no default");
        }
    }

    private sealed class ArrayAdjust(AvroSchema writerItems, Action items) : Action
    {
        public override object? Read(ref AvroBinaryReader input, int depth, AvroLimits limits)
        {
            depth = GenericBinary.Deeper(depth, limits);
            var list = new List<object?>();
            var takesBytes = !SchemaFacts.CanBeEmpty(writerItems);
            for (var count = input.ReadBlockCount(takesBytes, 0, limits); count != 0; count = input.ReadBlockCount(takesBytes, list.Count, limits))
            {
                for (var n = 0L; n < count; n++)
                {
                    try
                    {
                        list.Add(items.Read(ref input, depth, limits));
                    }
                    catch (AvroDataException e)
                    {
                        throw e.AtIndex(list.Count);
                    }
                }
            }
            return list;
        }
    }

    private sealed class MapAdjust(Action values) : Action
    {
        public override object? Read(ref AvroBinaryReader input, int depth, AvroLimits limits)
        {
            depth = GenericBinary.Deeper(depth, limits);
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            var read = 0L;
            for (var count = input.ReadBlockCount(true, 0, limits); count != 0; count = input.ReadBlockCount(true, read, limits))
            {
                for (var n = 0L; n < count; n++, read++)
                {
                    var key = input.ReadString();
                    try
                    {
                        map[key] = values.Read(ref input, depth, limits);
                    }
                    catch (AvroDataException e)
                    {
                        throw e.AtKey(key);
                    }
                }
            }
            return map;
        }
    }

    private sealed class RecordAdjust(AvroRecordSchema reader) : Action
    {
        /// <summary>Per writer field, in writer order: the reader position (or -1 to skip) and how to read it.</summary>
        public (int ReaderPosition, AvroField WriterField, Action? Action)[] WriterFields { get; set; } = [];

        /// <summary>Reader fields the writer lacks, with the binary encoding of their defaults.</summary>
        public (AvroField ReaderField, byte[] Default)[] Defaults { get; set; } = [];

        /// <summary>Set when the writer's records cannot be read as the reader's (Avro-Java's ErrorAction).</summary>
        public string? FailureMessage { get; set; }

        public override object? Read(ref AvroBinaryReader input, int depth, AvroLimits limits)
        {
            if (FailureMessage is not null)
            {
                throw new AvroDataException(FailureMessage);
            }
            depth = GenericBinary.Deeper(depth, limits);
            var record = new AvroRecord(reader);
            foreach (var (position, writerField, action) in WriterFields)
            {
                try
                {
                    if (position < 0)
                    {
                        Skipper.Skip(writerField.Schema, ref input, depth, limits);
                    }
                    else
                    {
                        record[position] = action!.Read(ref input, depth, limits);
                    }
                }
                catch (AvroDataException e)
                {
                    throw e.AtField(writerField.Name);
                }
            }
            foreach (var (field, encoded) in Defaults)
            {
                var defaultInput = new AvroBinaryReader(encoded);
                record[field.Position] = GenericBinary.Read(field.Schema, ref defaultInput, depth, limits);
            }
            return record;
        }
    }

    private sealed class WriterUnion(AvroUnionSchema writer, Action[] branches) : Action
    {
        public override object? Read(ref AvroBinaryReader input, int depth, AvroLimits limits)
        {
            var branch = GenericBinary.ReadBranchIndex(writer, ref input);
            return branches[branch].Read(ref input, GenericBinary.Deeper(depth, limits), limits);
        }
    }

    /// <summary>Builds the plan; a record pair met again (recursive schemas) reuses its plan.</summary>
    private sealed class Planner
    {
        private readonly Dictionary<(AvroSchema, AvroSchema), RecordAdjust> _records = new(PairComparer.Instance);

        public Action Resolve(AvroSchema writer, AvroSchema reader)
        {
            if (writer is AvroUnionSchema writerUnion)
            {
                return new WriterUnion(writerUnion, [.. writerUnion.Branches.Select(b => Resolve(b, reader))]);
            }
            if (writer.Type == reader.Type)
            {
                switch (writer)
                {
                    case AvroFixedSchema w:
                        var r = (AvroFixedSchema)reader;
                        return !NamesMatch(w, r) ? new Failure($"found fixed {w.FullName}, expecting {r.FullName}")
                            : w.Size != r.Size ? new Failure($"fixed {w.FullName} has {w.Size} bytes, the reader's {r.Size}")
                            : new FixedRead(r);
                    case AvroEnumSchema w:
                        return NamesMatch(w, (AvroEnumSchema)reader)
                            ? new EnumAdjust(w, (AvroEnumSchema)reader)
                            : new Failure($"found enum {w.FullName}, expecting {reader.FullName}");
                    case AvroArraySchema w:
                        return new ArrayAdjust(w.Items, Resolve(w.Items, ((AvroArraySchema)reader).Items));
                    case AvroMapSchema w:
                        return new MapAdjust(Resolve(w.Values, ((AvroMapSchema)reader).Values));
                    case AvroRecordSchema w:
                        return ResolveRecord(w, (AvroRecordSchema)reader);
                    default:
                        return new Same(reader);
                }
            }
            if (reader is AvroUnionSchema readerUnion)
            {
                var branch = FirstMatchingBranch(writer, readerUnion);
                return branch >= 0
                    ? Resolve(writer, readerUnion.Branches[branch])
                    : new Failure($"found {writer.FullName}, which no branch of the reader union {readerUnion.ToCanonicalString()} accepts");
            }
            return IsPromotion(writer.Type, reader.Type)
                ? new Promote(writer.Type, reader.Type)
                : new Failure($"found {writer.FullName}, expecting {reader.FullName}");
        }

        private RecordAdjust ResolveRecord(AvroRecordSchema writer, AvroRecordSchema reader)
        {
            if (_records.TryGetValue((writer, reader), out var known))
            {
                return known;
            }
            var result = new RecordAdjust(reader);
            _records[(writer, reader)] = result;
            var used = new bool[reader.FieldArray.Length];
            var writerFields = new List<(int, AvroField, Action?)>();
            foreach (var writerField in writer.FieldArray)
            {
                var readerField = FindReaderField(reader, writerField);
                if (readerField is null || used[readerField.Position])
                {
                    writerFields.Add((-1, writerField, null));
                    continue;
                }
                used[readerField.Position] = true;
                writerFields.Add((readerField.Position, writerField, Resolve(writerField.Schema, readerField.Schema)));
            }
            var defaults = new List<(AvroField, byte[])>();
            foreach (var readerField in reader.FieldArray)
            {
                if (used[readerField.Position])
                {
                    continue;
                }
                if (!readerField.HasDefault)
                {
                    result.FailureMessage = $"found {writer.FullName}, expecting {reader.FullName}, missing required field {readerField.Name}";
                    return result;
                }
                var encoded = DefaultValues.TryEncode(readerField);
                if (encoded is null)
                {
                    result.FailureMessage = $"the default of reader field {readerField.Name} ({readerField.Default}) does not fit its type";
                    return result;
                }
                defaults.Add((readerField, encoded));
            }
            result.WriterFields = [.. writerFields];
            result.Defaults = [.. defaults];
            return result;
        }

        /// <summary>Avro-Java's <c>firstMatchingBranch</c>.</summary>
        private int FirstMatchingBranch(AvroSchema writer, AvroUnionSchema reader)
        {
            var structureMatch = -1;
            for (var j = 0; j < reader.Branches.Count; j++)
            {
                var branch = reader.Branches[j];
                if (branch.Type != writer.Type)
                {
                    continue;
                }
                if (writer is not AvroNamedSchema named)
                {
                    return j;
                }
                var branchNamed = (AvroNamedSchema)branch;
                if (named.FullName == branchNamed.FullName || branchNamed.AliasNames.Any(a => a.Full == named.FullName))
                {
                    return j;
                }
                if (writer is AvroRecordSchema record && !HasMatchError(record, (AvroRecordSchema)branch)
                    && (structureMatch < 0 || named.Name == branchNamed.Name))
                {
                    structureMatch = j;
                }
            }
            if (structureMatch >= 0)
            {
                return structureMatch;
            }
            for (var j = 0; j < reader.Branches.Count; j++)
            {
                if (IsPromotion(writer.Type, reader.Branches[j].Type))
                {
                    return j;
                }
            }
            return -1;
        }

        /// <summary>Whether the record plan, or one of its field plans, is a failure (Avro-Java's <c>hasMatchError</c>).</summary>
        private bool HasMatchError(AvroRecordSchema writer, AvroRecordSchema reader)
        {
            var plan = ResolveRecord(writer, reader);
            return IsFailure(plan) || plan.WriterFields.Any(f => f.Action is not null && IsFailure(f.Action));
        }

        private static bool IsFailure(Action action) => action is Failure or RecordAdjust { FailureMessage: not null };

        private static AvroField? FindReaderField(AvroRecordSchema reader, AvroField writerField) =>
            reader.GetField(writerField.Name) ?? reader.FieldArray.FirstOrDefault(f => f.Aliases.Contains(writerField.Name));

        private static bool IsPromotion(AvroType writer, AvroType reader) => (writer, reader) switch
        {
            (AvroType.Int, AvroType.Long or AvroType.Float or AvroType.Double) => true,
            (AvroType.Long, AvroType.Float or AvroType.Double) => true,
            (AvroType.Float, AvroType.Double) => true,
            (AvroType.String, AvroType.Bytes) or (AvroType.Bytes, AvroType.String) => true,
            _ => false,
        };
    }

    private sealed class PairComparer : IEqualityComparer<(AvroSchema, AvroSchema)>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals((AvroSchema, AvroSchema) x, (AvroSchema, AvroSchema) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((AvroSchema, AvroSchema) obj) =>
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1) ^ System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item2);
    }
}
