using IndBot.BotFramework.DirectLine;
using IndBot.BotFramework.Schema;
using IndBot.Replies;
using IndBot.Snapshots;

namespace IndBot.Bot;

/// <summary>
/// "You're sending messages very quickly": the limiters of <c>/api/messages</c> and Direct Line only say "limited", and
/// this words the notice from <c>messages.yaml</c> in the user's language (before the knowledge has loaded, from
/// <see cref="BeforeKnowledgeTexts"/>).
/// </summary>
public sealed class TooFastNotice(KnowledgeState knowledge) : IDirectLineRateLimitNotice
{
    public Activity Create(Activity posted)
    {
        ArgumentNullException.ThrowIfNull(posted);
        var language = ReplyRenderer.LanguageOf(posted.Locale);
        return knowledge.Current is { } snapshot ? snapshot.Renderer.TooFast(language) : BeforeKnowledgeTexts.TooFast(language);
    }
}
