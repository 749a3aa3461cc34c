using System.Buffers;
using System.Text;
using System.Threading.Channels;

namespace IndBot.Feedback;

/// <summary>
/// Feedback as one JSON object per line in a file. Singleton. Appends are group-committed: one writer takes every line
/// waiting at that moment and writes them with one system call, so lines never interleave and a busy bot does not pay
/// a file write (and a file-watcher event) per record. An append completes only once its line is written, so a
/// failure reaches the caller and nothing is acknowledged that is not in the file. The file stays open; one that was
/// moved or deleted (log rotation) is created again within a second. Several processes should share Redis instead.
/// </summary>
public sealed class JsonLinesFeedbackStore : IFeedbackStore, IDisposable
{
    private const int MaxLinesPerWrite = 512;
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Channel<PendingLine> _queue = Channel.CreateUnbounded<PendingLine>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _fileLock = new(1, 1);
    private readonly Task _writer;
    private FileStream? _file;
    private long _checkedAt;

    public JsonLinesFeedbackStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        _writer = Task.Run(WriteLinesAsync);
    }

    public string FilePath { get; }

    public string Description => FilePath;

    public Task AppendAsync(FeedbackRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = new PendingLine(Utf8NoBom.GetBytes(record.ToJson() + "\n"));
        if (!_queue.Writer.TryWrite(line))
        {
            throw new ObjectDisposedException(nameof(JsonLinesFeedbackStore));
        }

        // Queued lines are written whatever happens to the request, so there is nothing to cancel.
        return line.Written.Task;
    }

    public async Task<IReadOnlyList<FeedbackRecord>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        // Not while a batch is being written: no half line at the end.
        await _fileLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var records = new List<FeedbackRecord>();
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
            {
                if (FeedbackRecord.TryParse(text) is { } record)
                {
                    records.Add(record);
                }
            }

            return records;
        }
        finally
        {
            _fileLock.Release();
        }
    }

    /// <summary>Writes what is queued (graceful shutdown: the host disposes singletons after the last request), then closes the file.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
        _file?.Dispose();
        _file = null;
        _fileLock.Dispose();
    }

    private async Task WriteLinesAsync()
    {
        var batch = new List<PendingLine>(MaxLinesPerWrite);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Let the turns already queued on the thread pool run first: under load their lines join this batch
            // (one write for many); on a quiet bot this costs microseconds.
            await Task.Yield();
            batch.Clear();
            buffer.ResetWrittenCount();
            while (batch.Count < MaxLinesPerWrite && _queue.Reader.TryRead(out var line))
            {
                batch.Add(line);
                buffer.Write(line.Bytes);
            }

            Exception? failure = null;
            await _fileLock.WaitAsync().ConfigureAwait(false);
            try
            {
                // A few KB into the page cache: written synchronously, no further thread-pool hop.
                OpenForAppend().Write(buffer.WrittenSpan);
            }
            catch (Exception ex)
            {
                // Full disk, file gone, no permission: these lines fail; the next batch starts from a fresh handle.
                failure = ex;
                _file?.Dispose();
                _file = null;
            }
            finally
            {
                _fileLock.Release();
            }

            foreach (var line in batch)
            {
                if (failure is null)
                {
                    line.Written.TrySetResult();
                }
                else
                {
                    line.Written.TrySetException(failure);
                }
            }
        }
    }

    // Under the file lock.
    private FileStream OpenForAppend()
    {
        // Rotation check at most once a second, not a file-system call per batch.
        var tick = Environment.TickCount64;
        if (_file is not null && tick - _checkedAt >= 1000)
        {
            _checkedAt = tick;
            if (!File.Exists(FilePath))
            {
                _file.Dispose();
                _file = null;
            }
        }

        if (_file is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            _file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }

        return _file;
    }

    private sealed class PendingLine(byte[] bytes)
    {
        public byte[] Bytes { get; } = bytes;

        // Continuations run on the thread pool, not on the writer.
        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
