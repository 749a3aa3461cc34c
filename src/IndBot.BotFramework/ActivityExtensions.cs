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

    /// <summary>
    /// Removes what no text processing should meet (incoming text is untrusted): control characters other than line feed
    /// and tab, and the Unicode noncharacters U+FFFE, U+FFFF and U+FDD0–U+FDEF, which make .NET's Unicode normalization
    /// throw. An unpaired surrogate becomes U+FFFD, the replacement character.
    /// </summary>
    public static string StripControlCharacters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!NeedsCleaning(text))
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
            }
            else if (!IsStripped(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsCleaning(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || IsStripped(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsStripped(char c) =>
        (char.IsControl(c) && c != '\n' && c != '\t') || c is '\uFFFE' or '\uFFFF' or (>= '\uFDD0' and <= '\uFDEF');
}
