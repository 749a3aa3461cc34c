using IndBot.BotFramework;
using IndBot.BotFramework.Schema;
using IndBot.Knowledge;

namespace IndBot.Replies;

/// <summary>
/// The only reply texts that are not in <c>knowledge/messages.yaml</c>: for the moment before any knowledge (and with it
/// the texts) has loaded. Deliberately minimal, so they need no upkeep; once the knowledge is loaded the texts of
/// <c>messages.yaml</c> (<see cref="ReplyRenderer.Error"/>, <see cref="ReplyRenderer.TooFast"/>) are used.
/// </summary>
public static class BeforeKnowledgeTexts
{
    /// <summary>Something went wrong: try again, or call the IND.</summary>
    public static Activity Error(string language) => Reply(
        language,
        "Sorry, something went wrong on our side. Please try again later, or call the IND on 088 0430 430.",
        "Sorry, er ging bij ons iets mis. Probeer het later opnieuw of bel de IND via 088 0430 430.");

    /// <summary>The user writes faster than the rate limits allow.</summary>
    public static Activity TooFast(string language) => Reply(
        language,
        "You're sending messages very quickly. Please wait a moment and then try again.",
        "U stuurt erg snel berichten. Wacht even en probeer het dan opnieuw.");

    private static Activity Reply(string language, string english, string dutch)
    {
        var activity = MessageFactory.Text(language == Languages.Dutch ? dutch : english);
        activity.InputHint = InputHints.AcceptingInput;
        activity.Locale = ReplyRenderer.Locale(language);
        return activity;
    }
}
