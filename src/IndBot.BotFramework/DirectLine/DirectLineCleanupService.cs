using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IndBot.BotFramework.DirectLine;

/// <summary>Sweeps idle conversations (and the record of superseded tokens) once a minute so memory does not grow with abandoned chats.</summary>
internal sealed partial class DirectLineCleanupService : BackgroundService
{
    private readonly DirectLineConversationStore _store;
    private readonly DirectLineTokenService _tokens;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DirectLineCleanupService> _logger;

    public DirectLineCleanupService(DirectLineConversationStore store, DirectLineTokenService tokens, TimeProvider timeProvider, ILogger<DirectLineCleanupService> logger)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                _tokens.RemoveStaleSupersessions();
                var removed = _store.RemoveExpired();
                if (removed > 0)
                {
                    LogRemoved(removed, _store.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Direct Line: dropped {Removed} idle conversations, {Remaining} left")]
    private partial void LogRemoved(int removed, int remaining);
}
