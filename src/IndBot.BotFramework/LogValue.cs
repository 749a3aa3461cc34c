using System.Globalization;
using System.Text;

namespace IndBot.BotFramework;

/// <summary>
/// Makes a client-supplied value safe for a log line: bounded in length, and without characters that could forge or hide
/// log entries (CR, LF, ESC and every other control character; bidi and other invisible format characters).
/// </summary>
public static class LogValue
{
    /// <summary>Long enough for any real channel id, entry id or locale.</summary>
    public const int DefaultMaxLength = 64;

    /// <summary>The value with unsafe characters replaced by '?' and cut to <paramref name="maxLength"/> characters (marked with "…").</summary>
    public static string? Sanitize(string? value, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (value is null)
        {
            return null;
        }

        var cut = value.Length > maxLength;
        var span = cut ? value.AsSpan(0, maxLength) : value.AsSpan();
        if (!cut && !span.ContainsAnyExcept(SafeAscii) && !NeedsReplacing(span))
        {
            return value;
        }

        var builder = new StringBuilder(span.Length + 1);
        foreach (var c in span)
        {
            builder.Append(IsUnsafe(c) ? '?' : c);
        }

        return cut ? builder.Append('…').ToString() : builder.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> SafeAscii =
        System.Buffers.SearchValues.Create(Enumerable.Range(0x20, 0x7F - 0x20).Select(i => (char)i).ToArray());

    private static bool NeedsReplacing(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
