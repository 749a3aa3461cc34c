using System.Globalization;
using System.Text;

namespace IndBot.Answers.Text;

/// <summary>Cleaning and word-splitting of what a user typed.</summary>
public static class UserText
{
    public const int MaxLength = 2000;

    /// <summary>Removes control characters (keeping line breaks and tabs as spaces) and trims.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\n' or '\r' or '\t')
            {
                builder.Append(' ');
            }
            else if (!char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format && !IsNoncharacter(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim();
    }

    /// <summary>U+FFFE, U+FFFF and U+FDD0–U+FDEF are never characters; string normalisation rejects them.</summary>
    private static bool IsNoncharacter(char c) => c is '\uFFFE' or '\uFFFF' or (>= '\uFDD0' and <= '\uFDEF');

    /// <summary>Lower-case words without accents or punctuation: "Where's the Den-Bosch desk?" → where, s, the, den, bosch, desk.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var builder = new StringBuilder();
        // Lone surrogates and noncharacters make Normalize throw; a message is never worth an exception.
        var normalized = TryNormalize(text);
        foreach (var c in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0)
            {
                words.Add(builder.ToString());
                builder.Clear();
            }
        }

        if (builder.Length > 0)
        {
            words.Add(builder.ToString());
        }

        return words;
    }

    private static string TryNormalize(string text)
    {
        try
        {
            return text.IsNormalized(NormalizationForm.FormD) ? text : text.Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    /// <summary>Every word of the phrases, as <see cref="Words"/> splits them: the word sets the readers look words up in.</summary>
    public static HashSet<string> ToWordSet(this IEnumerable<string> phrases) => phrases.SelectMany(Words).ToHashSet(StringComparer.Ordinal);

    /// <summary>The words joined by single spaces: the form small talk and exact matches compare.</summary>
    public static string Normalize(string text) => string.Join(' ', Words(text));
}
