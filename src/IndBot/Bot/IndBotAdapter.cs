using IndBot.BotFramework;
using IndBot.BotFramework.Authentication;
using IndBot.BotFramework.Connector;
using IndBot.Hosting;
using IndBot.Snapshots;
using Microsoft.Extensions.Options;

using IndBot.Replies;

namespace IndBot.Bot;

/// <summary>
/// The adapter with IndBot's turn error boundary (like the samples' <c>AdapterWithErrorHandler</c>): it tells the user,
/// in their language, that something went wrong and how to reach the IND — never the exception text.
/// </summary>
public sealed class IndBotAdapter : CloudAdapter
{
    // Used when the knowledge (and with it the texts) is not loaded yet.
    private const string ErrorEnglish = "Sorry, something went wrong on our side. Please try again later, or call the IND on 088 0430 430 (Monday to Friday, 09:00–17:00).";
    private const string ErrorDutch = "Sorry, er ging bij ons iets mis. Probeer het later opnieuw of bel de IND via 088 0430 430 (maandag tot en met vrijdag, 09:00–17:00).";

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
        var reply = _knowledge.Current is { } snapshot
            ? snapshot.Renderer.Error(language)
            : BotFramework.MessageFactory.Text(language == "nl" ? ErrorDutch : ErrorEnglish);
        reply.Locale ??= ReplyRenderer.Locale(language);
        await turnContext.SendActivityAsync(reply, CancellationToken.None).ConfigureAwait(false);
    }
}
