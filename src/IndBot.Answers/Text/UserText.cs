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
            else if (!char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim();
    }

    /// <summary>Lower-case words without accents or punctuation: "Where's the Den-Bosch desk?" → where, s, the, den, bosch, desk.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
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

    /// <summary>The words joined by single spaces: the form small talk and exact matches compare.</summary>
    public static string Normalize(string text) => string.Join(' ', Words(text));
}
