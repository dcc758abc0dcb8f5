using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Api.Records;
using Wharf.SchemaRegistry.Client;

namespace Wharf.Connect.Converters;

/// <summary>
/// What Confluent's AvroConverter, JsonSchemaConverter and ProtobufConverter share (their serializers'
/// AbstractKafkaSchemaSerDeConfig): a Schema Registry at <c>schema.registry.url</c> (with <c>basic.auth.*</c>),
/// the subject named by <c>key.subject.name.strategy</c>/<c>value.subject.name.strategy</c> (TopicNameStrategy:
/// <c>{topic}-key</c>/<c>{topic}-value</c>), schemas registered when new (<c>auto.register.schemas</c>) or only looked
/// up, or the subject's latest version used (<c>use.latest.version</c>); records framed in Confluent's wire format.
/// A format supplies its schema conversion and payload codec. Converters are synchronous (Apache's interface), so a
/// registry call blocks the calling task thread; its answers are cached, so it happens once per schema.
/// </summary>
public abstract class SchemaRegistryConverter<TSchema> : IConverter, IDisposable
    where TSchema : class
{
    public const string SchemaRegistryUrlConfig = "schema.registry.url";
    public const string AutoRegisterSchemasConfig = "auto.register.schemas";
    public const string UseLatestVersionConfig = "use.latest.version";
    public const string KeySubjectNameStrategyConfig = "key.subject.name.strategy";
    public const string ValueSubjectNameStrategyConfig = "value.subject.name.strategy";
    public const string BasicAuthCredentialsSourceConfig = "basic.auth.credentials.source";
    public const string BasicAuthUserInfoConfig = "basic.auth.user.info";
    public const string SchemasCacheConfig = "schemas.cache.config";

    private const string StrategyPackage = "io.confluent.kafka.serializers.subject.";

    private readonly Dictionary<int, (TSchema Schema, int? Version)> _byId = [];
    private readonly Lock _lock = new();
    private SchemaRegistryClient? _registry;
    private bool _isKey;
    private bool _autoRegister = true;
    private bool _useLatestVersion;
    private string _strategy = "TopicNameStrategy";
    private BoundedCache<(string Subject, Schema Schema), (int Id, TSchema Schema)>? _written;

    /// <summary>The converter's own keys after the shared ones.</summary>
    protected abstract ConfigDef FormatConfig { get; }

    /// <summary>The registry's schemaType ("AVRO", "JSON", "PROTOBUF").</summary>
    protected abstract string SchemaType { get; }

    /// <summary>The format in the original's messages ("Avro", "JSON", "Protobuf").</summary>
    protected abstract string DisplayName { get; }

    /// <summary>Configuration as parsed by <see cref="Config"/>.</summary>
    protected ParsedConfig? Settings { get; private set; }

    public ConfigDef Config => _config ??= Combined(SharedDefinition, FormatConfig);

    private ConfigDef? _config;

    private static ConfigDef Combined(ConfigDef shared, ConfigDef own)
    {
        var combined = new ConfigDef(shared);
        foreach (var key in own.Keys.Values)
        {
            combined.Define(key);
        }

        return combined;
    }

    private static readonly ConfigDef SharedDefinition = new ConfigDef()
        .DefineRequired(SchemaRegistryUrlConfig, ConfigType.List, null, Importance.High, "Comma-separated list of URLs for Schema Registry instances that can be used to register or look up schemas.")
        .Define(AutoRegisterSchemasConfig, ConfigType.Boolean, true, Importance.Medium, "Specify if the Serializer should attempt to register the Schema with Schema Registry")
        .Define(UseLatestVersionConfig, ConfigType.Boolean, false, Importance.Low, "Specify if the Serializer should use the latest subject version for serialization")
        .Define(KeySubjectNameStrategyConfig, ConfigType.Class, StrategyPackage + "TopicNameStrategy", SubjectNameStrategyValidator, Importance.Medium, "Determines how to construct the subject name under which the key schema is registered with the schema registry. By default, <topic>-key is used as subject.")
        .Define(ValueSubjectNameStrategyConfig, ConfigType.Class, StrategyPackage + "TopicNameStrategy", SubjectNameStrategyValidator, Importance.Medium, "Determines how to construct the subject name under which the value schema is registered with the schema registry. By default, <topic>-value is used as subject.")
        .Define(BasicAuthCredentialsSourceConfig, ConfigType.String, "URL", ConfigValidators.OneOf("URL", "USER_INFO"), Importance.Medium, "Specify how to pick the credentials for Basic Auth header. The supported values are URL and USER_INFO")
        .Define(BasicAuthUserInfoConfig, ConfigType.Password, string.Empty, Importance.Medium, "Specify the user info for Basic Auth in the form of {username}:{password}")
        .Define(SchemasCacheConfig, ConfigType.Int, 1000, ConfigValidators.AtLeast(0), Importance.Low, "Size of the converted schemas cache");

    private static IConfigValidator SubjectNameStrategyValidator => ConfigValidators.From(
        (name, value) => value is string s && StrategyName(s) is null ? "Unknown subject name strategy " + s : null,
        "one of TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy");

    public void Configure(IReadOnlyDictionary<string, string> configs, bool isKey)
    {
        var settings = new ParsedConfig(Config, configs);
        Settings = settings;
        _isKey = isKey;
        _autoRegister = settings.GetBoolean(AutoRegisterSchemasConfig);
        _useLatestVersion = settings.GetBoolean(UseLatestVersionConfig);
        _strategy = StrategyName(settings.GetString(isKey ? KeySubjectNameStrategyConfig : ValueSubjectNameStrategyConfig)!)!;
        _written = new BoundedCache<(string, Schema), (int, TSchema)>(settings.GetInt(SchemasCacheConfig));

        IReadOnlyList<Uri> urls;
        try
        {
            urls = SchemaRegistryClient.ParseUrls(string.Join(',', settings.GetList(SchemaRegistryUrlConfig)));
        }
        catch (FormatException exception)
        {
            throw new ConfigException(SchemaRegistryUrlConfig, configs.GetValueOrDefault(SchemaRegistryUrlConfig), exception.Message);
        }

        var userInfo = settings.GetString(BasicAuthCredentialsSourceConfig) == "USER_INFO"
            ? settings.GetString(BasicAuthUserInfoConfig)
            : urls.Select(u => Uri.UnescapeDataString(u.UserInfo)).FirstOrDefault(u => u.Length > 0);
        _registry?.Dispose();
        _registry = new SchemaRegistryClient(urls, string.IsNullOrEmpty(userInfo) ? null : new BasicAuthHandler(userInfo));
        ConfigureFormat(settings, isKey);
    }

    /// <summary>Reads the format's own settings.</summary>
    protected abstract void ConfigureFormat(ParsedConfig settings, bool isKey);

    /// <summary>The registry schema of a Connect schema (cached by the caller).</summary>
    protected abstract TSchema FromConnectSchema(Schema schema);

    /// <summary>The schema text registered (the format's canonical form).</summary>
    protected abstract string SchemaText(TSchema schema);

    /// <summary>Parses a schema the registry holds.</summary>
    protected abstract TSchema ParseSchema(string text);

    /// <summary>The fully-qualified record name, for RecordNameStrategy and TopicRecordNameStrategy.</summary>
    protected abstract string? RecordName(TSchema schema);

    /// <summary>Writes the payload (what follows the magic byte and schema id) of a Connect value.</summary>
    protected abstract void Encode(TSchema schema, Schema connectSchema, object? value, IBufferWriter<byte> payload);

    /// <summary>Reads a payload written with <paramref name="schema"/>; <paramref name="version"/> is the schema's version under the subject, when known.</summary>
    protected abstract SchemaAndValue Decode(TSchema schema, int? version, ReadOnlySpan<byte> payload);

    public byte[]? FromConnectData(string topic, ConnectHeaders headers, Schema? schema, object? value)
    {
        if (schema is null && value is null)
        {
            return null;
        }

        if (schema is null)
        {
            throw new DataException("Failed to serialize " + DisplayName + " data from topic " + topic + ": a value without a schema cannot be written by this converter");
        }

        if (value is null && schema.DefaultValue is null)
        {
            return null;
        }

        var registry = Registry;
        try
        {
            var (id, registrySchema) = Written(registry, topic, schema);
            var buffer = new ArrayBufferWriter<byte>();
            Encode(registrySchema, schema, value, buffer);
            var framed = ConfluentWireFormat.Allocate(id, buffer.WrittenCount);
            buffer.WrittenSpan.CopyTo(framed.AsSpan(ConfluentWireFormat.HeaderLength));
            return framed;
        }
        catch (SchemaRegistryException exception)
        {
            throw new DataException("Failed to access " + DisplayName + " data from topic " + topic + " : " + exception.Message, exception);
        }
        catch (DataException exception)
        {
            throw new DataException("Failed to serialize " + DisplayName + " data from topic " + topic + " :", exception);
        }
    }

    public SchemaAndValue ToConnectData(string topic, ConnectHeaders headers, byte[]? value)
    {
        if (value is null)
        {
            return SchemaAndValue.Null;
        }

        if (!ConfluentWireFormat.TryRead(value, out var id, out _))
        {
            throw new DataException("Failed to deserialize data for topic " + topic + " to " + DisplayName + ": Unknown magic byte!");
        }

        var registry = Registry;
        try
        {
            var (schema, version) = Read(registry, topic, id);
            ConfluentWireFormat.TryRead(value, out _, out var payload);
            return Decode(schema, version, payload);
        }
        catch (SchemaRegistryException exception)
        {
            throw new DataException("Failed to access " + DisplayName + " data from topic " + topic + " : " + exception.Message, exception);
        }
        catch (DataException exception)
        {
            throw new DataException("Failed to deserialize data for topic " + topic + " to " + DisplayName + ": " + exception.Message, exception);
        }
    }

    public void Dispose()
    {
        _registry?.Dispose();
        GC.SuppressFinalize(this);
    }

    private SchemaRegistryClient Registry => _registry ?? throw new InvalidOperationException("The converter is used before it was configured.");

    private (int Id, TSchema Schema) Written(SchemaRegistryClient registry, string topic, Schema schema)
    {
        var derived = FromConnectSchema(schema);
        var subject = Subject(topic, derived);
        return _written!.GetOrAdd((subject, schema), _ =>
        {
            if (_useLatestVersion)
            {
                var (latest, _) = Wait(registry.GetLatestAsync(subject, CancellationToken.None));
                return (latest.Id, ParseSchema(latest.Schema));
            }

            var text = SchemaText(derived);
            var id = _autoRegister
                ? Wait(registry.GetOrRegisterAsync(subject, SchemaType, text, CancellationToken.None))
                : Wait(registry.LookupAsync(subject, SchemaType, text, CancellationToken.None)).Id;
            return (id, derived);
        });
    }

    private (TSchema Schema, int? Version) Read(SchemaRegistryClient registry, string topic, int id)
    {
        lock (_lock)
        {
            if (_byId.TryGetValue(id, out var known))
            {
                return known;
            }
        }

        var registered = Wait(registry.GetByIdAsync(id, CancellationToken.None));
        if (registered.SchemaType != SchemaType)
        {
            throw new DataException("Schema " + id.ToString(CultureInfo.InvariantCulture) + " is a " + registered.SchemaType + " schema, not " + SchemaType);
        }

        var schema = ParseSchema(registered.Schema);

        // As Confluent's deserializer does for Connect: the schema's version under the record's subject becomes the
        // Connect schema version (unless the schema carries its own); a subject that does not hold it leaves none.
        int? version;
        try
        {
            version = Wait(registry.LookupAsync(Subject(topic, schema), SchemaType, registered.Schema, CancellationToken.None)).Version;
        }
        catch (SchemaRegistryException exception) when (exception.IsNotFound)
        {
            version = null;
        }

        lock (_lock)
        {
            _byId[id] = (schema, version);
        }

        return (schema, version);
    }

    private string Subject(string topic, TSchema schema) => _strategy switch
    {
        "RecordNameStrategy" => RecordName(schema) ?? throw new DataException("RecordNameStrategy needs a named record schema"),
        "TopicRecordNameStrategy" => topic + "-" + (RecordName(schema) ?? throw new DataException("TopicRecordNameStrategy needs a named record schema")),
        _ => topic + (_isKey ? "-key" : "-value"),
    };

    private static string? StrategyName(string className)
    {
        var simple = className[(className.LastIndexOf('.') + 1)..];
        return simple is "TopicNameStrategy" or "RecordNameStrategy" or "TopicRecordNameStrategy" ? simple : null;
    }

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    /// <summary>Adds the Basic Auth header of basic.auth.user.info (or the URL's user info) to every registry request.</summary>
    private sealed class BasicAuthHandler(string userInfo) : DelegatingHandler(new HttpClientHandler())
    {
        private readonly AuthenticationHeaderValue _header = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = _header;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
