using IndBot.BotFramework.DirectLine;
using IndBot.BotFramework.Schema;
using IndBot.Replies;
using IndBot.Snapshots;
using Microsoft.Extensions.Options;

namespace IndBot.Bot;

/// <summary>
/// "You're sending messages very quickly": the limiters of <c>/api/messages</c> and Direct Line only say "limited", and
/// this words the notice from <c>messages.yaml</c> in the user's language. Before the knowledge is loaded it is the
/// configured Direct Line text.
/// </summary>
public sealed class TooFastNotice(KnowledgeState knowledge, IOptionsMonitor<DirectLineOptions> options) : IDirectLineRateLimitNotice
{
    private readonly ConfiguredRateLimitNotice _beforeLoad = new(options);

    public Activity Create(Activity posted)
    {
        ArgumentNullException.ThrowIfNull(posted);
        var language = ReplyRenderer.LanguageOf(posted.Locale);
        if (knowledge.Current is { } snapshot)
        {
            return snapshot.Renderer.TooFast(language);
        }

        var notice = _beforeLoad.Create(posted);
        notice.Locale = ReplyRenderer.Locale(language);
        return notice;
    }
}
