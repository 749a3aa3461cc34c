using IndBot.Knowledge;

namespace IndBot.Answers.Understanding;

/// <summary>
/// Whether words ask the bot for a language ("in Dutch please", "kun je in het Engels antwoorden?") rather than name it
/// for something else ("Dutch lessons", "my husband is Dutch", "I don't speak Dutch"): one of the switch intent's names
/// stands at the start or after a word of <c>switchBefore</c> (articles skipped), at the end or before a word of
/// <c>switchAfter</c>, with no negation among the three words before it (<c>smalltalk.yaml</c>). Immutable and thread-safe.
/// </summary>
public sealed class LanguageRequest
{
    private const int NegationReach = 3;

    private readonly HashSet<string> _before;
    private readonly HashSet<string> _after;
    private readonly HashSet<string> _articles;
    private readonly PhraseSet _negations;

    public LanguageRequest(IEnumerable<SmallTalkIntent> intents)
    {
        ArgumentNullException.ThrowIfNull(intents);
        var switches = intents.Where(i => i.SwitchTo is not null).ToList();
        var words = switches.Select(i => i.Switch).FirstOrDefault(w => w is not null) ?? new SwitchWords([], [], [], []);
        var names = switches.SelectMany(i => i.Names).ToList();
        _before = words.Before.Concat(names).ToHashSet(StringComparer.Ordinal);
        _after = words.After.Concat(names).ToHashSet(StringComparer.Ordinal);
        _articles = words.Articles.ToHashSet(StringComparer.Ordinal);
        _negations = new PhraseSet(words.Negations);
    }

    /// <summary>True for an intent that switches nothing; for a switch, whether the words ask for its language.</summary>
    public bool Asks(SmallTalkIntent intent, IReadOnlyList<string> words)
    {
        if (intent.SwitchTo is null)
        {
            return true;
        }

        for (var i = 0; i < words.Count; i++)
        {
            if (intent.Names.Contains(words[i]) && AskedBefore(words, i) && (i + 1 == words.Count || _after.Contains(words[i + 1])) && !Negated(words, i))
            {
                return true;
            }
        }

        return false;
    }

    private bool AskedBefore(IReadOnlyList<string> words, int name)
    {
        var k = name - 1;
        while (k >= 0 && _articles.Contains(words[k]))
        {
            k--;
        }

        return k < 0 ? k == name - 1 : _before.Contains(words[k]);
    }

    private bool Negated(IReadOnlyList<string> words, int name)
    {
        for (var k = Math.Max(0, name - NegationReach); k < name; k++)
        {
            if (_negations.MatchAt(words, k) is { } length && k + length <= name)
            {
                return true;
            }
        }

        return false;
    }
}
