using IndBot.Answers.Decisions;
using IndBot.Bot;
using IndBot.Knowledge;

using IndBot.Replies;

namespace IndBot.Hosting;

/// <summary>One loaded version of the knowledge: the engine that answers from it and the renderer that uses its texts.</summary>
public sealed class KnowledgeSnapshot : IDisposable
{
    private readonly IDisposable? _index;

    public KnowledgeSnapshot(KnowledgeBase knowledge, IAnswerEngine engine, DateTimeOffset loadedAt, IDisposable? index = null)
    {
        Knowledge = knowledge ?? throw new ArgumentNullException(nameof(knowledge));
        Engine = engine ?? throw new ArgumentNullException(nameof(engine));
        Renderer = new ReplyRenderer(knowledge);
        LoadedAt = loadedAt;
        _index = index;
    }

    public KnowledgeBase Knowledge { get; }

    public IAnswerEngine Engine { get; }

    public ReplyRenderer Renderer { get; }

    public DateTimeOffset LoadedAt { get; }

    public void Dispose() => _index?.Dispose();
}

/// <summary>
/// Holds the knowledge the bot answers from. Singleton: a reload builds a new snapshot in the background and swaps
/// one reference, so a turn uses one consistent snapshot from start to end.
/// </summary>
public sealed class KnowledgeState
{
    private readonly object _gate = new();
    private volatile KnowledgeSnapshot? _current;
    private volatile IReadOnlyList<KnowledgeProblem> _problems = [];
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _updated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The snapshot to answer from; null until the first successful load.</summary>
    public KnowledgeSnapshot? Current => _current;

    /// <summary>Problems of the last load attempt (empty when it succeeded).</summary>
    public IReadOnlyList<KnowledgeProblem> Problems => _problems;

    public string? Path { get; private set; }

    /// <summary>Counts successful loads and failed reloads.</summary>
    public int Version { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    /// <summary>Completes once knowledge is loaded.</summary>
    public Task WhenLoadedAsync(CancellationToken cancellationToken = default) => _loaded.Task.WaitAsync(cancellationToken);

    /// <summary>A task that completes at the next load attempt (success or failure); take it before changing files.</summary>
    public Task NextUpdateAsync()
    {
        lock (_gate)
        {
            return _updated.Task;
        }
    }

    /// <summary>Swaps in a new snapshot and returns the previous one (the caller disposes it once in-flight turns are done).</summary>
    public KnowledgeSnapshot? Publish(KnowledgeSnapshot snapshot, string path, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        KnowledgeSnapshot? previous;
        TaskCompletionSource updated;
        lock (_gate)
        {
            previous = _current;
            _current = snapshot;
            _problems = [];
            Path = path;
            LastAttemptAt = at;
            Version++;
            updated = _updated;
            _updated = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _loaded.TrySetResult();
        updated.TrySetResult();
        return previous;
    }

    /// <summary>Records a failed load; the current snapshot (if any) keeps serving.</summary>
    public void ReportProblems(IReadOnlyList<KnowledgeProblem> problems, string path, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(problems);
        TaskCompletionSource updated;
        lock (_gate)
        {
            _problems = problems;
            Path = path;
            LastAttemptAt = at;
            Version++;
            updated = _updated;
            _updated = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        updated.TrySetResult();
    }
}
