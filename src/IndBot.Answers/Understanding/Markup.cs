using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace IndBot.Answers.Understanding;

/// <summary>
/// Removes what a browser, a phone or a copy from a web page puts around the words of a message: HTML tags and
/// entities, Markdown link and image syntax (the link text stays), URLs, emoji and emoticons.
/// </summary>
public static partial class Markup
{
    [GeneratedRegex(@"!\[([^\]]{0,200})\]\([^)]{0,500}\)")]
    private static partial Regex MarkdownImage();

    [GeneratedRegex(@"\[([^\]]{1,200})\](?:\([^)]{0,500}\)|\[[^\]]{0,100}\])")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"</?[A-Za-z][^<>]{0,500}>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"(?:https?://|www\.)[^\s<>()\[\]]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    // :) :-( ;) :D :P <3 xD, standing on their own.
    [GeneratedRegex(@"(?<=^|\s)(?:[:;=8][\-o'^]?[)(\]\[DPpOo3/\\|*]+|<3+|xD+|XD+|\^\^|\^_\^)(?=$|\s|[.,!?])")]
    private static partial Regex Emoticon();

    public static string Strip(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var result = text;
        if (result.Contains('&'))
        {
            result = WebUtility.HtmlDecode(result);
        }

        if (result.Contains('['))
        {
            result = MarkdownImage().Replace(result, "$1");
            result = MarkdownLink().Replace(result, "$1");
        }

        if (result.Contains('<'))
        {
            result = HtmlTag().Replace(result, " ");
        }

        if (result.Contains("http", StringComparison.OrdinalIgnoreCase) || result.Contains("www.", StringComparison.OrdinalIgnoreCase))
        {
            result = Url().Replace(result, " ");
        }

        if (result.AsSpan().IndexOfAny(":;=<^xX8") >= 0)
        {
            result = Emoticon().Replace(result, " ");
        }

        return WithoutEmoji(result);
    }

    /// <summary>Drops pictographs (symbols, surrogate pairs, variation selectors); letters of every script stay.</summary>
    private static string WithoutEmoji(string text)
    {
        if (!text.Any(c => c > '\u2000'))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(text, i);
                if (category is UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
                {
                    builder.Append(' ');
                }
                else
                {
                    builder.Append(c).Append(text[i + 1]);
                }

                i++;
                continue;
            }

            var kind = CharUnicodeInfo.GetUnicodeCategory(c);
            if (kind is UnicodeCategory.OtherSymbol || c is '\uFE0F' or '\uFE0E' or '\u20E3' || char.IsSurrogate(c))
            {
                builder.Append(' ');
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
