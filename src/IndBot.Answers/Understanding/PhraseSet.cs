using IndBot.Answers.Text;

namespace IndBot.Answers.Understanding;

/// <summary>
/// A set of phrases from a word list in <c>knowledge/</c>, each normalised to words (<see cref="UserText.Words"/>), that
/// finds them in the words of a message: "lunch break" matches the two words in a row. Immutable and thread-safe.
/// </summary>
/// <typeparam name="T">What a phrase stands for (a day, a service id, an organisation).</typeparam>
public sealed class PhraseSet<T>
{
    // Phrases by their first word, longest first, so the longest phrase at a position wins.
    private readonly Dictionary<string, (string[] Words, T Value)[]> _byFirstWord;

    public PhraseSet(IEnumerable<(string Phrase, T Value)> phrases)
    {
        _byFirstWord = phrases
            .Select(p => (Words: UserText.Words(p.Phrase).ToArray(), p.Value))
            .Where(p => p.Words.Length > 0)
            .GroupBy(p => p.Words[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Words.Length).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The phrase that starts at <paramref name="start"/>: its value and length in words, or null.</summary>
    public (T Value, int Length)? MatchAt(IReadOnlyList<string> words, int start)
    {
        if (start >= words.Count || !_byFirstWord.TryGetValue(words[start], out var phrases))
        {
            return null;
        }

        foreach (var (phrase, value) in phrases)
        {
            if (start + phrase.Length > words.Count)
            {
                continue;
            }

            var match = true;
            for (var k = 1; k < phrase.Length && match; k++)
            {
                match = string.Equals(words[start + k], phrase[k], StringComparison.Ordinal);
            }

            if (match)
            {
                return (value, phrase.Length);
            }
        }

        return null;
    }

    /// <summary>Every match, left to right, not overlapping.</summary>
    public IEnumerable<(T Value, int Start, int Length)> Matches(IReadOnlyList<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (MatchAt(words, i) is { } hit)
            {
                yield return (hit.Value, i, hit.Length);
                i += hit.Length - 1;
            }
        }
    }

    public bool Any(IReadOnlyList<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (MatchAt(words, i) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the whole of <paramref name="words"/> is one phrase.</summary>
    public bool IsWhole(IReadOnlyList<string> words) => MatchAt(words, 0) is { } hit && hit.Length == words.Count;
}

/// <summary>A <see cref="PhraseSet{T}"/> of plain phrases.</summary>
public sealed class PhraseSet
{
    private readonly PhraseSet<bool> _set;

    public PhraseSet(IEnumerable<string> phrases) => _set = new PhraseSet<bool>(phrases.Select(p => (p, true)));

    public int? MatchAt(IReadOnlyList<string> words, int start) => _set.MatchAt(words, start)?.Length;

    public bool Any(IReadOnlyList<string> words) => _set.Any(words);

    public bool IsWhole(IReadOnlyList<string> words) => _set.IsWhole(words);

    public IEnumerable<(int Start, int Length)> Matches(IReadOnlyList<string> words) => _set.Matches(words).Select(m => (m.Start, m.Length));

    /// <summary>Whether one word on its own is a phrase.</summary>
    public bool Contains(string word) => _set.MatchAt([word], 0) is not null;
}
