using IndBot.Answers.Desks;
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

/// <summary>
/// Builds the answer engine for loaded knowledge: its index, and the decision model in <c>knowledge/model/</c>. The model
/// (ML.NET's files, which do not depend on the knowledge files) is read on another thread while the knowledge is read
/// and indexed: at start-up these three are most of the time to the first answer, and the machine has a second core.
/// </summary>
public static class EngineFactory
{
    /// <summary>
    /// Reads the knowledge under <paramref name="root"/> and builds its engine: the knowledge, or the problems (in its
    /// files, then the decision model's, then the index's: the first that has any) that prevent it.
    /// </summary>
    public static (KnowledgeBase? Knowledge, LoadedEngine? Engine, IReadOnlyList<KnowledgeProblem> Problems) TryLoad(string root, TimeProvider clock, EngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var model = LoadModelAsync(Path.GetFullPath(root));
        try
        {
            var (knowledge, problems) = KnowledgeLoader.TryLoad(root);
            if (knowledge is null || problems.Count > 0)
            {
                return (null, null, problems);
            }

            var (engine, engineProblems) = Build(knowledge, model, clock, options);
            return (knowledge, engine, engineProblems);
        }
        finally
        {
            // Never left running past the call (a failed read returns before it is needed; WaitAny does not throw).
            Task.WaitAny(model);
        }
    }

    /// <summary>The engine, or the problems (analysis files, a missing or stale decision model) that prevent it.</summary>
    public static (LoadedEngine? Engine, IReadOnlyList<KnowledgeProblem> Problems) TryBuild(KnowledgeBase knowledge, TimeProvider clock, EngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        return Build(knowledge, LoadModelAsync(knowledge.RootPath), clock, options);
    }

    public static LoadedEngine Build(KnowledgeBase knowledge, TimeProvider clock, EngineOptions? options = null)
    {
        var (engine, problems) = TryBuild(knowledge, clock, options);
        return engine ?? throw new KnowledgeException(problems);
    }

    // Its own thread, not the pool's: the caller blocks on it, at start-up while the pool is busy starting the host.
    private static Task<(DecisionModel? Model, string? Problem)> LoadModelAsync(string knowledgeRoot) =>
        Task.Factory.StartNew(() => DecisionModel.TryLoad(DecisionModel.Folder(knowledgeRoot)), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Indexes the knowledge while <paramref name="loadingModel"/> reads the model and another thread builds the engine's
    /// knowledge readers (after the index, they were the rest of the time to the engine); a model problem comes first, as
    /// when the model is read before the index.
    /// </summary>
    private static (LoadedEngine? Engine, IReadOnlyList<KnowledgeProblem> Problems) Build(KnowledgeBase knowledge, Task<(DecisionModel? Model, string? Problem)> loadingModel,
        TimeProvider clock, EngineOptions? options)
    {
        var readers = Task.Factory.StartNew(() => new KnowledgeReaders(knowledge).Prepared(AmsterdamTime.Now(clock)), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        KnowledgeIndex? index = null;
        IReadOnlyList<KnowledgeProblem> problems;
        try
        {
            (index, problems) = KnowledgeIndex.TryBuild(knowledge);
        }
        finally
        {
            Task.WaitAny(loadingModel);
            Task.WaitAny(readers);
        }

        if (index is null)
        {
            // The readers are not used then; a failure of theirs is observed here rather than left to the finalizer.
            _ = readers.Exception;
        }

        var (model, modelProblem) = loadingModel.GetAwaiter().GetResult();
        if (model is null)
        {
            index?.Dispose();
            return (null, [new KnowledgeProblem("model/" + DecisionModel.ModelFile, 0, modelProblem ?? "the decision model cannot be read")]);
        }

        return index is null ? (null, problems) : (new LoadedEngine(new AnswerEngine(index, clock, model, options, readers.GetAwaiter().GetResult()), index), problems);
    }
}
