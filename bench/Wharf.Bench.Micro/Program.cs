using BenchmarkDotNet.Running;

// Micro-benchmarks of the broker's and the REST Proxy's hot paths (bench/README.md): dotnet run -c Release -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Wharf.Bench.Micro.Batches).Assembly).Run(args);
