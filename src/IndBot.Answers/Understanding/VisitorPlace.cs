using IndBot.Answers.Text;
using IndBot.Knowledge;

namespace IndBot.Answers.Understanding;

/// <summary>
/// Whether the visitor says they are abroad now ("I'm in Morocco", "ik zit nu in Turkije", "I'm calling from Spain",
/// "ik bel vanuit het buitenland"): a first-person word and a word of where the visitor is, at most four words before
/// "in"/"vanuit" (or "from" after a calling word), then an abroad word; not a trip ("I'm going to be in Spain"), a past
/// ("ik ben in Marokko geboren") or someone else's place ("mijn man woont in Marokko"). The <c>visitor…</c> lists of
/// <c>reading.yaml</c>. Immutable and thread-safe.
/// </summary>
public sealed class VisitorPlace
{
    private const int Reach = 4;

    private readonly PhraseSet _abroad;
    private readonly HashSet<string> _is;
    private readonly HashSet<string> _in;
    private readonly HashSet<string> _calls;
    private readonly HashSet<string> _from;
    private readonly HashSet<string> _firstPerson;
    private readonly HashSet<string> _trip;

    public VisitorPlace(ReadingWords reading, PhraseSet abroad)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(abroad);
        _abroad = abroad;
        _is = reading.VisitorIsWords.ToWordSet();
        _in = reading.VisitorInWords.ToWordSet();
        _calls = reading.VisitorCallWords.ToWordSet();
        _from = reading.VisitorFromWords.ToWordSet();
        _firstPerson = reading.VisitorFirstPerson.ToWordSet();
        _trip = reading.VisitorTripWords.ToWordSet();
    }

    public bool IsAbroad(IReadOnlyList<string> words)
    {
        foreach (var (start, _) in _abroad.Matches(words))
        {
            // "vanuit het buitenland" is an abroad phrase that holds its own preposition.
            var preposition = _in.Contains(words[start]) ? start : start - 1;
            if (preposition < 0)
            {
                continue;
            }

            var from = Math.Max(0, preposition - Reach);
            var window = Enumerable.Range(from, preposition - from).Select(k => words[k]).ToList();
            var calling = window.Any(_calls.Contains);
            var placed = _in.Contains(words[preposition]) || (calling && _from.Contains(words[preposition]));
            if (placed && window.Any(_firstPerson.Contains) && (calling || window.Any(_is.Contains))
                && !window.Any(_trip.Contains) && !words.Skip(preposition).Take(6).Any(_trip.Contains))
            {
                return true;
            }
        }

        return false;
    }
}
