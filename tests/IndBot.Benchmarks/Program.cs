using BenchmarkDotNet.Running;
using IndBot.Benchmarks;

// dotnet run -c Release --project tests/IndBot.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project tests/IndBot.Benchmarks -- --questions     (median per question of bench/messages.lua)
//   (--questions 3000 for tiered-JIT steady state: with the default 300 iterations much of the time is still warm-up)
// dotnet run -c Release --project tests/IndBot.Benchmarks -- --dump > before.txt   (every decision and retrieval of
//   knowledge/eval/questions.tsv and bench/messages.lua, cache on and off: diff before and after a retrieval change)
if (args is ["--questions", ..])
{
    QuestionProfile.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300);
    return;
}

if (args is ["--dump", ..])
{
    DecisionDump.Run();
    return;
}

if (args is ["--check-corrector", ..])
{
    LuceneCorrector.Check();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
