using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndBot.Answers.Decisions;
using IndBot.Bot;
using IndBot.BotFramework;
using IndBot.BotFramework.Schema;
using IndBot.Knowledge;

namespace IndBot.Replies;

/// <summary>How a reply is rendered: the channel and the local time in Amsterdam.</summary>
/// <param name="ChannelId">The activity's channel; Teams gets Adaptive Card buttons instead of suggested actions and its own feedback buttons.</param>
/// <param name="Now">Local time in Europe/Amsterdam, for "today" and "open now" on desk cards.</param>
public sealed record ReplyOptions(string? ChannelId, DateTime Now);

/// <summary>
/// Turns an engine decision into message activities for a channel. Everything it shows comes from the knowledge;
/// nothing the user typed is echoed. Buttons: suggested actions (imBack) in Web Chat and the Emulator; in Teams, which
/// drops suggested actions on messages with attachments, an Adaptive Card of <c>Action.Submit</c> buttons whose value
/// names the question, which Teams, the Agents Playground and Web Chat all can press. Feedback: each answer
/// carries the channel's own thumbs up/down (Teams' feedback loop; Web Chat's schema.org Like/Dislike actions).
/// </summary>
public sealed class ReplyRenderer
{
    /// <summary>Teams shows at most 3 suggested actions; the engine offers at most 3 options anyway.</summary>
    public const int MaxOptions = 3;

    public const int MaxStarters = 4;

    private readonly KnowledgeBase _knowledge;
    private readonly ReplyText _text;

    /// <summary>The name of the event Web Chat posts when a feedback button is pressed.</summary>
    public const string WebChatFeedbackEvent = "webchat:activity-status/feedback";

    /// <summary>How a Web Chat feedback action names the answer it rates: <c>indbot:feedback/{language}/{entryId}</c>.</summary>
    public const string FeedbackActionPrefix = "indbot:feedback/";

    // Cards depend only on the knowledge (this renderer's) and a few values, so each is built once: per desk, language,
    // weekday and open-or-closed for desk cards (as JSON text: each reply gets its own element id), per entry and
    // language for the feedback entity. Both are bounded by the knowledge; JsonElement is immutable, so replies share it.
    private readonly ConcurrentDictionary<(string EntryId, string Language), JsonElement> _feedbackEntities = new();
    private readonly ConcurrentDictionary<(string DeskId, string Language, DayOfWeek Day, bool Open), string> _deskCards = new();

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

    /// <summary>The reply language for a client locale: Dutch for nl-* (the engine's rule), English otherwise.</summary>
    public static string LanguageOf(string? locale) => LanguageDetector.FromLocale(locale) ?? Languages.English;

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

        // A question to the bot asked beside the answered one: its reply comes first, as an activity of its own.
        if (decision.Kind == DecisionKind.Answer && decision.SmallTalk is not null)
        {
            replies.Insert(0, Markdown(_text.SmallTalk(decision)));
        }

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

    /// <summary>The welcome with 3–4 starter questions (suggested actions; Adaptive Card buttons in Teams).</summary>
    public Activity Welcome(string language, string? channelId)
    {
        var starters = Messages.List("starters", language).Take(MaxStarters).Select(s => new CardAction(ActionTypes.ImBack, s, s)).ToList();
        var activity = WithButtons(Markdown(Messages.Get("welcome", language).Trim()), starters, channelId);
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

    /// <summary>The notice for a conversation that sends faster than the rate limits allow.</summary>
    public Activity TooFast(string language)
    {
        var activity = Markdown(Messages.Get("tooFast", language));
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
        var text = _text.Answer(part, decision.Language, options.Now);
        var activity = CallButton(decision) is { } call ? Markdown(text, new HeroCard { Buttons = [call] }.ToAttachment()) : Markdown(text);
        if (part.Desks?.AsksWhichDesk == true)
        {
            // "Which desk do you mean?": each desk's name is a button.
            WithButtons(activity, part.Desks.Desks.Select(d => new CardAction(ActionTypes.ImBack, d.Name, d.Name)).ToList(), options.ChannelId);
        }

        return WithFeedback(activity, part.Topic.Id, decision.Language, options.ChannelId);
    }

    private Activity DeskAnswer(Decision decision, AnswerPart part, ReplyOptions options)
    {
        // The card shows the desk's details, so the text carries only the sentence that answers the question.
        var desk = part.Desk?.Desk ?? part.Desks!.Nearest!;
        var lead = part.Desk is { } facts ? _text.DeskLead(facts, decision.Language) : _text.DeskList(part.Desks!, decision.Language);
        var card = DeskCardFor(desk, decision.Language, options.Now);
        var activity = Markdown(lead, card);
        // Clients that cannot show cards read the summary and what is spoken.
        activity.Summary = desk.Name;
        activity.Speak = lead ?? desk.Name + ". " + desk.Address;
        return WithFeedback(activity, part.Topic.Id, decision.Language, options.ChannelId);
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

        return WithButtons(Markdown(text), buttons, options.ChannelId);
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

    private Attachment DeskCardFor(Desk desk, string language, DateTime now)
    {
        var json = _deskCards.GetOrAdd((desk.Id, language, now.DayOfWeek, desk.Hours.IsOpen(now)), _ => DeskCard.Create(desk, Messages, language, now));
        // The toggled containers' ids become DOM ids in Web Chat: unique per reply, so two answers about one desk do not clash.
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        using var document = JsonDocument.Parse(json
            .Replace(DeskCard.WeekIdPlaceholder, "week-" + id, StringComparison.Ordinal)
            .Replace(DeskCard.ServicesIdPlaceholder, "services-" + id, StringComparison.Ordinal));
        return Attachment.AdaptiveCard(document.RootElement);
    }

    /// <summary>
    /// The channel's own feedback buttons on an answer. Teams: <c>channelData.feedbackLoopEnabled</c> (its thumbs send a
    /// <c>message/submitAction</c> invoke naming the message). Web Chat (4.17+): a schema.org Message entity with Like
    /// and Dislike actions; Web Chat posts the pressed action back in a <see cref="WebChatFeedbackEvent"/> event, and the
    /// action's <c>@id</c> names the entry and language.
    /// </summary>
    private Activity WithFeedback(Activity activity, string entryId, string language, string? channelId)
    {
        if (IsTeams(channelId))
        {
            activity.ChannelData = TeamsFeedbackLoop;
            return activity;
        }

        var entity = _feedbackEntities.GetOrAdd((entryId, language), key => JsonSerializer.SerializeToElement(new JsonObject
        {
            ["type"] = "https://schema.org/Message",
            ["@context"] = "https://schema.org",
            ["@id"] = "",
            ["@type"] = "Message",
            ["potentialAction"] = new JsonArray
            {
                FeedbackAction("LikeAction", key.EntryId, key.Language),
                FeedbackAction("DislikeAction", key.EntryId, key.Language),
            },
        }));
        activity.Entities = [entity.Deserialize(BotJsonContext.Default.Entity)!];
        return activity;
    }

    private static readonly JsonElement TeamsFeedbackLoop = JsonSerializer.SerializeToElement(new JsonObject { ["feedbackLoopEnabled"] = true });

    private static JsonObject FeedbackAction(string type, string entryId, string language) => new()
    {
        ["@type"] = type,
        ["@id"] = FeedbackActionPrefix + language + "/" + entryId,
        ["actionStatus"] = "PotentialActionStatus",
    };

    /// <summary>
    /// Buttons that ask a question: suggested actions (imBack), or in Teams an Adaptive Card of <c>Action.Submit</c>
    /// buttons whose value is the question (Teams drops suggested actions on a message with attachments, and the Agents
    /// Playground cannot press hero-card imBack buttons).
    /// </summary>
    private static Activity WithButtons(Activity activity, IReadOnlyList<CardAction> actions, string? channelId)
    {
        if (!IsTeams(channelId))
        {
            activity.SuggestedActions = new SuggestedActions { Actions = actions.ToList() };
            return activity;
        }

        var buttons = new JsonArray();
        foreach (var action in actions)
        {
            var value = action.Value?.GetString() ?? action.Title ?? "";
            buttons.Add(new JsonObject
            {
                ["type"] = "Action.Submit",
                ["title"] = action.Title,
                // The question as the submitted value. Not msteams imBack data: the Agents Playground (0.2.28) keeps
                // cards in frozen state and throws on parsing it ("Cannot add property msTeams, object is not
                // extensible"), so such a button sends nothing there. A value works in Teams, the Playground and Web Chat.
                ["data"] = new JsonObject { ["type"] = AskValueType, ["question"] = value },
            });
        }

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = DeskCard.Version,
            ["body"] = new JsonArray(),
            ["actions"] = buttons,
        };
        activity.Attachments ??= [];
        activity.AttachmentLayout ??= AttachmentLayoutTypes.List;
        activity.Attachments.Add(Attachment.AdaptiveCard(JsonSerializer.SerializeToElement(card)));
        return activity;
    }

    /// <summary>The <c>type</c> of a card button's value: <c>{"type":"indbot.ask","question":"…"}</c>.</summary>
    public const string AskValueType = "indbot.ask";

    /// <summary>
    /// The question a pressed card button asks: its <c>Action.Submit</c> value (<see cref="AskValueType"/>), which Teams,
    /// the Agents Playground and Web Chat send as a message with that value and no text; or msteams imBack data that
    /// a client sent as a value.
    /// </summary>
    public static string? SubmittedQuestion(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == AskValueType
            && element.TryGetProperty("question", out var asked) && asked.ValueKind == JsonValueKind.String)
        {
            return asked.GetString();
        }

        return element.TryGetProperty("msteams", out var teams) && teams.ValueKind == JsonValueKind.Object
            && teams.TryGetProperty("type", out var teamsType) && teamsType.ValueKind == JsonValueKind.String && teamsType.GetString() == ActionTypes.ImBack
            && teams.TryGetProperty("value", out var question) && question.ValueKind == JsonValueKind.String
                ? question.GetString()
                : null;
    }

    private static Activity Markdown(string? text, params Attachment[] attachments)
    {
        var activity = attachments.Length == 0 ? MessageFactory.Text(text) : MessageFactory.Attachment(attachments, text);
        activity.TextFormat = TextFormatTypes.Markdown;
        activity.InputHint = InputHints.AcceptingInput;
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
