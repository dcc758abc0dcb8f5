using System.Globalization;
using Microsoft.Extensions.Logging;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Logging;
using Wharf.Connect.Plugins;
using Wharf.Connect.Storage;

namespace Wharf.Connect.Runtime;

/// <summary>
/// A running connector instance (Apache's WorkerConnector): started with its configuration, asked for task
/// configurations, stopped. Failures set the connector FAILED with the trace; they never escape to the caller.
/// </summary>
internal sealed class WorkerConnector(string name, IReadOnlyDictionary<string, string> config, PluginDescriptor plugin, StatusStore statuses, string workerId, Action<string> requestReconfiguration, ILogger logger) : IConnectorContext
{
    private Connector? _connector;

    public bool IsSink => plugin.Kind == PluginKind.Sink;

    /// <summary>Starts the instance; false (and FAILED) when it threw.</summary>
    public bool Start(TargetState target)
    {
        if (target == TargetState.Stopped)
        {
            statuses.Put(name, new WorkStatus(WorkState.Stopped, workerId));
            return false;
        }

        try
        {
            _connector = PluginRegistry.Create<Connector>(plugin);
            _connector.Initialize(this);
            _connector.Start(config);
        }
        catch (Exception exception)
        {
            Fail(exception);
            return false;
        }

        statuses.Put(name, new WorkStatus(target == TargetState.Paused ? WorkState.Paused : WorkState.Running, workerId));
        ConnectLog.ConnectorStarted(logger, name, plugin.ClassName);
        return true;
    }

    /// <summary>
    /// The task configurations, each with task.class and, for sinks, the topics keys (Apache's Worker.connectorTaskConfigs);
    /// null (and FAILED) when the connector threw or returned more than tasks.max (KIP-1004).
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>>? TaskConfigs()
    {
        if (_connector is null)
        {
            return null;
        }

        var max = int.Parse(config.GetValueOrDefault(ConnectorConfig.TasksMax, "1"), NumberStyles.Integer, CultureInfo.InvariantCulture);
        try
        {
            var configs = _connector.TaskConfigs(max);
            if (configs.Count > max)
            {
                throw new ConnectException("The connector " + name + " has generated " + configs.Count + " tasks, which is greater than " + max
                    + ", the maximum number of tasks it is configured to create. This behaviour should be considered a bug and is disallowed. If necessary, it can be permitted by reconfiguring the connector with 'tasks.max.enforce' set to false; however, this option will be removed in a future release of Kafka Connect.");
            }

            return configs.Select(task =>
            {
                var full = new Dictionary<string, string>(task, StringComparer.Ordinal)
                {
                    [ConnectorConfig.TaskClass] = _connector.TaskType.FullName!,
                };
                if (IsSink)
                {
                    foreach (var key in (string[])[ConnectorConfig.Topics, ConnectorConfig.TopicsRegex])
                    {
                        if (config.TryGetValue(key, out var value))
                        {
                            full[key] = value;
                        }
                    }
                }

                return (IReadOnlyDictionary<string, string>)full;
            }).ToList();
        }
        catch (Exception exception)
        {
            Fail(exception);
            return null;
        }
    }

    public Type? TaskType => _connector?.TaskType;

    public void Pause()
    {
        if (statuses.Connector(name)?.State == WorkState.Running)
        {
            statuses.Put(name, new WorkStatus(WorkState.Paused, workerId));
        }
    }

    public void Resume()
    {
        if (statuses.Connector(name)?.State == WorkState.Paused)
        {
            statuses.Put(name, new WorkStatus(WorkState.Running, workerId));
        }
    }

    public void Stop()
    {
        if (_connector is null)
        {
            return;
        }

        try
        {
            _connector.Stop();
            ConnectLog.ConnectorStopped(logger, name);
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
        finally
        {
            (_connector as IDisposable)?.Dispose();
            _connector = null;
        }
    }

    public void RequestTaskReconfiguration() => requestReconfiguration(name);

    public void RaiseError(Exception exception) => Fail(exception);

    private void Fail(Exception exception)
    {
        ConnectLog.ConnectorFailed(logger, exception, name, exception.Message);
        statuses.Put(name, new WorkStatus(WorkState.Failed, workerId, exception.ToString()));
    }
}
