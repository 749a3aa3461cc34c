using System.Buffers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;

namespace IndBot.Feedback;

/// <summary>
/// Feedback as one JSON object per line in a file. Singleton. An append only queues its line; one writer collects
/// what arrives within <see cref="FlushInterval"/> and writes it with one system call, so a busy bot does not pay a
/// file write (and a file-watcher event) per fallback, and lines never interleave. Reading flushes first, and so does
/// disposal: the host disposes singletons after the last request on a graceful shutdown, so nothing queued is lost then;
/// a crash can lose at most the last <see cref="FlushInterval"/> of records. A write that fails (full disk, no
/// permission) is logged once until writing works again. The file stays open; one that was moved or deleted (log
/// rotation) is created again within a second. Several processes should share Redis instead.
/// </summary>
public sealed partial class JsonLinesFeedbackStore : IFeedbackStore, IDisposable
{
    /// <summary>How long the writer collects lines before writing them.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Lines waiting at most; beyond it (a disk that stopped taking writes) new records are dropped and counted.</summary>
    public const int MaxQueuedLines = 100_000;

    private const int MaxLinesPerWrite = 1024;
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Channel<QueueItem> _queue = Channel.CreateBounded<QueueItem>(new BoundedChannelOptions(MaxQueuedLines)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of waiting: the line is dropped and counted
    });

    private readonly CancellationTokenSource _closing = new();

    private readonly SemaphoreSlim _fileLock = new(1, 1);
    private readonly ILogger _logger;
    private readonly Task _writer;
    private FileStream? _file;
    private long _checkedAt;
    private bool _failing;
    private long _dropped;

    public JsonLinesFeedbackStore(string path, ILogger<JsonLinesFeedbackStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _writer = Task.Run(WriteLinesAsync);
    }

    public string FilePath { get; }

    public string Description => FilePath;

    /// <summary>Queues the record's line; it is in the file within <see cref="FlushInterval"/>.</summary>
    public Task AppendAsync(FeedbackRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = Utf8NoBom.GetBytes(record.ToJson() + "\n");
        if (!_queue.Writer.TryWrite(new QueueItem(line, null)))
        {
            ObjectDisposedException.ThrowIf(_queue.Reader.Completion.IsCompleted, this);
            if (Interlocked.Increment(ref _dropped) == 1)
            {
                LogDropped(_logger, MaxQueuedLines);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Completes once every line queued before the call is written (or its write has failed).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new QueueItem(null, done), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return; // Disposed: everything queued was written on the way out.
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FeedbackRecord>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        if (!File.Exists(FilePath))
        {
            return [];
        }

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

    /// <summary>Writes what is queued, then closes the file.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _closing.Cancel();
        _writer.GetAwaiter().GetResult();
        _file?.Dispose();
        _file = null;
        _fileLock.Dispose();
        _closing.Dispose();
    }

    private async Task WriteLinesAsync()
    {
        var flushed = new List<TaskCompletionSource>();
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Collect for a moment, unless someone waits for the file (a flush) or the bot is shutting down.
            if (reader.TryPeek(out var first) && first.Flushed is null && !_closing.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(FlushInterval, _closing.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Shutting down: write what is there now.
                }
            }

            buffer.ResetWrittenCount();
            flushed.Clear();
            var lines = 0;
            while (lines < MaxLinesPerWrite && reader.TryRead(out var item))
            {
                if (item.Line is { } line)
                {
                    buffer.Write(line);
                    lines++;
                }
                else if (item.Flushed is { } done)
                {
                    flushed.Add(done);
                }
            }

            if (buffer.WrittenCount > 0)
            {
                await WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
            }

            foreach (var done in flushed)
            {
                done.TrySetResult();
            }
        }
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        await _fileLock.WaitAsync().ConfigureAwait(false);
        try
        {
            // A few KB into the page cache: written synchronously.
            OpenForAppend().Write(bytes.Span);
            if (_failing)
            {
                _failing = false;
                LogRecovered(_logger);
            }
        }
        catch (Exception ex)
        {
            // Feedback is for staff; these lines are lost, the next write starts from a fresh handle.
            _file?.Dispose();
            _file = null;
            if (!_failing)
            {
                _failing = true;
                LogFailed(_logger, ex.GetType().Name, ex);
            }
        }
        finally
        {
            _fileLock.Release();
        }
    }

    // Under the file lock.
    private FileStream OpenForAppend()
    {
        // Rotation check at most once a second, not a file-system call per write.
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
            _checkedAt = tick;
        }

        return _file;
    }

    /// <summary>A line to write, or a flush marker to complete once everything before it is written.</summary>
    private readonly record struct QueueItem(byte[]? Line, TaskCompletionSource? Flushed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Feedback store failed ({ErrorType}); feedback is not recorded until it recovers")]
    private static partial void LogFailed(ILogger logger, string errorType, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback store works again")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Feedback writer is {MaxQueuedLines} lines behind; new feedback records are dropped until it catches up")]
    private static partial void LogDropped(ILogger logger, int maxQueuedLines);
}
