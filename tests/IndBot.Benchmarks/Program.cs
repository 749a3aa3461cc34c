using BenchmarkDotNet.Running;
using IndBot.Benchmarks;

// dotnet run -c Release --project tests/IndBot.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project tests/IndBot.Benchmarks -- --questions     (median per question of bench/messages.lua)
//   (--questions 3000 for tiered-JIT steady state: with the default 300 iterations much of the time is still warm-up)
// dotnet run -c Release --project tests/IndBot.Benchmarks -- --dump > before.txt   (every decision and retrieval of
//   knowledge/eval/questions.tsv and bench/messages.lua, cache on and off: diff before and after a retrieval change)
// dotnet run -c Release --project tests/IndBot.Benchmarks -- --directline http://127.0.0.1:39783 [conversations] [warm-up s] [s]
//   (the widget's path under load against a running bot; bench/directline.sh starts the published bot and runs it)
// dotnet run -c Release --project tests/IndBot.Benchmarks -- --memory    (the managed heap after each part of the engine loads)
if (args is ["--questions", ..])
{
    QuestionProfile.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300);
    return 0;
}

if (args is ["--directline", var url, ..])
{
    int Arg(int i, int otherwise) => args.Length > i ? int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture) : otherwise;
    return await DirectLineLoad.RunAsync(new Uri(url), Arg(2, 200), TimeSpan.FromSeconds(Arg(3, 10)), TimeSpan.FromSeconds(Arg(4, 30)));
}

if (args is ["--memory", ..])
{
    MemoryProfile.Run();
    return 0;
}

if (args is ["--dump", ..])
{
    DecisionDump.Run();
    return 0;
}

if (args is ["--check-corrector", ..])
{
    LuceneCorrector.Check();
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
