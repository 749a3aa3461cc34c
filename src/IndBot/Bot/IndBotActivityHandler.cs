using IndBot.Answers.Desks;
using IndBot.Answers.Decisions;
using IndBot.BotFramework;
using IndBot.BotFramework.Schema;
using IndBot.Replies;
using IndBot.Snapshots;
using Microsoft.Extensions.Options;
using IndBot.Telemetry;

namespace IndBot.Bot;

/// <summary>
/// The IndBot bot for Web Chat, Teams and the Emulator. It only routes: a message goes to the answer engine with the
/// conversation's context, the decision is rendered for the channel; new members get a welcome.
/// Singleton: it keeps no per-turn state (a conversation's state is loaded and saved once per turn by
/// <see cref="ConversationState"/>).
/// </summary>
public sealed partial class IndBotActivityHandler : ActivityHandler
{
    private readonly KnowledgeState _knowledge;
    private readonly ConversationState _state;
    private readonly FeedbackRecorder _feedback;
    private readonly IOptionsMonitor<IndBotOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly IndBotMetrics _metrics;
    private readonly ILogger<IndBotActivityHandler> _logger;

    public IndBotActivityHandler(
        KnowledgeState knowledge,
        ConversationState state,
        FeedbackRecorder feedback,
        IOptionsMonitor<IndBotOptions> options,
        TimeProvider timeProvider,
        IndBotMetrics metrics,
        ILogger<IndBotActivityHandler> logger)
    {
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _knowledge = knowledge ?? throw new ArgumentNullException(nameof(knowledge));
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _feedback = feedback ?? throw new ArgumentNullException(nameof(feedback));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// How long a message sent during start-up waits for the knowledge: less than the turn's deadline
    /// (<c>Connector:TurnTimeout</c>, 12 s), so that the user still gets the error message with the contact options.
    /// </summary>
    public static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(10);

    /// <summary>Runs the turn, then writes the conversation's state once, if the turn changed it (SDK: <c>SaveChangesAsync</c>).</summary>
    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        await base.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
        await _state.SaveChangesAsync(turnContext, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var started = _timeProvider.GetTimestamp();
        var snapshot = await AcquireSnapshotAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await HandleMessageAsync(turnContext, snapshot, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _knowledge.Release(snapshot);
            _metrics.Turn(_timeProvider.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private async Task HandleMessageAsync(ITurnContext turnContext, KnowledgeSnapshot snapshot, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;

        if (FeedbackValue.TryRead(activity.Value, out var sent))
        {
            // A "Was this helpful?" button of an earlier version's card, still in a transcript.
            await RecordVoteAsync(activity, snapshot, sent, cancellationToken).ConfigureAwait(false);
            var language = sent.Language is "nl" or "en" ? sent.Language : ReplyRenderer.LanguageOf(activity.Locale);
            await turnContext.SendActivityAsync(snapshot.Renderer.FeedbackThanks(language), cancellationToken).ConfigureAwait(false);
            return;
        }

        // Teams puts "<at>IndBot</at>" in the text of channel and group messages. A pressed card button (Action.Submit)
        // comes as a value without text: it asks its question.
        var text = activity.RemoveRecipientMention() ?? string.Empty;
        if (string.IsNullOrWhiteSpace(text) && ReplyRenderer.SubmittedQuestion(activity.Value) is { } submitted)
        {
            text = submitted;
        }

        var state = await _state.LoadAsync(turnContext, cancellationToken).ConfigureAwait(false);

        // In an expectReplies body the typing activity would arrive together with the answer: no client could show it.
        if (_options.CurrentValue.TypingIndicator && IsWebChat(activity.ChannelId) && activity.DeliveryMode != DeliveryModes.ExpectReplies)
        {
            await turnContext.SendActivityAsync(new Activity { Type = ActivityTypes.Typing }, cancellationToken).ConfigureAwait(false);
        }

        var decision = snapshot.Engine.Decide(new Question(text) { Locale = activity.Locale, Context = state.Context.ToContext() });
        _metrics.Decision(ReplyRenderer.KindName(decision.Kind), decision.Language);
        state.Context = StoredContext.From(decision.Context);
        state.Clarification = await _feedback.RecordTurnAsync(ConversationState.ConversationIdFor(activity), state.Clarification, text, decision, cancellationToken).ConfigureAwait(false);

        var warned = decision.PersonalDataNotice;
        var options = new ReplyOptions(activity.ChannelId, AmsterdamTime.Now(_timeProvider));
        var replies = snapshot.Renderer.Render(decision, options);
        var delivered = await turnContext.SendActivitiesAsync([.. replies], cancellationToken).ConfigureAwait(false);
        if (decision.Kind == DecisionKind.Answer && activity.ChannelId == Channels.Msteams)
        {
            // Teams' feedback names only the rated message: remember which entry each answer's id is (after the reply to
            // a question to the bot, which the renderer sends first).
            state.RememberAnswers(delivered.Skip(decision.SmallTalk is null ? 0 : 1).Zip(decision.Answers)
                .Where(pair => !string.IsNullOrEmpty(pair.First.Id))
                .Select(pair => new RatedAnswer(pair.First.Id!, pair.Second.Topic.Id, decision.Language)));
        }

        if (activity.ChannelId == Channels.Emulator || _options.CurrentValue.TraceOnAllChannels)
        {
            var trace = activity.CreateTrace(AnswerTrace.Name, BotJson.ToElement(ReplyRenderer.Trace(decision)), AnswerTrace.ValueType, AnswerTrace.Label);
            await turnContext.SendActivityAsync(trace, cancellationToken).ConfigureAwait(false);
        }

        LogAnswered(_logger, ReplyRenderer.KindName(decision.Kind), decision.EntryId, decision.Confidence, decision.Language, text.Length, warned);
    }

    protected override Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;

        // Teams: a new colleague joining a team or group chat is no reason to post, and a personal install also sends
        // installationUpdate (add), which welcomes: one welcome per install.
        if (activity.ChannelId == Channels.Msteams)
        {
            return Task.CompletedTask;
        }

        return WelcomeAsync(turnContext, cancellationToken);
    }

    protected override Task OnInstallationUpdateAddAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        // "add-upgrade" is an update of an installed app: the user was welcomed when it was added.
        return turnContext.Activity.Action == "add" && IsPersonalScope(turnContext.Activity) ? WelcomeAsync(turnContext, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Teams' feedback buttons: <c>message/submitAction</c> with <c>actionName: feedback</c>; anything else is 501, as the SDK.</summary>
    protected override async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity.Name != "message/submitAction" || !TryReadTeamsFeedback(activity.Value, out var helpful))
        {
            return new InvokeResponse { Status = 501 };
        }

        // The free-text comment Teams may send is not kept: it could hold anything the user typed.
        var answer = (await _state.LoadAsync(turnContext, cancellationToken).ConfigureAwait(false)).FindAnswer(activity.ReplyToId);
        await RecordVoteAsync(activity, new FeedbackValue { Helpful = helpful, EntryId = answer?.EntryId, Language = answer?.Language }, cancellationToken).ConfigureAwait(false);
        return new InvokeResponse { Status = 200 };
    }

    /// <summary>Web Chat's feedback buttons: an event naming the pressed Like or Dislike action of an answer.</summary>
    protected override async Task OnEventActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity.Name != ReplyRenderer.WebChatFeedbackEvent || activity.Entities is not [{ } action, ..])
        {
            return;
        }

        var properties = action.Properties;
        var type = properties?.GetValueOrDefault("@type") is { ValueKind: System.Text.Json.JsonValueKind.String } t ? t.GetString() : null;
        var id = properties?.GetValueOrDefault("@id") is { ValueKind: System.Text.Json.JsonValueKind.String } i ? i.GetString() : null;
        if (type is not ("LikeAction" or "DislikeAction") || id is null || !id.StartsWith(ReplyRenderer.FeedbackActionPrefix, StringComparison.Ordinal))
        {
            return;
        }

        // indbot:feedback/{language}/{entryId}: checked against the knowledge before it is logged or stored.
        var parts = id[ReplyRenderer.FeedbackActionPrefix.Length..].Split('/', 2);
        var vote = new FeedbackValue { Helpful = type == "LikeAction", Language = parts[0], EntryId = parts.Length == 2 ? parts[1] : null };
        await RecordVoteAsync(activity, vote, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a vote. The values come back from the client as it likes: only an entry the knowledge has and a
    /// language the bot speaks are logged and stored, anything else (typed text, forged log lines) is dropped.
    /// </summary>
    private async Task RecordVoteAsync(Activity activity, FeedbackValue sent, CancellationToken cancellationToken)
    {
        var snapshot = await AcquireSnapshotAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RecordVoteAsync(activity, snapshot, sent, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _knowledge.Release(snapshot);
        }
    }

    private async Task RecordVoteAsync(Activity activity, KnowledgeSnapshot snapshot, FeedbackValue sent, CancellationToken cancellationToken)
    {
        var feedback = sent with
        {
            EntryId = sent.EntryId is { Length: <= 80 } entryId && snapshot.Knowledge.Find(entryId) is not null ? entryId : null,
            Language = sent.Language is "nl" or "en" ? sent.Language : null,
        };
        LogFeedback(_logger, feedback.EntryId, feedback.Helpful, feedback.Language);
        await _feedback.RecordVoteAsync(activity, feedback, cancellationToken).ConfigureAwait(false);
    }

    private static bool TryReadTeamsFeedback(System.Text.Json.JsonElement? value, out bool helpful)
    {
        helpful = false;
        if (value is not { ValueKind: System.Text.Json.JsonValueKind.Object } element
            || !element.TryGetProperty("actionName", out var name) || !name.ValueEquals("feedback")
            || !element.TryGetProperty("actionValue", out var actionValue) || actionValue.ValueKind != System.Text.Json.JsonValueKind.Object
            || !actionValue.TryGetProperty("reaction", out var reaction) || reaction.ValueKind != System.Text.Json.JsonValueKind.String)
        {
            return false;
        }

        if (reaction.ValueEquals("like") || reaction.ValueEquals("dislike"))
        {
            helpful = reaction.ValueEquals("like");
            return true;
        }

        return false;
    }

    protected override Task OnReactionsAddedAsync(IList<MessageReaction> messageReactions, ITurnContext turnContext, CancellationToken cancellationToken)
    {
        // Teams reactions on an answer are feedback; the reacted-to message id is all we know, so only count them.
        foreach (var reaction in messageReactions)
        {
            LogReaction(_logger, reaction.Type is { Length: <= 20 } type ? BotFramework.LogValue.Sanitize(type)! : "other");
        }

        return Task.CompletedTask;
    }

    private async Task WelcomeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var snapshot = await AcquireSnapshotAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var language = ReplyRenderer.LanguageOf(turnContext.Activity.Locale);
            await turnContext.SendActivityAsync(snapshot.Renderer.Welcome(language, turnContext.Activity.ChannelId), cancellationToken).ConfigureAwait(false);
            LogWelcomed(_logger, language);
        }
        finally
        {
            _knowledge.Release(snapshot);
        }
    }

    /// <summary>
    /// The knowledge to answer from, acquired for this turn (release it when the turn ends). A message that arrives while the bot is still starting (the index is built after
    /// the server listens) waits for the first load instead of getting the error reply; if that load fails, or takes
    /// longer than <see cref="StartupWait"/>, the turn fails and the user gets the error message with the contact options.
    /// </summary>
    private async ValueTask<KnowledgeSnapshot> AcquireSnapshotAsync(CancellationToken cancellationToken)
    {
        if (_knowledge.Acquire() is { } current)
        {
            return current;
        }

        var attempt = _knowledge.NextUpdateAsync();
        if (_knowledge.Current is null && _knowledge.LastAttemptAt is null)
        {
            try
            {
                await attempt.WaitAsync(StartupWait, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Still loading: answer with the error message rather than keep the user waiting.
            }
        }

        return _knowledge.Acquire() ?? throw new InvalidOperationException("The knowledge is not loaded yet.");
    }

    private static bool IsWebChat(string? channelId) => channelId is Channels.Directline or Channels.Webchat;

    private static bool IsPersonalScope(Activity activity) =>
        activity.Conversation?.ConversationType is null or "personal";

    // Debug, not Information: one line per message is the hot path's largest cost under load (console logging), and
    // the decision counts are in the metrics (indbot.decisions) and fallbacks/clarifications in the feedback records.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Answered a message of {Length} characters: {Kind} {EntryId} (confidence {Confidence}, {Language}, personal data {PersonalData})")]
    private static partial void LogAnswered(ILogger logger, string kind, string? entryId, double confidence, string language, int length, bool personalData);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback on {EntryId}: helpful {Helpful} ({Language})")]
    private static partial void LogFeedback(ILogger logger, string? entryId, bool helpful, string? language);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reaction {Reaction} on an answer")]
    private static partial void LogReaction(ILogger logger, string reaction);

    [LoggerMessage(Level = LogLevel.Information, Message = "Welcomed a new member ({Language})")]
    private static partial void LogWelcomed(ILogger logger, string language);
}
