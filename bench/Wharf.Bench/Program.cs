using Wharf.Bench;

// Broker benchmark (bench/README.md): produce and consume through Confluent.Kafka against a `wharf broker`
// process and print records/s, MB/s, CPU and the broker's resident memory. `wharf-bench rest` compares the
// REST Proxy (a `wharf rest-proxy` process) with native Confluent.Kafka on the same broker; `wharf-bench registry`
// measures the Schema Registry against a bare Kestrel endpoint, and Wharf.Avro against python3-avro; `wharf-bench
// connect` compares FileStreamSource/FileStreamSink (a `wharf connect-standalone` process) with kcat.
var root = BenchOptions.Command((options, _) => new BenchRunner(options, Console.Out).RunAsync());
root.Subcommands.Add(RestBenchOptions.Command((options, _) => new RestBenchRunner(options, Console.Out).RunAsync()));
root.Subcommands.Add(RegistryBenchOptions.Command((options, _) => new RegistryBenchRunner(options, Console.Out).RunAsync()));
root.Subcommands.Add(ConnectBenchOptions.Command((options, _) => new ConnectBenchRunner(options, Console.Out).RunAsync()));
root.Subcommands.Add(BareEndpoint.Command());
return await root.Parse(args).InvokeAsync();
