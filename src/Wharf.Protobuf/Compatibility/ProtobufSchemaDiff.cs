using System.Globalization;
using Wharf.Protobuf.Model;
using Wharf.Protobuf.Parsing;
using Wharf.Protobuf.Schema;
using static Wharf.Protobuf.Compatibility.ProtobufDifferenceType;

namespace Wharf.Protobuf.Compatibility;

/// <summary>
/// Confluent's Protobuf diff (protobuf-provider <c>diff/SchemaDiff</c>, <c>MessageSchemaDiff</c>,
/// <c>FieldSchemaDiff</c>, <c>EnumSchemaDiff</c>): messages and enums matched by name, fields by number, scalar
/// types compared by wire-compatible group, message-typed fields compared recursively.
/// </summary>
internal static class ProtobufSchemaDiff
{
    private enum Kind
    {
        Scalar,
        Map,
        Message,
    }

    /// <summary>Scalar types that may replace each other on the wire (enums count as general numbers).</summary>
    private enum ScalarGroup
    {
        GeneralNumber,
        SignedNumber,
        StringOrBytes,
        Fixed32,
        Fixed64,
        Float,
        Double,
    }

    public static List<ProtobufDifference> Compare(ProtobufDiffContext ctx, ProtoFile original, ProtoFile update)
    {
        if (original.Package != update.Package)
        {
            ctx.Add(PackageChanged);
        }
        CompareTypes(ctx, original.Types, update.Types);
        return ctx.Differences;
    }

    private static void CompareTypes(ProtobufDiffContext ctx, List<TypeElement> original, List<TypeElement> update)
    {
        var originalMessages = Messages(original);
        var updateMessages = Messages(update);
        foreach (var name in originalMessages.Keys.Union(updateMessages.Keys, StringComparer.Ordinal).ToList())
        {
            ctx.EnterName(name);
            var before = originalMessages.GetValueOrDefault(name);
            var after = updateMessages.GetValueOrDefault(name);
            if (after.Message is null)
            {
                ctx.Add(MessageRemoved);
            }
            else if (before.Message is null)
            {
                ctx.Add(MessageAdded);
            }
            else
            {
                CompareMessages(ctx, before.Message, after.Message);
                // The message's position among its siblings is part of its message index on the wire.
                if (before.Index != after.Index)
                {
                    ctx.Add(MessageMoved);
                }
            }
            ctx.LeaveName();
        }
        var originalEnums = original.OfType<EnumElement>().ToDictionary(e => e.Name, StringComparer.Ordinal);
        var updateEnums = update.OfType<EnumElement>().ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (var name in originalEnums.Keys.Union(updateEnums.Keys, StringComparer.Ordinal).ToList())
        {
            ctx.EnterName(name);
            var before = originalEnums.GetValueOrDefault(name);
            var after = updateEnums.GetValueOrDefault(name);
            if (after is null)
            {
                ctx.Add(EnumRemoved);
            }
            else if (before is null)
            {
                ctx.Add(EnumAdded);
            }
            else
            {
                CompareEnums(ctx, before, after);
            }
            ctx.LeaveName();
        }
    }

    private static Dictionary<string, (MessageElement? Message, int Index)> Messages(List<TypeElement> types)
    {
        var result = new Dictionary<string, (MessageElement?, int)>(StringComparer.Ordinal);
        var index = 0;
        foreach (var message in types.OfType<MessageElement>())
        {
            result[message.Name] = (message, index++);
        }
        return result;
    }

    private static void CompareEnums(ProtobufDiffContext ctx, EnumElement original, EnumElement update)
    {
        var before = new Dictionary<int, string>();
        foreach (var constant in original.Constants)
        {
            before[constant.Tag] = constant.Name;
        }
        var after = new Dictionary<int, string>();
        foreach (var constant in update.Constants)
        {
            after[constant.Tag] = constant.Name;
        }
        foreach (var tag in before.Keys.Union(after.Keys).Order())
        {
            ctx.EnterPath(tag.ToString(CultureInfo.InvariantCulture));
            if (!after.TryGetValue(tag, out var updateName))
            {
                ctx.Add(EnumConstRemoved);
            }
            else if (!before.TryGetValue(tag, out var originalName))
            {
                ctx.Add(EnumConstAdded);
            }
            else if (originalName != updateName)
            {
                ctx.Add(EnumConstChanged);
            }
            ctx.LeavePath();
        }
    }

    private static void CompareMessages(ProtobufDiffContext ctx, MessageElement original, MessageElement update)
    {
        if (ctx.TryEnterMessage(original))
        {
            try
            {
                CompareFields(ctx, original, update);
            }
            finally
            {
                ctx.LeaveMessage(original);
            }
        }
        CompareTypes(ctx, original.NestedTypes, update.NestedTypes);
    }

    private static void CompareFields(ProtobufDiffContext ctx, MessageElement original, MessageElement update)
    {
        var (originalByTag, originalOneOfOf, originalOneOfs) = Collect(original);
        var (updateByTag, updateOneOfOf, updateOneOfs) = Collect(update);

        // A oneof dropped with all its members is reported once, as ONEOF_REMOVED, not per member.
        var deletedOneOfs = originalOneOfs
            .Where(o => !updateOneOfs.ContainsKey(o.Key) && o.Value.Fields.TrueForAll(f => !updateByTag.ContainsKey(f.Tag)))
            .Select(o => o.Key)
            .ToHashSet(StringComparer.Ordinal);

        foreach (var oneOf in update.OneOfs)
        {
            ctx.EnterPath(oneOf.Name);
            var origins = new HashSet<string>(StringComparer.Ordinal);
            var movedFromTopLevel = 0;
            foreach (var field in oneOf.Fields)
            {
                if (originalOneOfOf.TryGetValue(field.Tag, out var from))
                {
                    origins.Add("oneof:" + from);
                }
                else if (originalByTag.ContainsKey(field.Tag))
                {
                    origins.Add("field:" + field.Tag.ToString(CultureInfo.InvariantCulture));
                    movedFromTopLevel++;
                }
            }
            if (origins.Count > 1)
            {
                ctx.Add(movedFromTopLevel > 1 ? MultipleFieldsMovedToOneof : FieldMovedToExistingOneof);
            }
            ctx.LeavePath();
        }
        foreach (var name in originalOneOfs.Keys.Union(updateOneOfs.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            ctx.EnterPath(name);
            if (!updateOneOfs.ContainsKey(name))
            {
                ctx.Add(OneofRemoved);
            }
            else if (!originalOneOfs.ContainsKey(name))
            {
                ctx.Add(OneofAdded);
            }
            ctx.LeavePath();
        }
        foreach (var tag in originalByTag.Keys.Union(updateByTag.Keys).Order())
        {
            var tagText = tag.ToString(CultureInfo.InvariantCulture);
            var originalField = originalByTag.GetValueOrDefault(tag);
            var updateField = updateByTag.GetValueOrDefault(tag);
            var originalOneOf = originalOneOfOf.GetValueOrDefault(tag);
            var updateOneOf = updateOneOfOf.GetValueOrDefault(tag);
            if (updateField is null)
            {
                if (originalOneOf is not null)
                {
                    if (!deletedOneOfs.Contains(originalOneOf))
                    {
                        AddAt(ctx, OneofFieldRemoved, originalOneOf, tagText);
                    }
                }
                else
                {
                    AddAt(ctx, originalField!.Label == FieldLabel.Required ? RequiredFieldRemoved : FieldRemoved, tagText);
                }
            }
            else if (originalField is null)
            {
                if (updateOneOf is not null)
                {
                    AddAt(ctx, OneofFieldAdded, updateOneOf, tagText);
                }
                else
                {
                    AddAt(ctx, updateField.Label == FieldLabel.Required ? RequiredFieldAdded : FieldAdded, tagText);
                }
            }
            else
            {
                if (originalOneOf is not null && updateOneOf is null)
                {
                    AddAt(ctx, OneofFieldMovedToTopLevel, tagText);
                }
                if (updateOneOf is not null)
                {
                    ctx.EnterPath(updateOneOf);
                }
                ctx.EnterPath(tagText);
                CompareField(ctx, originalField, updateField);
                ctx.LeavePath();
                if (updateOneOf is not null)
                {
                    ctx.LeavePath();
                }
            }
        }
    }

    private static (Dictionary<int, FieldElement> ByTag, Dictionary<int, string> OneOfOf, Dictionary<string, OneOfElement> OneOfs)
        Collect(MessageElement message)
    {
        var byTag = new Dictionary<int, FieldElement>();
        var oneOfOf = new Dictionary<int, string>();
        var oneOfs = new Dictionary<string, OneOfElement>(StringComparer.Ordinal);
        foreach (var field in message.Fields)
        {
            byTag[field.Tag] = field;
        }
        foreach (var oneOf in message.OneOfs)
        {
            oneOfs[oneOf.Name] = oneOf;
            foreach (var field in oneOf.Fields)
            {
                byTag[field.Tag] = field;
                oneOfOf[field.Tag] = oneOf.Name;
            }
        }
        return (byTag, oneOfOf, oneOfs);
    }

    private static void AddAt(ProtobufDiffContext ctx, ProtobufDifferenceType type, params string[] segments)
    {
        foreach (var segment in segments)
        {
            ctx.EnterPath(segment);
        }
        ctx.Add(type);
        foreach (var _ in segments)
        {
            ctx.LeavePath();
        }
    }

    private static void CompareField(ProtobufDiffContext ctx, FieldElement original, FieldElement update)
    {
        if (original.Name != update.Name)
        {
            ctx.Add(FieldNameChanged);
        }
        CompareLabelsAndTypes(ctx, original.Label, update.Label, original.Type, update.Type);
    }

    private static void CompareLabelsAndTypes(
        ProtobufDiffContext ctx, FieldLabel? originalLabel, FieldLabel? updateLabel, string originalType, string updateType)
    {
        var originalKind = KindOf(ctx, originalType, original: true);
        var updateKind = KindOf(ctx, updateType, original: false);
        if (originalKind != updateKind)
        {
            ctx.Add(FieldKindChanged);
            return;
        }
        switch (originalKind)
        {
            case Kind.Scalar:
                var originalGroup = GroupOf(originalType);
                if (originalGroup != GroupOf(updateType))
                {
                    ctx.Add(FieldScalarKindChanged);
                }
                else if (originalLabel is not null && updateLabel is not null && originalLabel != updateLabel)
                {
                    // Only a label change both sides spell out counts (proto3's implicit singular label does not).
                    ctx.Add(originalGroup == ScalarGroup.StringOrBytes ? FieldStringOrBytesLabelChanged : FieldNumericLabelChanged);
                }
                break;
            case Kind.Message:
                CompareMessageTypes(ctx, originalType, updateType);
                break;
            case Kind.Map:
                var (originalKey, originalValue) = Linker.MapTypes(originalType);
                var (updateKey, updateValue) = Linker.MapTypes(updateType);
                CompareLabelsAndTypes(ctx, null, null, originalKey!, updateKey!);
                CompareLabelsAndTypes(ctx, null, null, originalValue!, updateValue!);
                break;
        }
    }

    private static Kind KindOf(ProtobufDiffContext ctx, string type, bool original)
    {
        if (ProtoParser.IsScalar(type))
        {
            return Kind.Scalar;
        }
        if (type.StartsWith("map<", StringComparison.Ordinal))
        {
            return Kind.Map;
        }
        return ctx.GetType(type, original) is { IsEnum: true } ? Kind.Scalar : Kind.Message;
    }

    private static ScalarGroup GroupOf(string type) => type switch
    {
        "int32" or "int64" or "uint32" or "uint64" or "bool" => ScalarGroup.GeneralNumber,
        "sint32" or "sint64" => ScalarGroup.SignedNumber,
        "string" or "bytes" => ScalarGroup.StringOrBytes,
        "fixed32" or "sfixed32" => ScalarGroup.Fixed32,
        "fixed64" or "sfixed64" => ScalarGroup.Fixed64,
        "float" => ScalarGroup.Float,
        "double" => ScalarGroup.Double,
        // Only enums reach here (KindOf said scalar): they travel as varints.
        _ => ScalarGroup.GeneralNumber,
    };

    private static void CompareMessageTypes(ProtobufDiffContext ctx, string originalType, string updateType)
    {
        var before = ctx.GetType(originalType, original: true);
        var after = ctx.GetType(updateType, original: false);
        if (before is null || after is null)
        {
            if (originalType != updateType)
            {
                ctx.Add(FieldNamedTypeChanged);
            }
            return;
        }
        var originalLocal = LocalName(before);
        if (originalLocal != LocalName(after))
        {
            ctx.Add(FieldNamedTypeChanged);
            return;
        }
        // Same name: the referenced messages themselves must be compatible.
        var sub = ctx.Subcontext(before.Package, after.Package, originalLocal);
        CompareMessages(sub, (MessageElement)before.Element, (MessageElement)after.Element);
        ctx.Differences.AddRange(sub.Differences);
        if (!sub.IsCompatible)
        {
            ctx.Add(FieldNamedTypeChanged);
        }
    }

    private static string LocalName(TypeSymbol symbol) =>
        symbol.Package.Length > 0 && symbol.FullName.StartsWith(symbol.Package + ".", StringComparison.Ordinal)
            ? symbol.FullName[(symbol.Package.Length + 1)..]
            : symbol.FullName;
}
