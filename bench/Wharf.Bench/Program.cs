using Wharf.Bench;

// Broker benchmark (bench/README.md): produce and consume through Confluent.Kafka against a `wharf broker`
// process and print records/s, MB/s, CPU and the broker's resident memory.
return await BenchOptions.Command((options, _) => new BenchRunner(options, Console.Out).RunAsync())
    .Parse(args)
    .InvokeAsync();
