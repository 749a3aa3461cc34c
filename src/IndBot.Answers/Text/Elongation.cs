namespace IndBot.Answers.Text;

/// <summary>
/// Letters typed more than once for effect ("hiii", "heyy", "pleeease", "thankss"): the words they may stand for,
/// for a reader that checks which of them it knows.
/// </summary>
public static class Elongation
{
    private static readonly (int From, int To)[] Shortenings = [(3, 1), (3, 2), (2, 1)];

    /// <summary>
    /// The word with its repeated letters shortened, most faithful first: runs of three or more to one letter (keeping
    /// doubles: "pleeease" → "please"), to two ("hiii" → "hii"), then every double to one ("heyy" → "hey"). Empty
    /// when no letter repeats.
    /// </summary>
    public static IEnumerable<string> Variants(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (!HasRun(word, 2))
        {
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { word };
        foreach (var (from, to) in Shortenings)
        {
            var variant = Shorten(word, from, to);
            if (seen.Add(variant))
            {
                yield return variant;
            }
        }
    }

    private static bool HasRun(string word, int length)
    {
        for (int i = 0, run = 1; i + 1 < word.Length; i++)
        {
            run = word[i + 1] == word[i] && char.IsLetter(word[i]) ? run + 1 : 1;
            if (run >= length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every run of <paramref name="from"/> or more of the same letter becomes <paramref name="to"/> letters.</summary>
    private static string Shorten(string word, int from, int to)
    {
        var result = new System.Text.StringBuilder(word.Length);
        for (var i = 0; i < word.Length;)
        {
            var j = i;
            while (j < word.Length && word[j] == word[i])
            {
                j++;
            }

            var run = j - i;
            result.Append(word[i], char.IsLetter(word[i]) && run >= from ? to : run);
            i = j;
        }

        return result.ToString();
    }
}
