using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>A Schema Registry and a REST Proxy pointed at it (schema.registry.url), on the assembly's broker, for the schema converters.</summary>
public sealed class SchemaRegistryFixture(BrokerFixture broker) : IAsyncLifetime
{
    private EmbeddedSchemaRegistry? _registry;
    private EmbeddedRestProxy? _proxy;

    public string BootstrapServers => broker.BootstrapServers;

    public EmbeddedSchemaRegistry Registry => _registry ?? throw new InvalidOperationException("not started");

    public EmbeddedRestProxy Proxy => _proxy ?? throw new InvalidOperationException("not started");

    public string Url => Registry.BaseAddress.ToString();

    public async ValueTask InitializeAsync()
    {
        _registry = await EmbeddedSchemaRegistry.StartAsync(broker.BootstrapServers);
        await _registry.WaitUntilLeaderAsync();
        _proxy = await EmbeddedRestProxy.StartAsync(broker.BootstrapServers, new Dictionary<string, string> { ["schema.registry.url"] = Url });
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
