using Wharf.Testing;

namespace Wharf.SchemaRegistry.Tests;

/// <summary>One embedded broker and one Schema Registry on it, shared by the tests of this assembly (each test uses its own subjects).</summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    private EmbeddedBroker? _broker;
    private EmbeddedSchemaRegistry? _registry;

    public EmbeddedBroker Broker => _broker ?? throw new InvalidOperationException("not started");

    public EmbeddedSchemaRegistry Registry => _registry ?? throw new InvalidOperationException("not started");

    public HttpClient Http => Registry.Http;

    public async ValueTask InitializeAsync()
    {
        _broker = await EmbeddedBroker.StartAsync();
        _registry = await EmbeddedSchemaRegistry.StartAsync(_broker.BootstrapServers);
        await _registry.WaitUntilLeaderAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
