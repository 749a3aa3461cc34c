using IndBot.Knowledge;

namespace IndBot.Answers.Understanding;

/// <summary>
/// Whether words ask the bot for a language ("in Dutch please", "kun je Engels praten?") rather than about something
/// in it ("Dutch lessons", "where can I learn Dutch", "an English-speaking lawyer"): one of the switch intent's names
/// stands at the start or end, or next to a stop word, a language's name or a word of <c>switchBeside</c> in
/// <c>smalltalk.yaml</c>, and not after one of <c>switchNotAfter</c> ("my Dutch isn't good"). Immutable and thread-safe.
/// </summary>
public sealed class LanguageRequest
{
    private readonly HashSet<string> _beside;
    private readonly HashSet<string> _notAfter;
    private readonly Func<string, bool> _isStopWord;

    public LanguageRequest(IEnumerable<SmallTalkIntent> intents, Func<string, bool> isStopWord)
    {
        ArgumentNullException.ThrowIfNull(intents);
        var switches = intents.Where(i => i.SwitchTo is not null).ToList();
        _beside = switches.SelectMany(i => i.NameBeside.Concat(i.Names)).ToHashSet(StringComparer.Ordinal);
        _notAfter = switches.SelectMany(i => i.NameNotAfter).ToHashSet(StringComparer.Ordinal);
        _isStopWord = isStopWord ?? throw new ArgumentNullException(nameof(isStopWord));
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
            if (intent.Names.Contains(words[i]) && (i == 0 || !_notAfter.Contains(words[i - 1])) && Beside(words, i - 1) && Beside(words, i + 1))
            {
                return true;
            }
        }

        return false;
    }

    private bool Beside(IReadOnlyList<string> words, int i) =>
        i < 0 || i >= words.Count || _beside.Contains(words[i]) || _isStopWord(words[i]);
}
