using BenchmarkDotNet.Attributes;
using IndBot.Answers.Retrieval;
using IndBot.Knowledge;
using Lucene.Net.Index;
using Lucene.Net.Search;

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
    public void Setup()
    {
        _index = KnowledgeIndex.Build(KnowledgeLoader.Load(Paths.Knowledge));
        _positions = _index.Analysis["en"].QueryPositions(KnowledgeIndex.QuestionField("en"), "residence permit travel europe");
    }

    private List<List<string>> _positions = null!;

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Description = "Correct: unknown 5-letter word (1 edit)")]
    public string? CorrectShortWord() => _index.Correct("permt", "en");

    [Benchmark(Description = "Correct: unknown 9-letter word (2 edits)")]
    public string? CorrectLongWord() => _index.Correct("residense", "en");

    [Benchmark(Description = "Known-word lookup")]
    public bool KnownWord() => _index.IsKnownWord("residence");

    [Benchmark(Description = "Analysis: QueryPositions of 'residence permit travel europe'")]
    public int QueryPositions() => _index.Analysis["en"].QueryPositions(KnowledgeIndex.QuestionField("en"), "residence permit travel europe").Count;

    [Benchmark(Description = "Lucene only: IndexSearcher.Search of the BooleanQuery (top 60)")]
    public int LuceneSearch()
    {
        var field = KnowledgeIndex.QuestionField("en");
        var boolean = new BooleanQuery(disableCoord: true);
        foreach (var position in _positions)
        {
            for (var i = 0; i < position.Count; i++)
            {
                boolean.Add(new TermQuery(new Term(field, position[i])) { Boost = i == 0 ? 1f : 0.8f }, Occur.SHOULD);
            }
        }

        return _index.Searcher.Search(boolean, 60).TotalHits;
    }

    [Benchmark(Description = "Retriever.Search: 'residence permit travel europe'")]
    public int Search() => Retriever.Search(_index, "residence permit travel europe", "en").Matches.Count;
}
