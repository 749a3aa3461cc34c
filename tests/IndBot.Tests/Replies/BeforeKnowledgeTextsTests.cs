using IndBot.Bot;
using IndBot.BotFramework.Schema;
using IndBot.Snapshots;

namespace IndBot.Tests.Replies;

/// <summary>Before any knowledge has loaded, the notices come from the minimal built-in texts, in the user's language.</summary>
public sealed class BeforeKnowledgeTextsTests
{
    [Theory]
    [InlineData("en-US", "You're sending messages very quickly", "en-US")]
    [InlineData("nl-NL", "U stuurt erg snel berichten", "nl-NL")]
    [InlineData("nl_NL", "U stuurt erg snel berichten", "nl-NL")]
    [InlineData(null, "You're sending messages very quickly", "en-US")]
    public void TooFast_KnowledgeNotLoaded_InTheUsersLanguage(string? locale, string expected, string replyLocale)
    {
        var notice = new TooFastNotice(new KnowledgeState()).Create(new Activity { Type = ActivityTypes.Message, Locale = locale });

        Assert.StartsWith(expected, notice.Text, StringComparison.Ordinal);
        Assert.Equal(replyLocale, notice.Locale);
    }
}
