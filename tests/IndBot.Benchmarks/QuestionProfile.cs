using System.Diagnostics;
using System.Text.RegularExpressions;
using IndBot.Answers.Decisions;
using IndBot.Answers.Retrieval;
using IndBot.Knowledge;

namespace IndBot.Benchmarks;

/// <summary>
/// A quick profile (not BenchmarkDotNet): the median decision time and allocations of every question the load test
/// rotates (bench/messages.lua), so a slow question in the end-to-end figures can be traced to the engine.
/// </summary>
internal static partial class QuestionProfile
{
    public static void Run(int iterations)
    {
        var lua = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Paths.Knowledge)!, "bench", "messages.lua"));
        var questions = QuestionLine().Matches(lua).Select(m => (Locale: m.Groups[1].Value, Text: m.Groups[2].Value)).ToList();
        var knowledge = KnowledgeLoader.Load(Paths.Knowledge);
        using var loaded = EngineFactory.Build(knowledge, TimeProvider.System, new EngineOptions { SearchCacheSize = 0 });
        var engine = loaded.Engine;

        Console.WriteLine($"| Question | Locale | Kind | Median µs | Allocated KB |");
        Console.WriteLine("|---|---|---|---:|---:|");
        var medians = new List<double>();
        foreach (var (locale, text) in questions)
        {
            var question = new Question(text) { Locale = locale };
            for (var i = 0; i < 50; i++)
            {
                engine.Decide(question);
            }

            var times = new double[iterations];
            var before = GC.GetAllocatedBytesForCurrentThread();
            Decision decision = null!;
            for (var i = 0; i < iterations; i++)
            {
                var start = Stopwatch.GetTimestamp();
                decision = engine.Decide(question);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }

            var allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)iterations / 1024;
            Array.Sort(times);
            var median = times[iterations / 2];
            medians.Add(median);
            Console.WriteLine($"| {text} | {locale} | {decision.Kind} | {median:F1} | {allocated:F1} |");
        }

        medians.Sort();
        Console.WriteLine($"\nMedian over the {medians.Count} questions: {medians[medians.Count / 2]:F1} µs; mean of medians {medians.Average():F1} µs");
    }

    [GeneratedRegex("""\{ "((?:en|nl)-[A-Z]{2})", "([^"]+)" \}""")]
    private static partial Regex QuestionLine();
}
