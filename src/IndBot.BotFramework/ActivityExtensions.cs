using System.Text.RegularExpressions;
using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework;

public static class ActivityExtensions
{
    /// <summary>
    /// Removes the at-mention of the recipient (the bot) from the text, e.g. "&lt;at&gt;IndBot&lt;/at&gt; question" → "question",
    /// and returns the new text. Without a recipient the text is only trimmed.
    /// </summary>
    public static string? RemoveRecipientMention(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Recipient?.Id is { Length: > 0 } id ? activity.RemoveMentionText(id) : activity.Text?.Trim();
    }

    /// <summary>Removes the mention text of every mention entity whose mentioned id is <paramref name="id"/> (SDK <c>RemoveMentionText</c>).</summary>
    public static string? RemoveMentionText(this Activity activity, string id)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Text is null)
        {
            return null;
        }

        foreach (var mention in activity.GetMentions())
        {
            if (!string.Equals(mention.Mentioned?.Id, id, StringComparison.Ordinal))
            {
                continue;
            }

            var mentionText = mention.Text ?? $"<at>{mention.Mentioned?.Name}</at>";
            activity.Text = Regex.Replace(activity.Text, Regex.Escape(mentionText), string.Empty, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        }

        activity.Text = activity.Text.Trim();
        return activity.Text;
    }

    /// <summary>Removes control characters other than line feed and tab (incoming text is untrusted).</summary>
    public static string StripControlCharacters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsStripped))
        {
            return text;
        }

        return string.Create(text.Length - text.Count(IsStripped), text, static (span, source) =>
        {
            var i = 0;
            foreach (var c in source)
            {
                if (!IsStripped(c))
                {
                    span[i++] = c;
                }
            }
        });
    }

    private static bool IsStripped(char c) => char.IsControl(c) && c != '\n' && c != '\t';
}
