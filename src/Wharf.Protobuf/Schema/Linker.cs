using System.Diagnostics.CodeAnalysis;
using System.Text;
using Wharf.Protobuf.Model;
using Wharf.Protobuf.Parsing;
using Wharf.Protobuf.WellKnown;

namespace Wharf.Protobuf.Schema;

/// <summary>
/// Loads a file's imports (schema references first, then the well-known files), registers every message, enum
/// and extension field by full name, checks what Confluent refuses (unknown types, duplicate field numbers and
/// names, numbers in 19000-19999, enum aliases without allow_alias) and builds the descriptors. Like Wire, and
/// so Confluent, it accepts what protoc would refuse but Confluent registers: fields on reserved numbers or
/// names, and proto3 enums whose first value is not 0.
/// </summary>
internal sealed class Linker
{
    /// <summary>Import chains longer than this are refused (each hop is another parse).</summary>
    public const int MaxImportDepth = 32;

    private const string DescriptorFile = "google/protobuf/descriptor.proto";
    private const int FirstReservedImplementationNumber = 19_000;
    private const int LastReservedImplementationNumber = 19_999;

    private readonly IReadOnlyDictionary<string, string> _references;
    private readonly Dictionary<string, ProtoFile> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeSymbol> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MessageDescriptor> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EnumDescriptor> _enums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExtensionSymbol> _extensions = new(StringComparer.Ordinal);
    private string? _error;

    private Linker(IReadOnlyDictionary<string, string> references) => _references = references;

    public static bool TryLink(
        ProtoFile root, IReadOnlyDictionary<string, string> references, out LinkedTypes types, [NotNullWhen(false)] out string? error)
    {
        var linker = new Linker(references);
        linker._files[""] = root;
        linker.LoadImports(root, "", 0);
        // Like Wire (and so Confluent), descriptor.proto's option messages are known without an import, so
        // "extend google.protobuf.FieldOptions" works in a file that never imported it.
        if (!linker._files.ContainsKey(DescriptorFile))
        {
            linker._files[DescriptorFile] = WellKnownFiles.Parse(DescriptorFile)!;
        }
        foreach (var (name, file) in linker._files)
        {
            linker.Register(file, name);
        }
        foreach (var (name, file) in linker._files)
        {
            linker.Check(file, name);
        }
        if (linker._error is null)
        {
            linker.BuildDescriptors();
        }
        types = new LinkedTypes(linker._symbols, linker._messages, linker._enums, linker._extensions);
        error = linker._error;
        return linker._error is null;
    }

    private void Fail(string fileName, SourceLocation location, string message) =>
        _error ??= (fileName.Length == 0 ? "" : fileName + ":") + location + ": " + message;

    private void LoadImports(ProtoFile file, string fileName, int depth)
    {
        foreach (var import in file.Imports.Concat(file.PublicImports))
        {
            if (_files.ContainsKey(import) || _error is not null)
            {
                continue;
            }
            if (depth >= MaxImportDepth)
            {
                _error ??= "imports nested deeper than " + MaxImportDepth + " files at \"" + import + "\"";
                return;
            }
            ProtoFile? imported;
            if (_references.TryGetValue(import, out var referenced))
            {
                if (!ProtoParser.TryParse(referenced, out imported, out var parseError))
                {
                    _error ??= import + ":" + parseError;
                    return;
                }
            }
            else if ((imported = WellKnownFiles.Parse(import)) is null)
            {
                _error ??= (fileName.Length == 0 ? "" : fileName + ": ")
                    + "import \"" + import + "\" cannot be resolved: no schema reference or well-known file has that name";
                return;
            }
            _files[import] = imported;
            LoadImports(imported, import, depth + 1);
        }
    }

    private void Register(ProtoFile file, string fileName)
    {
        var package = file.Package ?? "";
        foreach (var type in file.Types)
        {
            Register(type, package, package, fileName);
        }
        RegisterExtensions(file.Extends, package);
    }

    /// <summary>Extension fields are named in the scope their <c>extend</c> block sits in, not the extended type's.</summary>
    private void RegisterExtensions(List<ExtendElement> extends, string scope)
    {
        foreach (var field in extends.SelectMany(e => e.Fields))
        {
            _extensions.TryAdd(scope.Length == 0 ? field.Name : scope + "." + field.Name, new ExtensionSymbol(field, scope));
        }
    }

    private void Register(TypeElement type, string scope, string package, string fileName)
    {
        var fullName = scope.Length == 0 ? type.Name : scope + "." + type.Name;
        if (!_symbols.TryAdd(fullName, new TypeSymbol(fullName, package, type, fileName)))
        {
            Fail(fileName, type.Location, fullName + " is already defined");
            return;
        }
        if (type is MessageElement message)
        {
            foreach (var nested in message.NestedTypes)
            {
                Register(nested, fullName, package, fileName);
            }
            RegisterExtensions(message.Extends, fullName);
        }
    }

    /// <summary>
    /// Protobuf scoping: a relative name is looked up in the innermost scope first, then each enclosing one;
    /// a leading dot makes it absolute.
    /// </summary>
    public static T? Resolve<T>(IReadOnlyDictionary<string, T> symbols, string name, string scope)
        where T : class
    {
        if (name.StartsWith('.'))
        {
            return symbols.GetValueOrDefault(name[1..]);
        }
        while (true)
        {
            var candidate = scope.Length == 0 ? name : scope + "." + name;
            if (symbols.TryGetValue(candidate, out var symbol))
            {
                return symbol;
            }
            if (scope.Length == 0)
            {
                return null;
            }
            var dot = scope.LastIndexOf('.');
            scope = dot < 0 ? "" : scope[..dot];
        }
    }

    private void Check(ProtoFile file, string fileName)
    {
        var package = file.Package ?? "";
        foreach (var type in file.Types)
        {
            CheckType(type, package, file, fileName);
        }
        foreach (var extend in file.Extends)
        {
            CheckExtend(extend, package, fileName);
        }
        foreach (var service in file.Services)
        {
            foreach (var rpc in service.Rpcs)
            {
                foreach (var typeName in new[] { rpc.RequestType, rpc.ResponseType })
                {
                    if (Resolve(_symbols, typeName, package) is not { IsEnum: false })
                    {
                        Fail(fileName, rpc.Location, "rpc " + rpc.Name + " uses " + typeName + ", which is not a defined message type");
                    }
                }
            }
        }
    }

    private void CheckExtend(ExtendElement extend, string scope, string fileName)
    {
        foreach (var field in extend.Fields)
        {
            CheckFieldType(field, scope, fileName);
        }
        if (Resolve(_symbols, extend.Name, scope) is not { IsEnum: false })
        {
            Fail(fileName, extend.Fields.FirstOrDefault()?.Location ?? default, "extend names " + extend.Name + ", which is not a defined message type");
        }
    }

    private void CheckType(TypeElement type, string scope, ProtoFile file, string fileName)
    {
        var fullName = scope.Length == 0 ? type.Name : scope + "." + type.Name;
        if (type is EnumElement enumElement)
        {
            CheckEnum(enumElement, fullName, fileName);
            return;
        }
        var message = (MessageElement)type;
        var numbers = new Dictionary<int, string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in AllFields(message))
        {
            if (!numbers.TryAdd(field.Tag, field.Name))
            {
                Fail(fileName, field.Location, "field " + field.Name + " uses number " + field.Tag + ", already used by " + numbers[field.Tag] + " in " + fullName);
            }
            if (!names.Add(field.Name))
            {
                Fail(fileName, field.Location, "field name " + field.Name + " is used twice in " + fullName);
            }
            if (field.Tag is >= FirstReservedImplementationNumber and <= LastReservedImplementationNumber)
            {
                Fail(fileName, field.Location, "field number " + field.Tag + " is reserved for the protobuf implementation (19000 to 19999)");
            }
            if (file.IsProto3 && field.Label == FieldLabel.Required)
            {
                Fail(fileName, field.Location, "required fields are not allowed in proto3");
            }
            CheckFieldType(field, fullName, fileName);
        }
        foreach (var nested in message.NestedTypes)
        {
            CheckType(nested, fullName, file, fileName);
        }
        foreach (var extend in message.Extends)
        {
            CheckExtend(extend, fullName, fileName);
        }
    }

    internal static IEnumerable<FieldElement> AllFields(MessageElement message) =>
        message.Fields.Concat(message.OneOfs.SelectMany(o => o.Fields));

    private void CheckFieldType(FieldElement field, string scope, string fileName)
    {
        var (keyType, valueType) = MapTypes(field.Type);
        var type = field.IsMap ? valueType! : field.Type;
        if (field.IsMap && !ProtoParser.IsScalar(keyType!))
        {
            Fail(fileName, field.Location, "map key type " + keyType + " is not a scalar type");
        }
        if (!ProtoParser.IsScalar(type) && Resolve(_symbols, type, scope) is null)
        {
            Fail(fileName, field.Location, "type " + type + " of field " + field.Name + " is not defined");
        }
    }

    /// <summary>Splits <c>map&lt;K, V&gt;</c>; (null, null) for other types.</summary>
    internal static (string? Key, string? Value) MapTypes(string type)
    {
        if (!type.StartsWith("map<", StringComparison.Ordinal))
        {
            return (null, null);
        }
        var comma = type.IndexOf(',', StringComparison.Ordinal);
        return (type[4..comma].Trim(), type[(comma + 1)..^1].Trim());
    }

    private void CheckEnum(EnumElement element, string fullName, string fileName)
    {
        if (element.Constants.Count == 0)
        {
            Fail(fileName, element.Location, "enum " + fullName + " has no values");
            return;
        }
        var allowAlias = element.Options.Any(o => o is { Name: "allow_alias", Parenthesized: false, Kind: OptionKind.Boolean } && (string)o.Value == "true");
        var numbers = new Dictionary<int, string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var constant in element.Constants)
        {
            if (!names.Add(constant.Name))
            {
                Fail(fileName, element.Location, "enum value " + constant.Name + " is defined twice in " + fullName);
            }
            if (!numbers.TryAdd(constant.Tag, constant.Name) && !allowAlias)
            {
                Fail(fileName, element.Location, "enum value " + constant.Name + " reuses number " + constant.Tag + " of " + numbers[constant.Tag]
                    + " in " + fullName + " (set option allow_alias = true to allow aliases)");
            }
        }
    }

    private void BuildDescriptors()
    {
        foreach (var symbol in _symbols.Values)
        {
            if (symbol.Element is MessageElement message)
            {
                _messages[symbol.FullName] = new MessageDescriptor(symbol.FullName, symbol.Package, message);
            }
            else
            {
                _enums[symbol.FullName] = new EnumDescriptor(symbol.FullName, (EnumElement)symbol.Element);
            }
        }
        foreach (var symbol in _symbols.Values)
        {
            if (symbol.Element is MessageElement message)
            {
                var proto3 = _files[symbol.FileName].IsProto3;
                var descriptor = _messages[symbol.FullName];
                foreach (var field in message.Fields)
                {
                    descriptor.Add(BuildField(field, symbol, proto3, oneOf: null));
                }
                foreach (var oneOf in message.OneOfs)
                {
                    foreach (var field in oneOf.Fields)
                    {
                        descriptor.Add(BuildField(field, symbol, proto3, oneOf.Name));
                    }
                }
            }
        }
    }

    private FieldDescriptor BuildField(FieldElement field, TypeSymbol owner, bool proto3, string? oneOf)
    {
        var jsonName = field.JsonName ?? JsonNameOf(field.Name);
        if (field.IsMap)
        {
            var (keyType, valueType) = MapTypes(field.Type);
            var entry = new MessageDescriptor(owner.FullName + "." + EntryName(field.Name), owner.Package, element: null);
            entry.Add(ScalarOrNamed("key", 1, keyType!, owner.FullName, isRepeated: false, packed: false, oneOf: null, presence: false));
            entry.Add(ScalarOrNamed("value", 2, valueType!, owner.FullName, isRepeated: false, packed: false, oneOf: null, presence: false));
            return new FieldDescriptor
            {
                Name = field.Name, JsonName = jsonName, Number = field.Tag, Type = FieldType.Message,
                IsRepeated = true, MessageType = entry,
            };
        }
        var repeated = field.Label == FieldLabel.Repeated;
        var packedOption = field.Options.FirstOrDefault(o => o is { Name: "packed", Parenthesized: false });
        var packed = repeated && (packedOption is null ? proto3 : (string)packedOption.Value == "true");
        var presence = oneOf is not null || field.Label == FieldLabel.Optional && !repeated || (!proto3 && field.Label == FieldLabel.Required);
        var descriptor = ScalarOrNamed(field.Name, field.Tag, field.Type, owner.FullName, repeated, packed, oneOf, presence);
        return field.JsonName is null
            ? descriptor
            : new FieldDescriptor
            {
                Name = descriptor.Name, JsonName = jsonName, Number = descriptor.Number, Type = descriptor.Type,
                IsRepeated = descriptor.IsRepeated, IsPacked = descriptor.IsPacked, MessageType = descriptor.MessageType,
                EnumType = descriptor.EnumType, OneOf = descriptor.OneOf, HasPresence = descriptor.HasPresence,
            };
    }

    private FieldDescriptor ScalarOrNamed(
        string name, int number, string type, string scope, bool isRepeated, bool packed, string? oneOf, bool presence)
    {
        if (ProtoParser.IsScalar(type))
        {
            return new FieldDescriptor
            {
                Name = name, JsonName = JsonNameOf(name), Number = number, Type = ScalarType(type),
                IsRepeated = isRepeated, IsPacked = packed && type is not ("string" or "bytes"), OneOf = oneOf, HasPresence = presence,
            };
        }
        var symbol = Resolve(_symbols, type, scope)!;
        return symbol.IsEnum
            ? new FieldDescriptor
            {
                Name = name, JsonName = JsonNameOf(name), Number = number, Type = FieldType.Enum, IsRepeated = isRepeated,
                IsPacked = packed, EnumType = _enums[symbol.FullName], OneOf = oneOf, HasPresence = presence,
            }
            : new FieldDescriptor
            {
                Name = name, JsonName = JsonNameOf(name), Number = number, Type = FieldType.Message, IsRepeated = isRepeated,
                MessageType = _messages[symbol.FullName], OneOf = oneOf, HasPresence = !isRepeated,
            };
    }

    private static FieldType ScalarType(string type) => type switch
    {
        "double" => FieldType.Double,
        "float" => FieldType.Float,
        "int64" => FieldType.Int64,
        "uint64" => FieldType.UInt64,
        "int32" => FieldType.Int32,
        "fixed64" => FieldType.Fixed64,
        "fixed32" => FieldType.Fixed32,
        "bool" => FieldType.Bool,
        "string" => FieldType.String,
        "bytes" => FieldType.Bytes,
        "uint32" => FieldType.UInt32,
        "sfixed32" => FieldType.SFixed32,
        "sfixed64" => FieldType.SFixed64,
        "sint32" => FieldType.SInt32,
        _ => FieldType.SInt64,
    };

    /// <summary>protoc's default JSON name: underscores dropped, the letter after each one upper-cased.</summary>
    internal static string JsonNameOf(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upper = false;
        foreach (var c in name)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }
            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return builder.ToString();
    }

    /// <summary>protoc names a map's entry type after the field in CamelCase plus "Entry".</summary>
    private static string EntryName(string fieldName)
    {
        var camel = JsonNameOf(fieldName);
        return char.ToUpperInvariant(camel[0]) + camel[1..] + "Entry";
    }
}

/// <summary>
/// The linked view of a schema: every visible type and extension field by full name, and the descriptors built
/// from the types.
/// </summary>
internal sealed record LinkedTypes(
    IReadOnlyDictionary<string, TypeSymbol> Symbols,
    IReadOnlyDictionary<string, MessageDescriptor> Messages,
    IReadOnlyDictionary<string, EnumDescriptor> Enums,
    IReadOnlyDictionary<string, ExtensionSymbol> Extensions);

/// <summary>An extension field and the scope its type name resolves in (custom options are extension fields).</summary>
internal sealed record ExtensionSymbol(FieldElement Field, string Scope);
