using IndBot.Answers.Decisions;
using IndBot.Answers.Text;
using IndBot.BotFramework.Schema;
using IndBot.Feedback;
using IndBot.Replies;

namespace IndBot.Bot;

/// <summary>
/// Records what staff need to improve the knowledge: fallbacks, clarifications, the option a user then chose, and
/// helpful votes. Every question is redacted and every conversation id hashed before it is stored. A failing store
/// never costs an answer; it is logged once until it works again. Singleton.
/// </summary>
public sealed partial class FeedbackRecorder
{
    /// <summary>Long enough for any real question; a pasted letter is cut.</summary>
    private const int MaxQuestionLength = 300;

    private readonly IFeedbackStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FeedbackRecorder> _logger;
    private int _failing;

    public FeedbackRecorder(IFeedbackStore store, TimeProvider timeProvider, ILogger<FeedbackRecorder> logger)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// Records a message's decision, and the option of <paramref name="pending"/> (last turn's "Did you mean…") it chose
    /// if it answered one. Returns the options this turn offers, for the next turn; null when it offers none.
    /// </summary>
    public async Task<PendingClarification?> RecordTurnAsync(string conversation, PendingClarification? pending, string text, Decision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(decision);
        if (pending is not null)
        {
            var normalized = UserText.Normalize(text);
            var chosen = pending.Options.FirstOrDefault(o => UserText.Normalize(o.Question) == normalized);
            if (chosen is not null)
            {
                await AppendAsync(new FeedbackRecord
                {
                    At = _timeProvider.GetUtcNow(),
                    Kind = FeedbackKinds.Choice,
                    Conversation = conversation,
                    Language = pending.Language,
                    Question = pending.Question,
                    EntryId = chosen.EntryId,
                }, cancellationToken).ConfigureAwait(false);
            }
        }

        switch (decision.Kind)
        {
            case DecisionKind.Fallback:
                await AppendAsync(new FeedbackRecord
                {
                    At = _timeProvider.GetUtcNow(),
                    Kind = FeedbackKinds.Fallback,
                    Conversation = conversation,
                    Language = decision.Language,
                    Question = Redacted(text),
                    TopCandidate = decision.Candidates.FirstOrDefault()?.EntryId,
                }, cancellationToken).ConfigureAwait(false);
                break;

            case DecisionKind.Clarification when decision.Options.Count > 0:
                var question = Redacted(text);
                var options = decision.Options.Take(ReplyRenderer.MaxOptions).ToList();
                await AppendAsync(new FeedbackRecord
                {
                    At = _timeProvider.GetUtcNow(),
                    Kind = FeedbackKinds.Clarification,
                    Conversation = conversation,
                    Language = decision.Language,
                    Question = question,
                    Options = [.. options.Select(o => o.EntryId)],
                }, cancellationToken).ConfigureAwait(false);
                return new PendingClarification
                {
                    Question = question,
                    Language = decision.Language,
                    Options = [.. options.Select(o => new PendingOption(o.EntryId, o.Question))],
                };
        }

        return null;
    }

    /// <summary>Records a "Was this helpful?" vote.</summary>
    public Task RecordVoteAsync(Activity activity, FeedbackValue vote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(vote);
        return AppendAsync(new FeedbackRecord
        {
            At = _timeProvider.GetUtcNow(),
            Kind = FeedbackKinds.Vote,
            Conversation = ConversationState.ConversationIdFor(activity),
            Language = vote.Language,
            EntryId = vote.EntryId,
            Helpful = vote.Helpful,
        }, cancellationToken);
    }

    private static string Redacted(string text)
    {
        // Cleaned first, as the engine does: a control or zero-width character inside a number must not hide it.
        var redacted = PersonalData.Redact(UserText.Clean(text)).Text.Trim();
        return redacted.Length > MaxQuestionLength ? redacted[..MaxQuestionLength] : redacted;
    }

    private async Task AppendAsync(FeedbackRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await _store.AppendAsync(record, cancellationToken).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                LogStoreRecovered(_logger);
            }
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // Feedback is for staff; a full disk or Redis outage must not cost the user an answer.
            if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                LogStoreFailed(_logger, ex.GetType().Name, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Feedback store failed ({ErrorType}); feedback is not recorded until it recovers")]
    private static partial void LogStoreFailed(ILogger logger, string errorType, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback store works again")]
    private static partial void LogStoreRecovered(ILogger logger);
}
