using IndBot.BotFramework;
using IndBot.BotFramework.Authentication;
using IndBot.BotFramework.Connector;
using IndBot.Snapshots;
using IndBot.Replies;
using Microsoft.Extensions.Options;
using IndBot.Telemetry;

namespace IndBot.Bot;

/// <summary>
/// The adapter with IndBot's turn error boundary (like the samples' <c>AdapterWithErrorHandler</c>): it tells the user,
/// in their language, that something went wrong and how to reach the IND — never the exception text. The words are
/// those of <c>messages.yaml</c>; before any knowledge has loaded, <see cref="BeforeKnowledgeTexts"/>.
/// </summary>
public sealed class IndBotAdapter : CloudAdapter
{
    private readonly KnowledgeState _knowledge;
    private readonly IndBotMetrics _metrics;

    public IndBotAdapter(
        IBotFrameworkAuthenticator authenticator,
        IConnectorClientFactory connectorClientFactory,
        IOptionsMonitor<ConnectorClientOptions> connectorOptions,
        TimeProvider timeProvider,
        ILogger<CloudAdapter> logger,
        KnowledgeState knowledge,
        IOptions<IndBotOptions> options,
        IndBotMetrics metrics)
        : base(authenticator, connectorClientFactory, connectorOptions, timeProvider, logger)
    {
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _knowledge = knowledge ?? throw new ArgumentNullException(nameof(knowledge));
        ArgumentNullException.ThrowIfNull(options);
        TraceOnAllChannels = options.Value.TraceOnAllChannels;
        OnTurnError = SendErrorMessageAsync;
    }

    private async Task SendErrorMessageAsync(ITurnContext turnContext, Exception exception)
    {
        _metrics.Error();

        // The adapter has logged the exception; a message with no one to answer (typing, events…) gets no reply.
        if (turnContext.Activity.Type != BotFramework.Schema.ActivityTypes.Message)
        {
            return;
        }

        var language = ReplyRenderer.LanguageOf(turnContext.Activity.Locale);
        var reply = _knowledge.Current is { } snapshot ? snapshot.Renderer.Error(language) : BeforeKnowledgeTexts.Error(language);
        await turnContext.SendActivityAsync(reply, CancellationToken.None).ConfigureAwait(false);
    }
}
