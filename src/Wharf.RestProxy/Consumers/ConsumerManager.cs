using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.RestProxy.Http;
using Wharf.RestProxy.Logging;

namespace Wharf.RestProxy.Consumers;

/// <summary>
/// The consumer instances of this proxy, by group and name (kafka-rest KafkaConsumerManager). Names are unique
/// per group within the proxy; generated ones are <c>rest-consumer-[&lt;id&gt;-]&lt;uuid&gt;</c> so that proxies with
/// distinct <c>id</c>s never collide. An instance no request has used for consumer.instance.timeout.ms is closed
/// (checked every second, as the original's expiration thread does); disposing closes every instance.
/// </summary>
public sealed class ConsumerManager : IAsyncDisposable
{
    private static readonly TimeSpan ExpiryPeriod = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<ConsumerInstanceId, ConsumerInstance> _instances = new();
    private readonly HashSet<ConsumerInstanceId> _reserved = [];
    private readonly Lock _reserve = new();
    private readonly ConcurrentDictionary<ConsumerInstance, Task> _closing = new();
    private readonly RestProxyOptions _options;
    private readonly KafkaClientFactory _clients;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _idleTimeout;
    private readonly ITimer _expiry;
    private int _disposed;

    public ConsumerManager(RestProxyOptions options, KafkaClientFactory clients, TimeProvider time, ILoggerFactory loggers, CancellationToken stopping)
    {
        _options = options;
        _clients = clients;
        _time = time;
        _logger = loggers.CreateLogger("Wharf.RestProxy.Consumers");
        _idleTimeout = TimeSpan.FromMilliseconds(options.ConsumerInstanceTimeoutMs);
        Stopping = stopping;
        _expiry = time.CreateTimer(_ => ExpireIdle(), null, ExpiryPeriod, ExpiryPeriod);
    }

    /// <summary>Signalled when the proxy starts shutting down: reads in progress answer what they have at once.</summary>
    public CancellationToken Stopping { get; }

    public int Count => _instances.Count;

    /// <summary>
    /// Creates an instance: 409/40902 when the name is taken in the group (checked before the Kafka settings, as in
    /// the original), 422/42204 when Kafka rejects a setting.
    /// </summary>
    public ConsumerInstance Create(string group, ConsumerInstanceSettings settings)
    {
        var name = settings.Name ?? "rest-consumer-" + (_options.Id.Length > 0 ? _options.Id + "-" : string.Empty) + Guid.NewGuid().ToString("D");
        var id = new ConsumerInstanceId(group, name);
        lock (_reserve)
        {
            if (_instances.ContainsKey(id) || !_reserved.Add(id))
            {
                throw ConsumerErrors.AlreadyExists();
            }
        }

        try
        {
            ConsumerInstance instance;
            try
            {
                instance = new ConsumerInstance(id, settings, _clients.ConsumerBuilder(KafkaSettings(id, settings)), _time, _logger);
            }
            catch (Exception exception) when (exception is ArgumentException or Confluent.Kafka.KafkaException)
            {
                // librdkafka's refusal of a setting ("Invalid value ... for configuration property ...").
                throw ConsumerErrors.InvalidConfig(exception.Message);
            }

            _instances[id] = instance;
            RestProxyLog.ConsumerCreated(_logger, group, name, settings.Format.Format.ToString(), settings.ApiVersion);
            return instance;
        }
        finally
        {
            lock (_reserve)
            {
                _reserved.Remove(id);
            }
        }
    }

    /// <summary>The instance, or 404/40403.</summary>
    public ConsumerInstance Get(string group, string name) =>
        _instances.TryGetValue(new ConsumerInstanceId(group, name), out var instance) && !instance.IsClosed
            ? instance
            : throw RestException.ConsumerNotFound();

    /// <summary>
    /// Removes and closes the instance; of two concurrent deletes one wins, the other gets 404/40403. The answer
    /// waits for the close (the consumer has left its group when it comes), up to the Kafka request bound; a close
    /// that takes longer goes on in the background and shutdown waits for it.
    /// </summary>
    public async Task DeleteAsync(string group, string name)
    {
        if (!_instances.TryRemove(new ConsumerInstanceId(group, name), out var instance))
        {
            throw RestException.ConsumerNotFound();
        }

        RestProxyLog.ConsumerDeleted(_logger, group, name);
        try
        {
            await Track(instance).WaitAsync(ConsumerInstance.KafkaTimeout, _time);
        }
        catch (TimeoutException)
        {
            // Still closing: it is out of the proxy's table already, and shutdown waits for the close.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _expiry.DisposeAsync();
        var closing = new List<Task>();
        foreach (var id in _instances.Keys)
        {
            if (_instances.TryRemove(id, out var instance))
            {
                closing.Add(instance.CloseAsync());
            }
        }

        try
        {
            await Task.WhenAll(closing.Concat(_closing.Values)).WaitAsync(ConsumerInstance.KafkaTimeout, _time);
        }
        catch (TimeoutException)
        {
            RestProxyLog.ClosesUnfinished(_logger, _closing.Count + closing.Count(c => !c.IsCompleted), (int)ConsumerInstance.KafkaTimeout.TotalSeconds);
        }

        RestProxyLog.ConsumersClosed(_logger, closing.Count);
    }

    private Dictionary<string, string> KafkaSettings(ConsumerInstanceId id, ConsumerInstanceSettings settings)
    {
        var config = new Dictionary<string, string>(_options.ConsumerConfig, StringComparer.Ordinal);
        config.TryAdd("client.id", id.Name);
        foreach (var (key, value) in settings.KafkaSettings())
        {
            config[key] = value;
        }

        config["bootstrap.servers"] = _options.BootstrapServers;
        config["group.id"] = id.Group;

        // The proxy stores each offset once the record is in a response (ConsumerInstance), and reads never
        // want end-of-partition events.
        config["enable.auto.offset.store"] = "false";
        config["enable.partition.eof"] = "false";
        return config;
    }

    private void ExpireIdle()
    {
        foreach (var (id, instance) in _instances)
        {
            if (instance.IsIdle(_idleTimeout) && _instances.TryRemove(new KeyValuePair<ConsumerInstanceId, ConsumerInstance>(id, instance)))
            {
                RestProxyLog.ConsumerExpired(_logger, id.Group, id.Name, _options.ConsumerInstanceTimeoutMs);
                Track(instance);
            }
        }
    }

    /// <summary>Closes a removed instance, remembered until closed so that shutdown waits for it.</summary>
    private Task Track(ConsumerInstance instance)
    {
        var close = instance.CloseAsync();
        _closing[instance] = close;
        _ = close.ContinueWith(_ => _closing.TryRemove(instance, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return close;
    }
}
