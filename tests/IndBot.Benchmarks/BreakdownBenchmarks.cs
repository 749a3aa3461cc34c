using BenchmarkDotNet.Attributes;
using IndBot.Answers.Retrieval;
using IndBot.Knowledge;

namespace IndBot.Benchmarks;

/// <summary>
/// Where a decision's time goes: the steps of <c>AnswerEngine.Decide</c> on their own (typo correction per word,
/// the BM25 search with confidence). Run with --filter '*Breakdown*'.
/// </summary>
[MemoryDiagnoser]
public class BreakdownBenchmarks
{
    private KnowledgeIndex _index = null!;

    [GlobalSetup]
    public void Setup() => _index = KnowledgeIndex.Build(KnowledgeLoader.Load(Paths.Knowledge));

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Description = "Correct: unknown 5-letter word (1 edit)")]
    public string? CorrectShortWord() => _index.Correct("permt");

    [Benchmark(Description = "Correct: unknown 9-letter word (2 edits)")]
    public string? CorrectLongWord() => _index.Correct("residense");

    [Benchmark(Description = "Known-word lookup")]
    public bool KnownWord() => _index.IsKnownWord("residence");

    [Benchmark(Description = "Retriever.Search: 'residence permit travel europe'")]
    public int Search() => Retriever.Search(_index, "residence permit travel europe", "en").Matches.Count;
}
