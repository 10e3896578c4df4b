using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Gkr.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Gkr.Benchmarks.FieldBenchmarks).Assembly).Run(args);
