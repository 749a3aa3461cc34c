using System.Text.RegularExpressions;
using IndBot.Answers.Text;
using IndBot.Knowledge;

namespace IndBot.Answers.Understanding;

/// <summary>A sentence or clause of a message that may hold a question.</summary>
/// <param name="IsQuestion">Ends with a question mark, starts with or holds a question word, was split off another question ("… and where is …", "x + y"), or goes on from one with a joiner ("…? and your phone number").</param>
public sealed record MessageSegment(string Text, IReadOnlyList<string> Words, bool IsQuestion)
{
    /// <summary>The sentence ended with a question mark.</summary>
    public bool HasQuestionMark { get; init; }
}

/// <summary>A message read before retrieval: cleaned, redacted, split into the parts that hold its question(s).</summary>
public sealed record ReadMessage
{
    /// <summary>The message without markup and personal data.</summary>
    public required string Text { get; init; }

    /// <summary>The words of every question part, in order (the openers, fillers and thanks around them left out).</summary>
    public required IReadOnlyList<string> Words { get; init; }

    /// <summary>The parts that may each be a question: sentences, and clauses joined by "and where…".</summary>
    public required IReadOnlyList<MessageSegment> Segments { get; init; }

    /// <summary>The message is only greetings, thanks, goodbyes or fillers ("hi!", "ok thanks, bye").</summary>
    public bool OnlySmallTalk { get; init; }

    /// <summary>The words of the whole message, openers included (for small talk and language detection).</summary>
    public required IReadOnlyList<string> AllWords { get; init; }

    public bool HasPersonalData { get; init; }
}

/// <summary>
/// Message understanding before retrieval: strips markup, redacts personal data, splits sentences, leaves out the
/// openers, fillers and thanks around a question ("good morning! quick one - …, thanks!"), and splits two questions
/// joined in one sentence ("when do I give fingerprints and where is the Utrecht desk").
/// </summary>
public sealed partial class MessageReader
{
    // A sentence ends at . ! ? ; or : followed by a space (not inside 14.30 or e-mail), at an empty line, or at a dash
    // between spaces. A single line break is only a wrapped line.
    [GeneratedRegex(@"(?<=[.!?;:…])\s+|\r?\n\s*\r?\n\s*|\s+[-–—]+\s+|\s*\|\s*")]
    private static partial Regex SentenceBreak();

    // "biometrics appointment + utrecht address", "postadres & telefoonnummer": separate questions in keyword style.
    [GeneratedRegex(@"\s+[+&/]\s+")]
    private static partial Regex Separator();

    // The longest opener or filler phrase, in words ("i hope you can help me"): the end of a sentence is searched this far back.
    private const int MaxPhraseWords = 8;

    /// <summary>Up to this many words a message may be keywords joined by "and" ("address and phone number").</summary>
    private const int ShortMessage = 8;

    private readonly PhraseSet _openers;
    private readonly HashSet<string> _joiners = new(StringComparer.Ordinal) { "and", "also", "plus", "en", "ook", "or", "of" };

    // "…? and your phone number", "…? ook het postadres": the joiners that carry on a question ("or", "of" do not: "of course").
    private static readonly HashSet<string> GoesOnWords = new(StringComparer.Ordinal) { "and", "also", "en", "ook" };
    private readonly PhraseSet _questionStarts;
    private readonly HashSet<string> _questionWords;
    private readonly HashSet<string> _personalDataLabels;
    private readonly HashSet<string> _openerWords;
    private readonly HashSet<string> _stopWords;

    public MessageReader(KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        static IEnumerable<string> Phrasings(SmallTalkIntent intent) => Languages.All.SelectMany(l => intent.Phrasings[l]);
        var fillers = Languages.All.SelectMany(l => knowledge.Reading.Fillers[l]).ToList();

        // Greetings, thanks, goodbyes and "how are you" are said around a question and left out; the questions to the
        // bot itself (`alongside` in smalltalk.yaml: what it is, a real person, a language) are not.
        _openers = new PhraseSet(knowledge.SmallTalk.Where(i => !i.Alongside).SelectMany(Phrasings).Concat(fillers));
        _questionStarts = new PhraseSet(knowledge.Reading.WhWords.Concat(knowledge.Reading.YesNoStarts));
        _questionWords = knowledge.Reading.WhWords.Where(w => !w.Contains(' ')).ToHashSet(StringComparer.Ordinal);
        _personalDataLabels = knowledge.Reading.PersonalDataLabels.ToWordSet();
        // Any small-talk or filler word, for letters repeated for effect ("hiii", "thanksss", "are u a bottt").
        _openerWords = knowledge.SmallTalk.SelectMany(Phrasings).Concat(fillers).ToWordSet();
        // … but not a word of its own: the Dutch "ook" is not a stretched "ok".
        _stopWords = Languages.All.SelectMany(l => knowledge.Words("stopwords", l)?.Lines ?? []).Select(l => l.Text).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether the words are only openers, fillers, thanks or goodbyes.</summary>
    public bool IsOnlyOpeners(IReadOnlyList<string> words) => words.Count > 0 && Strip(words).Count == 0;

    public ReadMessage Read(string? text)
    {
        var plain = Markup.Strip(text ?? "");
        var personal = false;
        var segments = new List<MessageSegment>();
        var all = new List<string>();
        var cleanedParts = new List<string>();
        foreach (var piece in SentenceBreak().Split(plain))
        {
            var asks = piece.TrimEnd().EndsWith('?');
            var separated = Separator().Split(piece);
            foreach (var part in separated)
            {
                var cleaned = UserText.Clean(part);
                if (cleaned.Length == 0)
                {
                    continue;
                }

                var (redacted, found) = PersonalData.Redact(cleaned);
                personal |= found;
                cleanedParts.Add(redacted);
                var words = Unstretched(WithoutPersonalData(UserText.Words(redacted.Replace(PersonalData.Mask, " " + RemovedWord + " ", StringComparison.Ordinal))));
                all.AddRange(words);
                var content = Strip(words);
                if (content.Count == 0)
                {
                    continue;
                }

                var clauses = Clauses(content);
                var split = separated.Length > 1 || clauses.Count > 1;
                foreach (var clause in clauses)
                {
                    // "Rotterdam desk address? and your phone number": a sentence that goes on from a question with a
                    // joiner asks too.
                    var goesOn = segments.Count > 0 && segments[^1].IsQuestion && clause.Count >= 2 && GoesOnWords.Contains(clause[0]);
                    var question = split || asks || goesOn || clause.Any(_questionWords.Contains) || _questionStarts.MatchAt(clause, 0) is not null;
                    segments.Add(new MessageSegment(string.Join(' ', clause), clause, question) { HasQuestionMark = asks });
                }
            }
        }

        var onlySmallTalk = segments.Count == 0 && all.Count > 0;
        if (onlySmallTalk)
        {
            segments.Add(new MessageSegment(string.Join(' ', all), all, IsQuestion: false));
        }

        return new ReadMessage
        {
            Text = string.Join(' ', cleanedParts),
            Words = segments.SelectMany(s => s.Words).ToList(),
            Segments = segments,
            OnlySmallTalk = onlySmallTalk,
            AllWords = all,
            HasPersonalData = personal,
        };
    }

    // Stands for removed personal data while the words are read; never a word people type.
    private const string RemovedWord = "zzremovedzz";

    /// <summary>The words without the removed personal data and the words that named it ("V-number", "my e-mail is").</summary>
    private List<string> WithoutPersonalData(List<string> words)
    {
        if (!words.Contains(RemovedWord))
        {
            return words;
        }

        var kept = new List<string>(words.Count);
        foreach (var word in words)
        {
            if (word != RemovedWord)
            {
                kept.Add(word);
                continue;
            }

            // Drop the label before the number: the longest run of label words that ends right before it (at most five).
            for (var taken = 0; taken < 5 && kept.Count > 0 && _personalDataLabels.Contains(kept[^1]); taken++)
            {
                kept.RemoveAt(kept.Count - 1);
            }
        }

        return kept;
    }

    /// <summary>Small-talk words typed with letters repeated ("hiii", "heyy", "byee") read as those words.</summary>
    private List<string> Unstretched(List<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (!_openerWords.Contains(words[i]) && !_stopWords.Contains(words[i]) && Elongation.Variants(words[i]).FirstOrDefault(_openerWords.Contains) is { } word)
            {
                words[i] = word;
            }
        }

        return words;
    }

    /// <summary>The words without the openers, fillers and thanks at their start and end.</summary>
    private List<string> Strip(IReadOnlyList<string> words)
    {
        int start = 0, end = words.Count;
        var changed = true;
        while (changed && start < end)
        {
            changed = false;
            var window = Slice(words, start, end);
            if (_openers.MatchAt(window, 0) is { } length)
            {
                start += length;
                changed = true;
                continue;
            }

            // A phrase at the end: try every start, longest phrase first ("thank you very much").
            for (var i = Math.Max(start, end - MaxPhraseWords); i < end; i++)
            {
                if (_openers.MatchAt(Slice(words, i, end), 0) is { } tail && i + tail == end)
                {
                    end = i;
                    changed = true;
                    break;
                }
            }
        }

        return Slice(words, start, end);
    }

    /// <summary>"when do I give fingerprints and where is the Utrecht desk": two clauses, split before "and where".</summary>
    private List<List<string>> Clauses(List<string> words)
    {
        var clauses = new List<List<string>>();
        var from = 0;
        for (var i = 1; i + 1 < words.Count; i++)
        {
            // "…, and where is the Utrecht desk": a joiner and a question word, three words or more on each side; in a
            // short message in keyword style ("postadres en telefoonnummer") any joiner between two parts.
            var question = _questionStarts.MatchAt(words, i + 1) is not null && i - from >= 3 && words.Count - i - 1 >= 3;
            var keywords = words.Count <= ShortMessage && i - from >= 1 && words.Count - i - 1 >= 1 && words[i] is "and" or "en" or "plus";
            if (_joiners.Contains(words[i]) && (question || keywords))
            {
                clauses.Add(words.GetRange(from, i - from));
                from = i + 1;
            }
        }

        clauses.Add(words.GetRange(from, words.Count - from));
        return clauses;
    }

    private static List<string> Slice(IReadOnlyList<string> words, int start, int end)
    {
        var list = new List<string>(Math.Max(0, end - start));
        for (var i = start; i < end; i++)
        {
            list.Add(words[i]);
        }

        return list;
    }
}
