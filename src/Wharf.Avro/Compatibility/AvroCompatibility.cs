namespace Wharf.Avro.Compatibility;

/// <summary>The kinds of incompatibility Avro-Java's <c>SchemaCompatibility</c> reports (Confluent's <c>errorType</c>).</summary>
public enum AvroIncompatibilityType
{
    NameMismatch,
    FixedSizeMismatch,
    MissingEnumSymbols,
    ReaderFieldMissingDefaultValue,
    TypeMismatch,
    MissingUnionBranch,
}

/// <summary>One reason why a reader cannot read what a writer wrote.</summary>
public sealed class AvroIncompatibility
{
    internal AvroIncompatibility(AvroIncompatibilityType type, AvroSchema readerFragment, AvroSchema writerFragment,
        string message, IReadOnlyList<string> location)
    {
        Type = type;
        ReaderFragment = readerFragment;
        WriterFragment = writerFragment;
        Message = message;
        Location = FormatLocation(location);
    }

    public AvroIncompatibilityType Type { get; }

    /// <summary>Avro-Java's constant name, Confluent's <c>errorType</c> ("READER_FIELD_MISSING_DEFAULT_VALUE").</summary>
    public string ErrorType => Type switch
    {
        AvroIncompatibilityType.NameMismatch => "NAME_MISMATCH",
        AvroIncompatibilityType.FixedSizeMismatch => "FIXED_SIZE_MISMATCH",
        AvroIncompatibilityType.MissingEnumSymbols => "MISSING_ENUM_SYMBOLS",
        AvroIncompatibilityType.ReaderFieldMissingDefaultValue => "READER_FIELD_MISSING_DEFAULT_VALUE",
        AvroIncompatibilityType.TypeMismatch => "TYPE_MISMATCH",
        _ => "MISSING_UNION_BRANCH",
    };

    /// <summary>The part of the reader schema where the problem is.</summary>
    public AvroSchema ReaderFragment { get; }

    public AvroSchema WriterFragment { get; }

    /// <summary>Avro-Java's message, Confluent's <c>additionalInfo</c> ("reader type: INT not compatible with writer type: STRING").</summary>
    public string Message { get; }

    /// <summary>A JSON pointer into the reader schema, as Avro-Java builds it ("/fields/0/type").</summary>
    public string Location { get; }

    /// <summary>
    /// Confluent's description (<c>Difference.error()</c>) with its two <c>%s</c> filled with the labels of the reader
    /// and writer schemas ("new"/"old" per compatibility direction, as SchemaValidatorBuilder does).
    /// </summary>
    public string Describe(string readerLabel, string writerLabel) => Type switch
    {
        AvroIncompatibilityType.FixedSizeMismatch =>
            $"The size of FIXED type field at path '{Location}' in the {readerLabel} schema does not match with the {writerLabel} schema",
        AvroIncompatibilityType.TypeMismatch =>
            $"The type (path '{Location}') of a field in the {readerLabel} schema does not match with the {writerLabel} schema",
        AvroIncompatibilityType.NameMismatch => $"The name of the schema has changed (path '{Location}')",
        AvroIncompatibilityType.MissingEnumSymbols =>
            $"The {readerLabel} schema is missing enum symbols '{Message}' at path '{Location}' in the {writerLabel} schema",
        AvroIncompatibilityType.MissingUnionBranch =>
            $"The {readerLabel} schema is missing a type inside a union field at path '{Location}' in the {writerLabel} schema",
        _ => $"The field '{Message}' at path '{Location}' in the {readerLabel} schema has no default value and is missing in the {writerLabel} schema",
    };

    /// <summary>Confluent's message for this incompatibility: <c>{errorType:'…', description:'…', additionalInfo:'…'}</c>.</summary>
    public string ToConfluentString(string readerLabel, string writerLabel) =>
        $"{{errorType:'{ErrorType}', description:'{Describe(readerLabel, writerLabel)}', additionalInfo:'{Message}'}}";

    public override string ToString() => $"{ErrorType} at {Location}: {Message}";

    private static string FormatLocation(IReadOnlyList<string> location)
    {
        // The first entry is the root token; the rest are JSON pointer segments.
        return "/" + string.Join('/', location.Skip(1).Select(c => c.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
    }
}

/// <summary>The outcome of <see cref="AvroCompatibility.Check"/>.</summary>
public sealed class AvroCompatibilityResult
{
    internal AvroCompatibilityResult(IReadOnlyList<AvroIncompatibility> incompatibilities, string? failure)
    {
        Incompatibilities = incompatibilities;
        Failure = failure;
    }

    public bool IsCompatible => Failure is null && Incompatibilities.Count == 0;

    public IReadOnlyList<AvroIncompatibility> Incompatibilities { get; }

    /// <summary>
    /// Set when Avro-Java's checker would throw (a reader field whose name and aliases match several writer fields);
    /// Confluent then reports "Unexpected exception during compatibility check: …" and treats the pair as incompatible.
    /// </summary>
    public string? Failure { get; }

    /// <summary>The messages Confluent's <c>AvroSchema.isBackwardCompatible</c> returns, labels filled in.</summary>
    public IReadOnlyList<string> ToConfluentMessages(string readerLabel, string writerLabel) => Failure is not null
        ? [$"Unexpected exception during compatibility check: {Failure}"]
        : [.. Incompatibilities.Select(i => i.ToConfluentString(readerLabel, writerLabel))];
}

/// <summary>
/// Avro-Java 1.11's <c>SchemaCompatibility.checkReaderWriterCompatibility</c>, the check Confluent 7.x runs for Avro
/// (registry research §3.2), rule for rule and with its quirks: logical types, docs, orders and default values are
/// ignored; named types match on their simple names or a reader alias equal to the writer's full name; every branch
/// of a writer union must be readable; incompatibilities found inside a union branch are located from the root
/// (the 1.11 behaviour; 1.12 prefixes the branch index); a missing reader field whose type is an enum with a
/// default is compared with the writer record itself.
/// </summary>
public static class AvroCompatibility
{
    /// <summary>Can <paramref name="reader"/> read data written with <paramref name="writer"/>?</summary>
    public static AvroCompatibilityResult Check(AvroSchema reader, AvroSchema writer)
    {
        var checker = new Checker();
        try
        {
            var result = checker.GetCompatibility(reader, writer);
            return new AvroCompatibilityResult(result.Incompatibilities, null);
        }
        catch (AmbiguousFieldException e)
        {
            return new AvroCompatibilityResult([], e.Message);
        }
    }

    private sealed class AmbiguousFieldException(string message) : Exception(message);

    private sealed class Result
    {
        public static readonly Result Compatible = new([]);
        public static readonly Result InProgress = new([]);

        public Result(IReadOnlyList<AvroIncompatibility> incompatibilities) => Incompatibilities = incompatibilities;

        public IReadOnlyList<AvroIncompatibility> Incompatibilities { get; }

        public bool IsCompatible => Incompatibilities.Count == 0;

        public Result Merge(Result other) => other.Incompatibilities.Count == 0
            ? this
            : Incompatibilities.Count == 0 ? other : new Result([.. Incompatibilities, .. other.Incompatibilities]);
    }

    private sealed class Checker
    {
        private readonly Dictionary<(AvroSchema Reader, AvroSchema Writer), Result> _memo = new(PairComparer.Instance);

        public Result GetCompatibility(AvroSchema reader, AvroSchema writer) => GetCompatibility("", reader, writer, []);

        private Result GetCompatibility(string token, AvroSchema reader, AvroSchema writer, List<string> location)
        {
            location.Add(token);
            Result result;
            if (_memo.TryGetValue((reader, writer), out var known))
            {
                // A pair met again while it is being checked: compatible unless proven otherwise elsewhere.
                result = ReferenceEquals(known, Result.InProgress) ? Result.Compatible : known;
            }
            else
            {
                _memo[(reader, writer)] = Result.InProgress;
                result = Calculate(reader, writer, location);
                _memo[(reader, writer)] = result;
            }
            location.RemoveAt(location.Count - 1);
            return result;
        }

        private Result Calculate(AvroSchema reader, AvroSchema writer, List<string> location)
        {
            if (reader.Type == writer.Type)
            {
                switch (reader.Type)
                {
                    case AvroType.Array:
                        return GetCompatibility("items", ((AvroArraySchema)reader).Items, ((AvroArraySchema)writer).Items, location);
                    case AvroType.Map:
                        return GetCompatibility("values", ((AvroMapSchema)reader).Values, ((AvroMapSchema)writer).Values, location);
                    case AvroType.Fixed:
                        return CheckNames(reader, writer, location).Merge(CheckFixedSize((AvroFixedSchema)reader, (AvroFixedSchema)writer, location));
                    case AvroType.Enum:
                        return CheckNames(reader, writer, location).Merge(CheckEnumSymbols((AvroEnumSchema)reader, (AvroEnumSchema)writer, location));
                    case AvroType.Record:
                        return CheckNames(reader, writer, location).Merge(CheckFields((AvroRecordSchema)reader, (AvroRecordSchema)writer, location));
                    case AvroType.Union:
                        var result = Result.Compatible;
                        var writerBranches = ((AvroUnionSchema)writer).Branches;
                        for (var i = 0; i < writerBranches.Count; i++)
                        {
                            location.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                            if (!GetCompatibility(reader, writerBranches[i]).IsCompatible)
                            {
                                result = result.Merge(Incompatible(AvroIncompatibilityType.MissingUnionBranch, reader, writer,
                                    $"reader union lacking writer type: {writerBranches[i].Type.JavaConstantName()}", location));
                            }
                            location.RemoveAt(location.Count - 1);
                        }
                        return result;
                    default:
                        return Result.Compatible;
                }
            }

            if (writer is AvroUnionSchema writerUnion)
            {
                // Avro-Java 1.11 checks each branch from a fresh root location.
                var result = Result.Compatible;
                foreach (var branch in writerUnion.Branches)
                {
                    result = result.Merge(GetCompatibility(reader, branch));
                }
                return result;
            }

            switch (reader.Type)
            {
                case AvroType.Long:
                    return writer.Type == AvroType.Int ? Result.Compatible : TypeMismatch(reader, writer, location);
                case AvroType.Float:
                    return writer.Type is AvroType.Int or AvroType.Long ? Result.Compatible : TypeMismatch(reader, writer, location);
                case AvroType.Double:
                    return writer.Type is AvroType.Int or AvroType.Long or AvroType.Float ? Result.Compatible : TypeMismatch(reader, writer, location);
                case AvroType.Bytes:
                    return writer.Type == AvroType.String ? Result.Compatible : TypeMismatch(reader, writer, location);
                case AvroType.String:
                    return writer.Type == AvroType.Bytes ? Result.Compatible : TypeMismatch(reader, writer, location);
                case AvroType.Union:
                    foreach (var branch in ((AvroUnionSchema)reader).Branches)
                    {
                        if (GetCompatibility(branch, writer).IsCompatible)
                        {
                            return Result.Compatible;
                        }
                    }
                    return Incompatible(AvroIncompatibilityType.MissingUnionBranch, reader, writer,
                        $"reader union lacking writer type: {writer.Type.JavaConstantName()}", location);
                default:
                    return TypeMismatch(reader, writer, location);
            }
        }

        private Result CheckFields(AvroRecordSchema reader, AvroRecordSchema writer, List<string> location)
        {
            var result = Result.Compatible;
            location.Add("fields");
            foreach (var readerField in reader.FieldArray)
            {
                location.Add(readerField.Position.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var writerField = LookupWriterField(writer, readerField);
                if (writerField is null)
                {
                    if (!readerField.HasDefault)
                    {
                        result = readerField.Schema is AvroEnumSchema { Default: not null }
                            ? result.Merge(GetCompatibility("type", readerField.Schema, writer, location))
                            : result.Merge(Incompatible(AvroIncompatibilityType.ReaderFieldMissingDefaultValue, reader, writer,
                                readerField.Name, location));
                    }
                }
                else
                {
                    result = result.Merge(GetCompatibility("type", readerField.Schema, writerField.Schema, location));
                }
                location.RemoveAt(location.Count - 1);
            }
            location.RemoveAt(location.Count - 1);
            return result;
        }

        /// <summary>Avro-Java's <c>lookupWriterField</c>: the writer field named like the reader field or one of its aliases.</summary>
        private static AvroField? LookupWriterField(AvroRecordSchema writer, AvroField readerField)
        {
            var found = new List<AvroField>();
            if (writer.GetField(readerField.Name) is { } direct)
            {
                found.Add(direct);
            }
            foreach (var alias in readerField.Aliases)
            {
                if (writer.GetField(alias) is { } aliased)
                {
                    found.Add(aliased);
                }
            }
            return found.Count switch
            {
                0 => null,
                1 => found[0],
                _ => throw new AmbiguousFieldException(
                    $"Reader record field {readerField.Name} type:{readerField.Schema.Type.JavaConstantName()} pos:{readerField.Position} matches multiple fields in writer record schema {writer.ToCanonicalString()}"),
            };
        }

        private static Result CheckEnumSymbols(AvroEnumSchema reader, AvroEnumSchema writer, List<string> location)
        {
            location.Add("symbols");
            var missing = writer.Symbols.Where(s => reader.IndexOf(s) < 0).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
            var result = missing.Count == 0 || (reader.Default is not null && reader.IndexOf(reader.Default) >= 0)
                ? Result.Compatible
                : Incompatible(AvroIncompatibilityType.MissingEnumSymbols, reader, writer, $"[{string.Join(", ", missing)}]", location);
            location.RemoveAt(location.Count - 1);
            return result;
        }

        private static Result CheckFixedSize(AvroFixedSchema reader, AvroFixedSchema writer, List<string> location)
        {
            location.Add("size");
            var result = reader.Size == writer.Size
                ? Result.Compatible
                : Incompatible(AvroIncompatibilityType.FixedSizeMismatch, reader, writer, $"expected: {writer.Size}, found: {reader.Size}", location);
            location.RemoveAt(location.Count - 1);
            return result;
        }

        private static Result CheckNames(AvroSchema reader, AvroSchema writer, List<string> location)
        {
            location.Add("name");
            var result = NamesMatch((AvroNamedSchema)reader, (AvroNamedSchema)writer)
                ? Result.Compatible
                : Incompatible(AvroIncompatibilityType.NameMismatch, reader, writer, $"expected: {writer.FullName}", location);
            location.RemoveAt(location.Count - 1);
            return result;
        }

        /// <summary>Avro-Java's <c>schemaNameEquals</c>: equal simple names, or a reader alias equal to the writer's full name.</summary>
        private static bool NamesMatch(AvroNamedSchema reader, AvroNamedSchema writer) =>
            reader.Name == writer.Name || reader.AliasNames.Any(a => a.Full == writer.FullName);

        private static Result TypeMismatch(AvroSchema reader, AvroSchema writer, List<string> location) =>
            Incompatible(AvroIncompatibilityType.TypeMismatch, reader, writer,
                $"reader type: {reader.Type.JavaConstantName()} not compatible with writer type: {writer.Type.JavaConstantName()}", location);

        private static Result Incompatible(AvroIncompatibilityType type, AvroSchema reader, AvroSchema writer, string message, List<string> location) =>
            new([new AvroIncompatibility(type, reader, writer, message, [.. location])]);
    }

    private sealed class PairComparer : IEqualityComparer<(AvroSchema Reader, AvroSchema Writer)>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals((AvroSchema Reader, AvroSchema Writer) x, (AvroSchema Reader, AvroSchema Writer) y) =>
            ReferenceEquals(x.Reader, y.Reader) && ReferenceEquals(x.Writer, y.Writer);

        public int GetHashCode((AvroSchema Reader, AvroSchema Writer) obj) =>
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Reader) ^ System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Writer);
    }
}
