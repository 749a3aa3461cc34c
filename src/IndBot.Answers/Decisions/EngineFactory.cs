using IndBot.Answers.Retrieval;
using IndBot.Knowledge;

namespace IndBot.Answers.Decisions;

/// <summary>An engine with the index it searches; disposing releases the index.</summary>
public sealed class LoadedEngine(AnswerEngine engine, KnowledgeIndex index) : IDisposable
{
    public AnswerEngine Engine { get; } = engine;

    public KnowledgeIndex Index { get; } = index;

    public void Dispose() => Index.Dispose();
}

/// <summary>Builds the answer engine for loaded knowledge: its index, and the decision model in <c>knowledge/model/</c>.</summary>
public static class EngineFactory
{
    /// <summary>The engine, or the problems (analysis files, a missing or stale decision model) that prevent it.</summary>
    public static (LoadedEngine? Engine, IReadOnlyList<KnowledgeProblem> Problems) TryBuild(KnowledgeBase knowledge, TimeProvider clock, EngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var (model, modelProblem) = DecisionModel.TryLoad(DecisionModel.Folder(knowledge.RootPath));
        if (model is null)
        {
            return (null, [new KnowledgeProblem("model/" + DecisionModel.ModelFile, 0, modelProblem ?? "the decision model cannot be read")]);
        }

        var (index, problems) = KnowledgeIndex.TryBuild(knowledge);
        return index is null ? (null, problems) : (new LoadedEngine(new AnswerEngine(index, clock, model, options), index), problems);
    }

    public static LoadedEngine Build(KnowledgeBase knowledge, TimeProvider clock, EngineOptions? options = null)
    {
        var (engine, problems) = TryBuild(knowledge, clock, options);
        return engine ?? throw new KnowledgeException(problems);
    }
}
