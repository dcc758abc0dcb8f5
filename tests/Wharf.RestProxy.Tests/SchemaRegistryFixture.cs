using Wharf.Testing;

namespace Wharf.RestProxy.Tests;

/// <summary>For the schema formats (avro, jsonschema, protobuf): a Schema Registry and a second proxy pointed at it (schema.registry.url), on the assembly's broker.</summary>
public sealed class SchemaRegistryFixture(RestProxyFixture shared) : IAsyncLifetime
{
    private EmbeddedSchemaRegistry? _registry;
    private EmbeddedRestProxy? _proxy;

    public EmbeddedBroker Broker => shared.Broker;

    public EmbeddedSchemaRegistry Registry => _registry ?? throw new InvalidOperationException("not started");

    public EmbeddedRestProxy Proxy => _proxy ?? throw new InvalidOperationException("not started");

    public HttpClient Http => Proxy.Http;

    public async ValueTask InitializeAsync()
    {
        _registry = await EmbeddedSchemaRegistry.StartAsync(shared.Broker.BootstrapServers);
        await _registry.WaitUntilLeaderAsync();
        _proxy = await EmbeddedRestProxy.StartAsync(shared.Broker.BootstrapServers, new Dictionary<string, string> { ["schema.registry.url"] = _registry.BaseAddress.ToString() });
    }

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }
}
