using System.Text;

namespace IndBot.Feedback;

/// <summary>
/// Feedback as one JSON object per line in a file. Singleton: one lock serialises appends within the process, so lines
/// never interleave. Several processes should share Redis instead.
/// </summary>
public sealed class JsonLinesFeedbackStore : IFeedbackStore, IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public JsonLinesFeedbackStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
    }

    public string FilePath { get; }

    public string Description => FilePath;

    public async Task AppendAsync(FeedbackRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = record.ToJson() + "\n";
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            await File.AppendAllTextAsync(FilePath, line, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<FeedbackRecord>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lines = await File.ReadAllLinesAsync(FilePath, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
            return [.. lines.Select(FeedbackRecord.TryParse).OfType<FeedbackRecord>()];
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
