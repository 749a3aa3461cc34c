using System.Text;
using System.Text.RegularExpressions;

namespace IndBot.Staff;

/// <summary>
/// Adds one alternate phrasing to a FAQ entry's YAML text, as a person would: one line at the end of the language's
/// list, everything else byte for byte as it was.
/// </summary>
public static partial class AlternateEditor
{
    public sealed record Edit(string Text, int Line, string Patch);

    /// <summary>The new text and the inserted line (1-based) with a unified diff of the change, or the reason it cannot be made.</summary>
    public static (Edit? Edit, string? Error) AddAlternate(string yaml, string language, string phrasing, string patchPath)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var newline = yaml.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = yaml.Split(newline).ToList();
        var alternates = lines.FindIndex(l => l.TrimEnd() == "alternates:");
        if (alternates < 0)
        {
            return (null, "The entry has no 'alternates:' section; edit its file by hand.");
        }

        var languageLine = -1;
        for (var i = alternates + 1; i < lines.Count && (lines[i].Length == 0 || lines[i][0] == ' '); i++)
        {
            if (lines[i].Trim() == language + ":")
            {
                languageLine = i;
                break;
            }
        }

        if (languageLine < 0)
        {
            return (null, $"The entry's alternates have no '{language}:' list; edit its file by hand.");
        }

        var keyIndent = Indent(lines[languageLine]);
        var last = -1;
        var itemIndent = new string(' ', keyIndent + 2);
        for (var i = languageLine + 1; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            if (Indent(lines[i]) <= keyIndent)
            {
                break;
            }

            if (lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal))
            {
                last = i;
                itemIndent = lines[i][..Indent(lines[i])];
            }
        }

        var at = last >= 0 ? last + 1 : languageLine + 1;
        var inserted = $"{itemIndent}- {Scalar(phrasing)}";
        var patch = Patch(lines, at, inserted, patchPath);
        lines.Insert(at, inserted);
        return (new Edit(string.Join(newline, lines), at + 1, patch), null);
    }

    /// <summary>A plain YAML scalar when that reads back as the same string, else a double-quoted one.</summary>
    public static string Scalar(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var plain = PlainScalar().IsMatch(text) && !text.Contains(": ", StringComparison.Ordinal) && !text.Contains(" #", StringComparison.Ordinal)
            && !ReservedWord().IsMatch(text);
        return plain ? text : "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static string Patch(IReadOnlyList<string> lines, int at, string inserted, string path)
    {
        var start = Math.Max(0, at - 3);
        var end = Math.Min(lines.Count, at + 3);
        var patch = new StringBuilder();
        patch.Append($"--- a/{path}\n+++ b/{path}\n@@ -{start + 1},{end - start} +{start + 1},{end - start + 1} @@\n");
        for (var i = start; i < at; i++)
        {
            patch.Append(' ').Append(lines[i]).Append('\n');
        }

        patch.Append('+').Append(inserted).Append('\n');
        for (var i = at; i < end; i++)
        {
            patch.Append(' ').Append(lines[i]).Append('\n');
        }

        return patch.ToString();
    }

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} ,.?!'()/&+\-]*$")]
    private static partial Regex PlainScalar();

    [GeneratedRegex(@"^(?i:y|yes|n|no|true|false|on|off|null|~)$")]
    private static partial Regex ReservedWord();
}
