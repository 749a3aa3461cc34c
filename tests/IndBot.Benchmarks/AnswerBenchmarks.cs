using BenchmarkDotNet.Attributes;
using IndBot.Answers.Decisions;
using IndBot.Answers.Retrieval;
using IndBot.Knowledge;

namespace IndBot.Benchmarks;

/// <summary>Question → decision in process, and building the index from knowledge/.</summary>
[MemoryDiagnoser]
public class AnswerBenchmarks
{
    private KnowledgeBase _knowledge = null!;
    private AnswerEngine _engine = null!;
    private AnswerEngine _cachedEngine = null!;

    [Params(
        "short: fingerprints when",
        "long: I sent my application to the IND three weeks ago and have not received any letter yet, what should I do?",
        "typo: residense permt travel europe",
        "out-of-scope: Is the Rotterdam zoo open on Sunday?",
        "desk: is the Rotterdam desk open on Thursday afternoon?",
        "dutch: Waar is het IND-loket in Utrecht?")]
    public string Question { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _knowledge = KnowledgeLoader.Load(Paths.Knowledge);
        var index = KnowledgeIndex.Build(_knowledge);
        var model = DecisionModel.TryLoad(DecisionModel.Folder(_knowledge.RootPath)).Model ?? throw new InvalidOperationException("run 'train' first");

        // Every call searches: the figure for a question nobody asked before.
        _engine = new AnswerEngine(index, TimeProvider.System, model, new EngineOptions { SearchCacheSize = 0 });
        _cachedEngine = new AnswerEngine(index, TimeProvider.System, model);
    }

    [Benchmark]
    public Decision Decide() => _engine.Decide(new Question(Question[(Question.IndexOf(':') + 2)..]));

    /// <summary>The same question again (a wave of people asking it): the search result comes from the cache.</summary>
    [Benchmark]
    public Decision DecideRepeated() => _cachedEngine.Decide(new Question(Question[(Question.IndexOf(':') + 2)..]));
}

[MemoryDiagnoser]
public class IndexBenchmarks
{
    private KnowledgeBase _knowledge = null!;

    [GlobalSetup]
    public void Setup() => _knowledge = KnowledgeLoader.Load(Paths.Knowledge);

    [Benchmark]
    public KnowledgeBase LoadKnowledge() => KnowledgeLoader.Load(Paths.Knowledge);

    [Benchmark]
    public int BuildIndex()
    {
        using var index = KnowledgeIndex.Build(_knowledge);
        return index.PhrasingCount;
    }
}

internal static class Paths
{
    public static string Knowledge { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "knowledge", "faq")))
            {
                return Path.Combine(dir.FullName, "knowledge");
            }
        }

        throw new DirectoryNotFoundException("Run the benchmarks from inside the repository: knowledge/ was not found.");
    }
}
