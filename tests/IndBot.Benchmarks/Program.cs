using BenchmarkDotNet.Running;
using IndBot.Benchmarks;

// dotnet run -c Release --project tests/IndBot.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project tests/IndBot.Benchmarks -- --questions     (median per question of bench/messages.lua)
if (args is ["--questions", ..])
{
    QuestionProfile.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300);
    return;
}

if (args is ["--check-corrector", ..])
{
    LuceneCorrector.Check();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
