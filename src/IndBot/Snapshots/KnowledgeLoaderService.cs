using System.Threading.Channels;
using IndBot.Answers.Decisions;
using IndBot.Answers.Retrieval;
using IndBot.Knowledge;
using Microsoft.Extensions.Options;
using IndBot.Telemetry;

namespace IndBot.Snapshots;

/// <summary>
/// Loads the knowledge at start-up, off the request path, and (with <see cref="KnowledgeOptions.Watch"/>) rebuilds it
/// when files change. A broken edit is logged with file and line and the previous snapshot keeps serving.
/// </summary>
public sealed partial class KnowledgeLoaderService : BackgroundService, IHostedLifecycleService
{
    private readonly KnowledgeState _state;
    private readonly IOptions<KnowledgeOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly IndBotMetrics _metrics;
    private readonly ILogger<KnowledgeLoaderService> _logger;

    // The first load, begun in StartingAsync (or ExecuteAsync when the host has no lifecycle calls): what the reloads go on from.
    private Task<(string Path, Channel<string> Changes, FileSystemWatcher? Watcher, string Fingerprint)?>? _first;

    public KnowledgeLoaderService(KnowledgeState state, IOptions<KnowledgeOptions> options, TimeProvider timeProvider, IndBotMetrics metrics, ILogger<KnowledgeLoaderService> logger)
    {
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// Begins the first load before any hosted service starts, the web server included (the host calls every
    /// <c>StartingAsync</c> first), on its own thread: reading and indexing the knowledge is most of the time to the first
    /// answer, and the server's start runs beside it. The server still listens before the index is ready.
    /// </summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _first ??= Task.Factory.StartNew(FirstLoad, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start-up must not wait for the index: /healthz answers 503 until it is ready.
        _first ??= Task.Run(FirstLoad, CancellationToken.None);
        var watching = await _first;
        if (watching is null)
        {
            return;
        }

        var (path, changes, _, fingerprint) = watching.Value;
        using var watcher = watching.Value.Watcher;
        var options = _options.Value;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Events from the watcher, with a periodic check as a safety net: mounted volumes and network
                // shares often deliver no file events at all.
                if (!await WaitForChangeAsync(changes.Reader, options.PollInterval, stoppingToken))
                {
                    var current = Fingerprint(path, fingerprint);
                    if (current == fingerprint)
                    {
                        continue;
                    }
                }

                // Debounce: wait for a quiet moment, then rebuild once for the whole burst.
                do
                {
                    changes.Reader.TryRead(out _);
                    await Task.Delay(options.ReloadDelay, _timeProvider, stoppingToken);
                }
                while (changes.Reader.TryPeek(out _));

                fingerprint = Fingerprint(path, fingerprint);
                Load(path);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The first load; with <see cref="KnowledgeOptions.Watch"/>, the watcher and fingerprint the reloads go on from.</summary>
    private (string Path, Channel<string> Changes, FileSystemWatcher? Watcher, string Fingerprint)? FirstLoad()
    {
        var options = _options.Value;
        var path = KnowledgeLocator.Find(options.Path);
        if (!options.Watch || !Directory.Exists(path))
        {
            Load(path);
            return null;
        }

        // Watch before the first load, so an edit made while it loads is not missed.
        var changes = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var watcher = StartWatcher(path, changes.Writer);
        var fingerprint = Fingerprint(path, string.Empty);
        Load(path);
        return (path, changes, watcher, fingerprint);
    }

    private async Task<bool> WaitForChangeAsync(ChannelReader<string> changes, TimeSpan pollInterval, CancellationToken stoppingToken)
    {
        using var poll = new CancellationTokenSource(pollInterval, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(poll.Token, stoppingToken);
        try
        {
            return await changes.WaitToReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private FileSystemWatcher? StartWatcher(string path, ChannelWriter<string> changes)
    {
        try
        {
            var watcher = new FileSystemWatcher(path)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            FileSystemEventHandler onChange = (_, e) => changes.TryWrite(e.FullPath);
            watcher.Changed += onChange;
            watcher.Created += onChange;
            watcher.Deleted += onChange;
            watcher.Renamed += (_, e) => changes.TryWrite(e.FullPath);
            watcher.Error += (_, e) =>
            {
                LogWatcherError(_logger, e.GetException());
                changes.TryWrite(path);
            };
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or PlatformNotSupportedException or UnauthorizedAccessException or ArgumentException)
        {
            // E.g. the inotify instance limit: the periodic check still picks up edits.
            LogWatcherUnavailable(_logger, ex);
            return null;
        }
    }

    /// <summary>Names, sizes and write times of every file under the knowledge folder; the previous value when unreadable.</summary>
    private static string Fingerprint(string path, string previous)
    {
        try
        {
            var hash = new HashCode();
            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(file);
                hash.Add(file, StringComparer.Ordinal);
                hash.Add(info.Length);
                hash.Add(info.LastWriteTimeUtc.Ticks);
            }

            return hash.ToHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return previous;
        }
    }

    /// <summary>Loads and indexes the knowledge under <paramref name="path"/> and swaps it in; keeps the old one on problems.</summary>
    internal void Load(string path)
    {
        var started = _timeProvider.GetTimestamp();
        var at = _timeProvider.GetUtcNow();
        IReadOnlyList<KnowledgeProblem> problems;
        try
        {
            var (knowledge, engine, loadProblems) = EngineFactory.TryLoad(path, _timeProvider, new EngineOptions { SearchCacheSize = _options.Value.SearchCacheSize });
            problems = loadProblems;
            if (knowledge is not null && engine is not null)
            {
                var snapshot = new KnowledgeSnapshot(knowledge, engine.Engine, at, engine);
                _metrics.Reload(success: true);
                _state.Publish(snapshot, path, at);
                LogLoaded(_logger, path, knowledge.Faqs.Count, knowledge.Desks.Count, _timeProvider.GetElapsedTime(started).TotalMilliseconds);
                return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The boundary of a background load: whatever a broken file causes, the previous knowledge keeps serving
            // (an exception escaping a BackgroundService would stop the host).
            problems = ex is KnowledgeException k ? k.Problems : [new KnowledgeProblem(path, 0, $"{ex.GetType().Name}: {ex.Message}")];
        }

        if (problems.Count == 0)
        {
            problems = [new KnowledgeProblem(path, 0, "The knowledge could not be loaded.")];
        }

        foreach (var problem in problems)
        {
            LogProblem(_logger, problem.File, problem.Line, problem.Message);
        }

        _metrics.Reload(success: false);
        _state.ReportProblems(problems, path, at);
        if (_state.Current is null)
        {
            LogNotServing(_logger, path, problems.Count);
        }
        else
        {
            LogKeptPrevious(_logger, path, problems.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge loaded from {Path}: {Faqs} FAQ entries, {Desks} desks in {ElapsedMs:F0} ms")]
    private static partial void LogLoaded(ILogger logger, string path, int faqs, int desks, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Knowledge problem in {File}:{Line}: {Problem}")]
    private static partial void LogProblem(ILogger logger, string file, int line, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Knowledge in {Path} has {Count} problems; the previous version keeps serving")]
    private static partial void LogKeptPrevious(ILogger logger, string path, int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Knowledge in {Path} has {Count} problems and nothing is loaded; the bot cannot answer")]
    private static partial void LogNotServing(ILogger logger, string path, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The knowledge file watcher is unavailable; checking for changes periodically")]
    private static partial void LogWatcherUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The knowledge file watcher failed; reloading")]
    private static partial void LogWatcherError(ILogger logger, Exception exception);
}
