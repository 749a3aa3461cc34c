using IndBot.Answers.Decisions;
using IndBot.Knowledge;
using IndBot.Replies;

namespace IndBot.Snapshots;

/// <summary>
/// One loaded version of the knowledge: the engine that answers from it and the renderer that uses its texts.
/// Reference-counted, like Lucene's <c>ReferenceManager</c>: <see cref="KnowledgeState"/> holds one reference while
/// it is current and every turn holds one while it runs; the index is disposed when the last one is released.
/// </summary>
public sealed class KnowledgeSnapshot
{
    private readonly IDisposable? _index;
    private int _references = 1;

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

    /// <summary>Adds a reference, unless the last one was already released (the index is gone then).</summary>
    internal bool TryAcquire()
    {
        for (var references = Volatile.Read(ref _references); references > 0; references = Volatile.Read(ref _references))
        {
            if (Interlocked.CompareExchange(ref _references, references + 1, references) == references)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Drops a reference; the last one disposes the index.</summary>
    internal void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            _index?.Dispose();
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("The knowledge snapshot was released more often than it was acquired.");
        }
    }
}
