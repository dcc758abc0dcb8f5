namespace Wharf.Testing;

/// <summary>
/// One embedded broker shared by a test assembly (or class): tests make their own topics and groups with
/// <see cref="UniqueNames"/>, so they never see each other's data. Subclass to pass broker settings.
/// </summary>
public class BrokerFixture : IAsyncLifetime
{
    private EmbeddedBroker? _broker;

    public EmbeddedBroker Broker => _broker ?? throw new InvalidOperationException("The fixture is not initialized.");

    public string BootstrapServers => Broker.BootstrapServers;

    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public async ValueTask InitializeAsync() => _broker = await EmbeddedBroker.StartAsync(Settings);

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
