using IndBot.BotFramework.Schema;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.DirectLine;

/// <summary>
/// The message a client gets when it posts faster than the rate limits allow. Direct Line only says "limited"; the bot
/// registers its own wording (language, tone), and without one the client gets <see cref="DirectLineRateLimitOptions.Message"/>.
/// </summary>
public interface IDirectLineRateLimitNotice
{
    /// <summary>The notice for <paramref name="posted"/>, the activity that was limited (its locale says the client's language).</summary>
    Activity Create(Activity posted);
}

/// <summary>The configured text, for a bot that words no notice of its own.</summary>
public sealed class ConfiguredRateLimitNotice(IOptionsMonitor<DirectLineOptions> options) : IDirectLineRateLimitNotice
{
    public Activity Create(Activity posted)
    {
        ArgumentNullException.ThrowIfNull(posted);
        return new Activity { Type = ActivityTypes.Message, Text = options.CurrentValue.RateLimit.Message, Locale = posted.Locale };
    }
}
