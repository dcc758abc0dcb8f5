using Wharf.Testing;

namespace Wharf.RestProxy.Tests;

/// <summary>One embedded broker and one REST Proxy in front of it, shared by the tests of this assembly.</summary>
public sealed class RestProxyFixture : IAsyncLifetime
{
    private EmbeddedBroker? _broker;
    private EmbeddedRestProxy? _proxy;

    public EmbeddedBroker Broker => _broker ?? throw new InvalidOperationException("not started");

    public EmbeddedRestProxy Proxy => _proxy ?? throw new InvalidOperationException("not started");

    public HttpClient Http => Proxy.Http;

    public async ValueTask InitializeAsync()
    {
        _broker = await EmbeddedBroker.StartAsync();
        _proxy = await EmbeddedRestProxy.StartAsync(_broker.BootstrapServers);
    }

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
