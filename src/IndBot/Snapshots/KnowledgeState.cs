using IndBot.Knowledge;

namespace IndBot.Snapshots;

/// <summary>
/// Holds the knowledge the bot answers from. Singleton: a reload builds a new snapshot in the background and swaps
/// one reference. A turn acquires the snapshot and releases it when it ends (like Lucene's <c>SearcherManager</c>), so it
/// uses one consistent snapshot from start to end; a replaced snapshot is disposed when its last turn releases it.
/// </summary>
public sealed class KnowledgeState
{
    private readonly object _gate = new();
    private volatile KnowledgeSnapshot? _current;
    private volatile IReadOnlyList<KnowledgeProblem> _problems = [];
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _updated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The current snapshot, for its texts; a turn that answers acquires it instead. Null until the first successful load.</summary>
    public KnowledgeSnapshot? Current => _current;

    /// <summary>The current snapshot with a reference for the caller, who gives it back with <see cref="Release"/>; null until the first successful load.</summary>
    public KnowledgeSnapshot? Acquire()
    {
        while (_current is { } current)
        {
            if (current.TryAcquire())
            {
                return current;
            }

            // Replaced and released between reading it and acquiring it: the next read finds its successor.
            if (ReferenceEquals(_current, current))
            {
                throw new InvalidOperationException("The current knowledge snapshot was released more often than it was acquired.");
            }
        }

        return null;
    }

    /// <summary>Gives back a snapshot from <see cref="Acquire"/>; a replaced one is disposed by its last release.</summary>
    public void Release(KnowledgeSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        snapshot.Release();
    }

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

    /// <summary>Swaps in a new snapshot; the previous one is disposed once the turns that hold it release it.</summary>
    public void Publish(KnowledgeSnapshot snapshot, string path, DateTimeOffset at)
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

        previous?.Release();
        _loaded.TrySetResult();
        updated.TrySetResult();
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
