using System.Collections.Concurrent;
using System.Text.Json;
using IndBot.Answers.Decisions;
using IndBot.Bot;
using IndBot.BotFramework;
using IndBot.BotFramework.Schema;
using IndBot.Knowledge;

namespace IndBot.Replies;

/// <summary>How a reply is rendered: the channel and the local time in Amsterdam.</summary>
/// <param name="ChannelId">The activity's channel; Teams gets card buttons instead of suggested actions.</param>
/// <param name="Now">Local time in Europe/Amsterdam, for "today" and "open now" on desk cards.</param>
public sealed record ReplyOptions(string? ChannelId, DateTime Now);

/// <summary>
/// Turns an engine decision into message activities for a channel. Everything it shows comes from the knowledge;
/// nothing the user typed is echoed.
/// </summary>
public sealed class ReplyRenderer
{
    /// <summary>Teams shows at most 3 suggested actions; the engine offers at most 3 options anyway.</summary>
    public const int MaxOptions = 3;

    public const int MaxStarters = 4;

    private readonly KnowledgeBase _knowledge;
    private readonly ReplyText _text;

    // Cards depend only on the knowledge (this renderer's) and a few values, so each is built once: per entry and
    // language for "Was this helpful?", per desk, language, weekday and open-or-closed for desk cards. Both are
    // bounded by the knowledge; JsonElement is immutable, so replies can share the content.
    private readonly ConcurrentDictionary<(string EntryId, string Language), JsonElement> _feedbackCards = new();
    private readonly ConcurrentDictionary<(string DeskId, string Language, DayOfWeek Day, bool Open), JsonElement> _deskCards = new();

    public ReplyRenderer(KnowledgeBase knowledge)
    {
        _knowledge = knowledge ?? throw new ArgumentNullException(nameof(knowledge));
        _text = new ReplyText(knowledge);
    }

    /// <summary>The words of replies (also used by the staff command line).</summary>
    public ReplyText Text => _text;

    private Messages Messages => _knowledge.Messages;

    /// <summary>"nl-NL" or "en-US": the locale of replies in a language.</summary>
    public static string Locale(string? language) => language == Languages.Dutch ? "nl-NL" : "en-US";

    /// <summary>The reply language for a client locale: Dutch for nl-*, English otherwise.</summary>
    public static string LanguageOf(string? locale) =>
        locale is not null && (locale.Equals("nl", StringComparison.OrdinalIgnoreCase) || locale.StartsWith("nl-", StringComparison.OrdinalIgnoreCase))
            ? Languages.Dutch
            : Languages.English;

    public IReadOnlyList<Activity> Render(Decision decision, ReplyOptions options)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(options);

        // One activity per answer (a message that asks two things gets two), each with its own card and feedback.
        var replies = decision.Kind switch
        {
            DecisionKind.Answer => decision.Answers.Select(a => a.Desk is not null || a.Desks?.Nearest is not null ? DeskAnswer(decision, a, options) : Answer(decision, a, options)).ToList(),
            DecisionKind.Clarification => new List<Activity> { Clarification(decision, options) },
            DecisionKind.Fallback => new List<Activity> { Fallback(decision, options) },
            _ => new List<Activity> { Markdown(_text.SmallTalk(decision)) },
        };

        if (decision.PersonalDataNotice)
        {
            var notice = Messages.Get("personalData", decision.Language);
            replies[0].Text = string.IsNullOrEmpty(replies[0].Text) ? notice : notice + "\n\n" + replies[0].Text;
        }

        foreach (var reply in replies)
        {
            reply.Locale = Locale(decision.Language);
        }

        return replies;
    }

    /// <summary>The welcome with 3–4 starter questions (suggested actions; card buttons in Teams).</summary>
    public Activity Welcome(string language, string? channelId)
    {
        var starters = Messages.List("starters", language).Take(MaxStarters).Select(s => new CardAction(ActionTypes.ImBack, s, s)).ToList();
        var welcome = Messages.Get("welcome", language).Trim();
        var activity = IsTeams(channelId) ? Markdown(welcome, new HeroCard { Buttons = starters }.ToAttachment()) : WithSuggestedActions(Markdown(welcome), starters);
        activity.Locale = Locale(language);
        return activity;
    }

    public Activity FeedbackThanks(string language)
    {
        var activity = Markdown(Messages.Get("feedbackThanks", language));
        activity.Locale = Locale(language);
        return activity;
    }

    /// <summary>The turn-error message: sorry, try again, how to reach the IND. Never the exception text.</summary>
    public Activity Error(string language)
    {
        var activity = Markdown(Messages.Get("error", language));
        activity.Locale = Locale(language);
        return activity;
    }

    /// <summary>The value of the answer trace the Emulator's inspector shows.</summary>
    public static AnswerTrace Trace(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new AnswerTrace(
            KindName(decision.Kind),
            decision.EntryId,
            decision.Confidence,
            decision.Language,
            decision.Candidates.Select(c => new AnswerTraceCandidate(c.EntryId, c.Title, c.Score)).ToList(),
            decision.Corrections,
            decision.SmallTalkIntent);
    }

    public static string KindName(DecisionKind kind) => kind switch
    {
        DecisionKind.Answer => "answer",
        DecisionKind.Clarification => "clarification",
        DecisionKind.Fallback => "fallback",
        DecisionKind.SmallTalk => "smalltalk",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private Activity Answer(Decision decision, AnswerPart part, ReplyOptions options)
    {
        var attachments = new List<Attachment>();
        if (CallButton(decision) is { } call)
        {
            attachments.Add(new HeroCard { Buttons = [call] }.ToAttachment());
        }

        attachments.Add(FeedbackCard(decision, part.Topic.Id));
        var activity = Markdown(_text.Answer(part, decision.Language, options.Now), [.. attachments]);
        if (part.Desks?.AsksWhichDesk == true)
        {
            // "Which desk do you mean?": each desk's name is a button (card buttons in Teams, which drops suggested actions with attachments).
            var desks = part.Desks.Desks.Select(d => new CardAction(ActionTypes.ImBack, d.Name, d.Name)).ToList();
            if (IsTeams(options.ChannelId))
            {
                activity.Attachments!.Insert(0, new HeroCard { Buttons = desks }.ToAttachment());
            }
            else
            {
                WithSuggestedActions(activity, desks);
            }
        }

        return activity;
    }

    private Activity DeskAnswer(Decision decision, AnswerPart part, ReplyOptions options)
    {
        // The card shows the desk's details, so the text carries only the sentence that answers the question.
        var desk = part.Desk?.Desk ?? part.Desks!.Nearest!;
        var lead = part.Desk is { } facts ? _text.DeskLead(facts, decision.Language) : _text.DeskList(part.Desks!, decision.Language);
        var card = DeskCardFor(desk, decision.Language, options.Now);
        var activity = Markdown(lead, card, FeedbackCard(decision, part.Topic.Id));
        // Clients that cannot show cards read the summary and what is spoken.
        activity.Summary = desk.Name;
        activity.Speak = lead ?? desk.Name;
        return activity;
    }

    private Activity Clarification(Decision decision, ReplyOptions options)
    {
        var text = _text.Clarification(decision);
        var buttons = decision.Options.Take(MaxOptions).Select(o => new CardAction(ActionTypes.ImBack, o.Title, o.Question)).ToList();
        if (buttons.Count == 0)
        {
            return Markdown(text);
        }

        if (buttons.Count == 1)
        {
            // "Do you mean …?": yes asks that question, no says none of these (the fallback with the contact options).
            var none = Messages.Get("noneOfThese", decision.Language);
            buttons = [new CardAction(ActionTypes.ImBack, Messages.Get("feedbackYes", decision.Language), decision.Options[0].Question), new CardAction(ActionTypes.ImBack, Messages.Get("feedbackNo", decision.Language), none)];
        }

        return IsTeams(options.ChannelId)
            ? Markdown(text, new HeroCard { Buttons = buttons }.ToAttachment())
            : WithSuggestedActions(Markdown(text), buttons);
    }

    private Activity Fallback(Decision decision, ReplyOptions options)
    {
        var text = _text.Fallback(decision, options.Now);
        return CallButton(decision) is { } call
            ? Markdown(text, new HeroCard { Buttons = [call] }.ToAttachment())
            : Markdown(text);
    }

    private CardAction? CallButton(Decision decision)
    {
        var phone = decision.Contacts.FirstOrDefault(c => c.Link is not null && c.Link.StartsWith("tel:", StringComparison.OrdinalIgnoreCase));
        return phone is null
            ? null
            : new CardAction(ActionTypes.OpenUrl, Messages.Get("callButton", decision.Language), phone.Link);
    }

    private Attachment FeedbackCard(Decision decision, string entryId)
    {
        var content = _feedbackCards.GetOrAdd((entryId, decision.Language), key => new HeroCard
        {
            Text = Messages.Get("feedbackQuestion", key.Language),
            Buttons =
            [
                FeedbackButton(key.EntryId, key.Language, helpful: true, Messages.Get("feedbackYes", key.Language)),
                FeedbackButton(key.EntryId, key.Language, helpful: false, Messages.Get("feedbackNo", key.Language)),
            ],
        }.ToAttachment().Content!.Value);
        return new Attachment { ContentType = HeroCard.ContentType, Content = content };
    }

    private Attachment DeskCardFor(Desk desk, string language, DateTime now)
    {
        var content = _deskCards.GetOrAdd(
            (desk.Id, language, now.DayOfWeek, desk.Hours.IsOpen(now)),
            _ => DeskCard.Create(desk, _text, Messages, language, now).Content!.Value);
        return new Attachment { ContentType = AttachmentContentTypes.AdaptiveCard, Content = content };
    }

    private static CardAction FeedbackButton(string entryId, string language, bool helpful, string title) => new()
    {
        // messageBack: the value comes back in activity.value; the title shows in the transcript (Web Chat, Teams).
        Type = ActionTypes.MessageBack,
        Title = title,
        Text = title,
        DisplayText = title,
        Value = new FeedbackValue { Helpful = helpful, EntryId = entryId, Language = language }.ToElement(),
    };

    private static Activity Markdown(string? text, params Attachment[] attachments)
    {
        var activity = attachments.Length == 0 ? MessageFactory.Text(text) : MessageFactory.Attachment(attachments, text);
        activity.TextFormat = TextFormatTypes.Markdown;
        activity.InputHint = InputHints.AcceptingInput;
        return activity;
    }

    private static Activity WithSuggestedActions(Activity activity, IReadOnlyList<CardAction> actions)
    {
        activity.SuggestedActions = new SuggestedActions { Actions = actions.ToList() };
        return activity;
    }

    private static bool IsTeams(string? channelId) => string.Equals(channelId, Channels.Msteams, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Value of the <c>IndBot.Answer</c> trace activity.</summary>
public sealed record AnswerTrace(
    string Kind,
    string? EntryId,
    double Confidence,
    string Language,
    IReadOnlyList<AnswerTraceCandidate> Candidates,
    IReadOnlyList<string> Corrections,
    string? SmallTalkIntent)
{
    public const string Name = "IndBot.Answer";
    public const string Label = "IndBot answer decision";
    public const string ValueType = "https://indbot/answer-decision";
}

public sealed record AnswerTraceCandidate(string EntryId, string Title, double Score);
