using IndBot.Answers.Desks;
using IndBot.Answers.Text;
using IndBot.Answers.Understanding;
using IndBot.Knowledge;

namespace IndBot.Answers.Scope;

/// <summary>A place without an IND desk named in a message, and whether it stood next to a desk word ("IND office Groningen").</summary>
/// <param name="Start">Where the place's name starts in the words, and how many words it has.</param>
/// <param name="Name">The name the message used ("Den Haag", "Almere"), as the gazetteer writes it.</param>
public sealed record PlaceMention(Place Place, string Name, bool NextToDeskWord, bool AfterPreposition, int Start, int Length);

/// <summary>
/// Finds what a message is about that is not the IND's: other organisations (<c>organisations.yaml</c>) and places in
/// the Netherlands that have no IND desk (<c>places/places.tsv</c>). Both are data; this only finds them.
/// </summary>
public sealed class ScopeFinder
{
    private readonly PhraseSet<Organisation> _organisations;
    private readonly PhraseSet<(Place Place, string Name)> _places;
    private readonly PhraseSet _prepositions;
    private readonly HashSet<string> _lookalikes;
    private readonly HashSet<string> _deskWords;

    public ScopeFinder(KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        _organisations = new PhraseSet<Organisation>(knowledge.Organisations.SelectMany(o => o.Words.Select(w => (w, o))));
        var deskNames = knowledge.Desks.SelectMany(d => d.Names).Select(UserText.Normalize).ToHashSet(StringComparer.Ordinal);
        _places = new PhraseSet<(Place, string)>(knowledge.Places
            .Where(p => !p.Names.Any(n => deskNames.Contains(UserText.Normalize(n))))
            .SelectMany(p => p.Names.Select(n => (n, (p, n)))));
        _prepositions = new PhraseSet(knowledge.Reading.PlacePrepositions);
        _deskWords = knowledge.Reading.DeskWords.ToWordSet();
        _lookalikes = knowledge.Reading.PlaceLookalikes.Select(UserText.Normalize).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The organisations a message names, in order, each once.</summary>
    public IReadOnlyList<Organisation> Organisations(IReadOnlyList<string> words) =>
        _organisations.Matches(words).Select(m => m.Value).Distinct().ToList();

    /// <summary>The positions of the words that name other organisations.</summary>
    public HashSet<int> OrganisationPositions(IReadOnlyList<string> words) =>
        _organisations.Matches(words).SelectMany(m => Enumerable.Range(m.Start, m.Length)).ToHashSet();

    /// <summary>How many of the words name other organisations.</summary>
    public int OrganisationWordCount(IReadOnlyList<string> words) => _organisations.Matches(words).Sum(m => m.Length);

    /// <summary>The first place without a desk that the message names as a place.</summary>
    public PlaceMention? Place(IReadOnlyList<string> words)
    {
        foreach (var ((place, placeName), start, length) in _places.Matches(words))
        {
            var name = string.Join(' ', words.Skip(start).Take(length));
            var afterPreposition = Enumerable.Range(1, Math.Min(3, start)).Any(k => _prepositions.MatchAt(words, start - k) == k);
            // A desk word within three words before or after: "IND office Groningen", "does Nijmegen have an IND loket".
            var nextToDesk = DeskQuestionReader.WordDistance(words, start, length, _deskWords) is not null;
            var whole = words.Count <= length + 1;
            // A name that is also a word counts right after a desk word too: "IND office Leiden", "loket Delft".
            var afterDeskWord = start > 0 && _deskWords.Contains(words[start - 1]);
            if (afterPreposition || afterDeskWord || (!_lookalikes.Contains(name) && (nextToDesk || whole)))
            {
                return new PlaceMention(place, placeName, nextToDesk, afterPreposition, start, length);
            }
        }

        return null;
    }
}
