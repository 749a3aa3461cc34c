using IndBot.Answers.Decisions;
using IndBot.Answers.Retrieval;
using IndBot.Knowledge;

namespace IndBot.Benchmarks;

/// <summary>The managed heap after each part of the engine is loaded (after a full collection): what the bot keeps for its knowledge.</summary>
internal static class MemoryProfile
{
    public static void Run()
    {
        static long HeapMb() => GC.GetTotalMemory(forceFullCollection: true) / 1024 / 1024;
        Console.WriteLine($"| after | managed heap (MB) |\n|---|---:|\n| start | {HeapMb()} |");
        var knowledge = KnowledgeLoader.Load(Paths.Knowledge);
        Console.WriteLine($"| the knowledge files | {HeapMb()} |");
        var (model, problem) = DecisionModel.TryLoad(DecisionModel.Folder(knowledge.RootPath));
        Console.WriteLine($"| the decision model (classifier and ranker) | {HeapMb()} |");
        using var index = KnowledgeIndex.Build(knowledge);
        Console.WriteLine($"| the index | {HeapMb()} |");
        var engine = new AnswerEngine(index, TimeProvider.System, model ?? throw new InvalidOperationException(problem));
        foreach (var text in new[] { "fingerprints when", "Waar is het IND-loket in Utrecht?", "is the Rotterdam desk open on Thursday afternoon?" })
        {
            engine.Decide(new Question(text) { Locale = "en-US" });
        }

        Console.WriteLine($"| three decisions | {HeapMb()} |");
        GC.KeepAlive(engine);
    }
}
