using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/IndBot.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
