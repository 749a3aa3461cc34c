using IndBot.Answers.Text;
using IndBot.Answers.Understanding;
using IndBot.Knowledge;

namespace IndBot.Answers.Desks;

/// <summary>A time window on one day; <see cref="To"/> null is the end of the day.</summary>
/// <param name="Whole">The desk must be open for all of it ("open all day?"), not for a moment in it.</param>
public readonly record struct TimeWindow(TimeOnly From, TimeOnly? To, bool Whole = false)
{
    public static TimeWindow At(TimeOnly time) => new(time, time.AddMinutes(1) is var next && next > time ? next : null);

    /// <summary>Whether the desk is open in the window: for a moment in it, or for all of it.</summary>
    public bool Overlaps(TimeRange hours) => Whole
        ? hours.From <= From && (To is { } to ? hours.To >= to : false)
        : hours.From < (To ?? TimeOnly.MaxValue) && From < hours.To;
}

/// <summary>What a message says about desks, read from its words: which desk, day and time, service, and what it asks.</summary>
public sealed record DeskQuestion
{
    public Desk? Desk { get; init; }

    /// <summary>A second desk named with the first ("the hours in Hoofddorp and in Rotterdam"): it gets an answer too.</summary>
    public Desk? AlsoDesk { get; init; }
    public DayOfWeek? Day { get; init; }

    /// <summary>"in the weekend": Saturday and Sunday.</summary>
    public bool Weekend { get; init; }

    public TimeWindow? Window { get; init; }

    /// <summary>"now", "right now", "nu": the current time.</summary>
    public bool Now { get; init; }

    public DeskService? Service { get; init; }
    public bool AsksHours { get; init; }
    public bool AsksAddress { get; init; }
    public bool AsksCount { get; init; }

    /// <summary>"what time does it close", "tot hoe laat": the closing time.</summary>
    public bool AsksClosing { get; init; }

    /// <summary>"what time does it open", "vanaf hoe laat": the opening time.</summary>
    public bool AsksOpening { get; init; }

    /// <summary>"is it closed on …": a yes means closed.</summary>
    public bool AsksClosed { get; init; }

    /// <summary>A yes/no question ("is…", "can I…", "kan ik…") rather than an open one ("when…", "waar…").</summary>
    public bool IsYesNo { get; init; }

    /// <summary>About all desks or any desk ("which desks", "one of your desks"), not one.</summary>
    public bool AllDesks { get; init; }

    /// <summary>"are all desks open…", "alle loketten": a yes needs every desk, not one of them.</summary>
    public bool EveryDesk { get; init; }

    /// <summary>"one of your desks", "any desk", "een loket": a yes needs one desk.</summary>
    public bool AnyDesk { get; init; }

    /// <summary>Starts like a follow-up ("and on Friday?", "en in Zwolle?") or refers back ("is it open…", "daar").</summary>
    public bool FollowUpCue { get; init; }

    /// <summary>Words that were read as a day, a time or a service: they need no match in the index.</summary>
    public IReadOnlySet<string> SlotWords { get; init; } = new HashSet<string>();

    /// <summary>Words that named the desk.</summary>
    public IReadOnlySet<string> DeskWords { get; init; } = new HashSet<string>();

    /// <summary>Where the desk asked about was named in the words (start and length; -1 when none).</summary>
    public (int Start, int Length) DeskAt { get; init; } = (-1, 0);

    /// <summary>A desk word stands within three words of the desk's name ("the Zwolle desk", "IND in Rotterdam"), unlike "the Rotterdam zoo".</summary>
    public bool DeskBesideDeskWord { get; init; }

    public bool HasTime => Day is not null || Weekend || Window is not null || Now;

    public bool HasDeskCue => HasTime || Service is not null || AsksHours || AsksAddress;
}

/// <summary>
/// Reads desk names, days, times, parts of the day and services from the words of a message, in English and Dutch,
/// with the word lists of <c>reading.yaml</c>: "can I go to the Zwolle desk after work?", "is Rotterdam open tomorrow
/// at 14:30", "kan ik morgenochtend in Hoofddorp vingerafdrukken laten afnemen".
/// </summary>
public sealed class DeskQuestionReader
{
    private readonly KnowledgeBase _knowledge;
    private readonly List<(string[] Words, Desk Desk)> _deskNames;
    private readonly PhraseSet<DayOfWeek> _days;
    private readonly HashSet<string> _ambiguousDays;
    private readonly PhraseSet _today, _tomorrow, _dayAfterTomorrow, _now, _weekend;
    private readonly PhraseSet<DayPeriod> _periods;
    private readonly PhraseSet _closed, _hours, _closing, _opening, _address, _count, _allDesks, _reference, _followUp, _yesNo, _wh, _yesNoPhrases, _every;
    private readonly PhraseSet<DeskService> _services;
    private readonly HashSet<string> _serviceWords;
    private readonly HashSet<string> _deskQuestionWords;
    private readonly HashSet<string> _deskJoiners, _deskConjunctions, _deskWords;
    private readonly HashSet<string> _anyWords, _tellWords, _deskNouns, _quantifiers, _dayLead, _before, _after, _until, _at;
    // The hours one to twelve spelled out in either language ("three", "drie"), and the English ones ("half three").
    private readonly Dictionary<string, int> _numberWords;
    private readonly HashSet<string> _englishNumbers;
    // Dutch words that start compounds with a part of the day: the weekdays ("donderdagmiddag") and "morgen"
    // ("morgenochtend"); values are a DayOfWeek, or Tomorrow / DayAfterTomorrow.
    private const int Tomorrow = 100;
    private const int DayAfterTomorrow = 101;
    private readonly Dictionary<string, int> _dayCompoundStarts;

    public DeskQuestionReader(KnowledgeBase knowledge)
    {
        _knowledge = knowledge ?? throw new ArgumentNullException(nameof(knowledge));
        var reading = knowledge.Reading;
        _deskNames = knowledge.Desks
            .SelectMany(d => d.Names.Append(d.Building).Append(d.Name.Replace("IND ", "", StringComparison.Ordinal)).Append(StreetName(d.Street))
                .Select(n => (Words: Text.UserText.Words(n).Where(w => w != "ind").ToArray(), Desk: d)))
            .Where(x => x.Words.Length > 0)
            .DistinctBy(x => string.Join(' ', x.Words) + x.Desk.Id)
            .OrderByDescending(x => x.Words.Length)
            .ToList();
        _days = new PhraseSet<DayOfWeek>(reading.Days.SelectMany(d => d.Value.Select(w => (w, d.Key))));
        _ambiguousDays = reading.AmbiguousDays.ToWordSet();
        _today = new PhraseSet(reading.Today);
        _tomorrow = new PhraseSet(reading.Tomorrow);
        _dayAfterTomorrow = new PhraseSet(reading.DayAfterTomorrow);
        _now = new PhraseSet(reading.Now);
        _weekend = new PhraseSet(reading.Weekend);
        _periods = new PhraseSet<DayPeriod>(reading.Periods.SelectMany(p => p.Words.Select(w => (w, p))));
        _closed = new PhraseSet(reading.ClosedWords);
        _hours = new PhraseSet(reading.HoursWords);
        _closing = new PhraseSet(reading.ClosingWords);
        _opening = new PhraseSet(reading.OpeningWords);
        _address = new PhraseSet(reading.AddressWords);
        _count = new PhraseSet(reading.CountWords);
        _allDesks = new PhraseSet(reading.AllDesksWords);
        _reference = new PhraseSet(reading.ReferenceWords);
        _followUp = new PhraseSet(reading.FollowUpStarts);
        _yesNo = new PhraseSet(reading.YesNoStarts);
        _wh = new PhraseSet(reading.WhWords);
        _yesNoPhrases = new PhraseSet(reading.YesNoPhrases);
        _every = new PhraseSet(reading.AllQuantifiers);
        _services = new PhraseSet<DeskService>(knowledge.DeskServices
            .SelectMany(s => reading.Services.TryGetValue(s.Id, out var words) ? words.Select(w => (w, s)) : []));
        _serviceWords = reading.Services.Values.SelectMany(w => w).ToWordSet();
        _deskQuestionWords = reading.DeskQuestionWords.ToWordSet();
        _deskJoiners = reading.DeskJoiners.ToWordSet();
        _deskConjunctions = reading.DeskConjunctions.ToWordSet();
        _deskWords = reading.DeskWords.ToWordSet();
        _anyWords = WordSet(reading.AnyWords);
        _tellWords = WordSet(reading.TellWords);
        _deskNouns = WordSet(reading.DeskNouns);
        _quantifiers = WordSet(reading.DeskQuantifiers);
        _dayLead = WordSet(reading.DayLeadWords);
        _before = WordSet(reading.BeforeWords);
        _after = WordSet(reading.AfterWords);
        _until = WordSet(reading.UntilWords);
        _at = WordSet(reading.AtWords);
        _numberWords = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var language in Languages.All)
        {
            for (var n = 0; n < reading.ClockNumbers[language].Count; n++)
            {
                _numberWords[Text.UserText.Normalize(reading.ClockNumbers[language][n])] = n + 1;
            }
        }

        _englishNumbers = WordSet(reading.ClockNumbers[Languages.English]);
        _dayCompoundStarts = reading.Days
            .SelectMany(d => d.Value.Where(w => w.Length > 4 && w.EndsWith("dag", StringComparison.Ordinal)).Select(w => (w, (int)d.Key)))
            .Concat(reading.Tomorrow.Where(w => w.Length >= 5 && !w.Contains(' ')).Select(w => (w, Tomorrow)))
            .Concat(reading.DayAfterTomorrow.Where(w => w.Length >= 5 && !w.Contains(' ')).Select(w => (w, DayAfterTomorrow)))
            .ToDictionary(x => x.w, x => x.Item2, StringComparer.Ordinal);
    }

    /// <summary>A list of single words, matched against one word of a message each (lower-case, without accents).</summary>
    private static HashSet<string> WordSet(IEnumerable<string> words) => words.Select(Text.UserText.Normalize).ToHashSet(StringComparer.Ordinal);

    /// <summary>A word that asks about opening hours or an address ("open", "until", "waar", "adres").</summary>
    public bool IsCue(string word) => _hours.Contains(word) || _address.Contains(word) || word is "how" or "hoe" or "late" or "laat";

    /// <summary>Whether the words ask an open question ("when…", "waar…"), not counting a follow-up opener ("what about …").</summary>
    public bool HasOpenQuestionWord(IReadOnlyList<string> words)
    {
        var start = _followUp.MatchAt(words, 0) ?? 0;
        for (var i = start; i < words.Count; i++)
        {
            if (_wh.Contains(words[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A word of a desk service ("fingerprints", "pick up", "pasfoto").</summary>
    public bool IsServiceWord(string word) => _serviceWords.Contains(word);

    /// <summary>A word for an IND desk itself: "desk", "office", "loket" (<c>reading.yaml</c>: deskWords).</summary>
    public bool IsDeskWord(string word) => _deskWords.Contains(word);

    /// <summary>A word that may stand with a desk name without changing what is asked (<c>reading.yaml</c>: deskQuestionWords).</summary>
    public bool IsDeskQuestionWord(string word) => _deskQuestionWords.Contains(word);

    /// <summary>Whether the words name one of the desks (the desk <see cref="Read"/> would find, without the rest of the reading).</summary>
    public bool NamesADesk(IReadOnlyList<string> words) => FindDesks(words).First is not null;

    /// <summary>Reads <paramref name="words"/> (from <see cref="Text.UserText.Words"/>) at the local time <paramref name="now"/>.</summary>
    public DeskQuestion Read(IReadOnlyList<string> words, DateTime now)
    {
        var slots = new HashSet<string>(StringComparer.Ordinal);
        var (desk, alsoDesk, deskWords, deskAt, besideDeskWord) = FindDesks(words);
        var asksHours = _hours.Any(words) || HowLate(words);
        DayOfWeek? day = null;
        TimeWindow? window = null;
        TimeWindow? clock = null;
        bool isNow = false, weekend = false;

        void Slot(int start, int length)
        {
            for (var k = start; k < start + length; k++)
            {
                slots.Add(words[k]);
            }
        }

        for (var i = 0; i < words.Count; i++)
        {
            if (_now.MatchAt(words, i) is { } n)
            {
                isNow = true;
                Slot(i, n);
                i += n - 1;
            }
            else if (_today.MatchAt(words, i) is { } t)
            {
                day ??= now.DayOfWeek;
                window ??= _periods.MatchAt(words, i)?.Value is { } p ? Window(p) : null;
                Slot(i, t);
                i += t - 1;
            }
            else if (_dayAfterTomorrow.MatchAt(words, i) is { } a)
            {
                day ??= now.AddDays(2).DayOfWeek;
                Slot(i, a);
                i += a - 1;
            }
            else if (_tomorrow.MatchAt(words, i) is { } m && !(words[i] == "morgen" && i > 0 && words[i - 1] is "s" or "goede" or "goedemorgen"))
            {
                day ??= now.AddDays(1).DayOfWeek;
                Slot(i, m);
                i += m - 1;
            }
            else if (_weekend.MatchAt(words, i) is { } w)
            {
                weekend = day is null || weekend;
                day ??= DayOfWeek.Saturday;
                Slot(i, w);
                i += w - 1;
            }
            else if (_days.MatchAt(words, i) is { } d && (!_ambiguousDays.Contains(words[i]) || ReadsAsDay(words, i)))
            {
                day ??= d.Value;
                Slot(i, d.Length);
                i += d.Length - 1;
            }
            else if (SplitDayCompound(words[i], now) is { } compound)
            {
                day ??= compound.Day;
                window ??= compound.Period is { } p ? Window(p) : null;
                slots.Add(words[i]);
            }
            else if (ReadDate(words, i, now) is { } date)
            {
                // "on the 7th", "op 4 december", "December 9": the weekday of the next such date.
                day ??= date.Date.DayOfWeek;
                Slot(i, date.Length);
                i += date.Length - 1;
            }
            else if (InHours(words, i) is { } later)
            {
                // "in an hour", "in 3 hours", "over twee uur", "for another hour": that many hours from now.
                day ??= now.AddHours(later.Hours).DayOfWeek;
                clock ??= TimeWindow.At(TimeOnly.FromDateTime(now.AddHours(later.Hours)));
                Slot(i, later.Length);
                i += later.Length - 1;
            }
            else if (ReadClock(words, i) is { } c)
            {
                clock ??= c.Window;
                Slot(c.Start, i + c.Length - c.Start);
                i += c.Length - 1;
            }
            else if (_periods.MatchAt(words, i) is { } period)
            {
                window ??= Window(period.Value);
                Slot(i, period.Length);
                i += period.Length - 1;
            }
        }

        // Service words stay in the search: "fingerprints" is also what the biometrics entry is about.
        var service = _services.Matches(words).Select(m => m.Value).FirstOrDefault();

        if (isNow)
        {
            day = now.DayOfWeek;
            clock = TimeWindow.At(TimeOnly.FromDateTime(now));
        }

        var first = FirstQuestionWord(words);
        var startsYesNo = first is not null && _yesNo.MatchAt(words, first.Value) is not null;
        // "is there a desk where I can …" is a yes/no question; "can you tell me when it closes" is not.
        var hasWh = (words.Any(_wh.Contains) && !(startsYesNo && !words.Any(_tellWords.Contains))) || HowLate(words);
        var asksClosed = _closed.Any(words);
        var hasTime = day is not null || weekend || clock is not null || window is not null || isNow;
        return new DeskQuestion
        {
            Desk = desk,
            AlsoDesk = alsoDesk,
            Day = day,
            Weekend = weekend,
            Window = clock ?? window,
            Now = isNow,
            Service = service,
            AsksHours = asksHours,
            AsksAddress = _address.Any(words),
            AsksCount = _count.Any(words),
            AsksClosing = hasWh && _closing.Any(words),
            AsksOpening = hasWh && !_closing.Any(words) && _opening.Any(words),
            AsksClosed = asksClosed,
            IsYesNo = !hasWh && (startsYesNo || _yesNoPhrases.Any(words)
                || (hasTime && (asksHours || asksClosed)) || (service is not null && desk is not null)),
            AllDesks = _allDesks.Any(words) || QuantifiedDesk(words),
            EveryDesk = _every.Any(words),
            AnyDesk = words.Any(_anyWords.Contains),
            FollowUpCue = (words.Count > 0 && _followUp.MatchAt(words, 0) is not null) || _reference.Any(words),
            SlotWords = slots,
            DeskWords = deskWords,
            DeskAt = deskAt,
            DeskBesideDeskWord = besideDeskWord,
        };
    }

    /// <summary>"every IND desk", "any IND office", "welk IND-loket": a desk word after a quantifier (within three words).</summary>
    private bool QuantifiedDesk(IReadOnlyList<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (_deskNouns.Contains(words[i]))
            {
                for (var k = Math.Max(0, i - 3); k < i; k++)
                {
                    if (_quantifiers.Contains(words[k]))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>"do", "ma", "sun" are days only next to a day word ("on do", "op di 10:00", "ma t/m vr"), never "do I".</summary>
    private bool ReadsAsDay(IReadOnlyList<string> words, int i)
    {
        var previous = i > 0 ? words[i - 1] : "";
        var next = i + 1 < words.Count ? words[i + 1] : "";
        return _dayLead.Contains(previous) || _days.MatchAt(words, i + 1) is not null || (i > 0 && _days.MatchAt(words, i - 1) is not null)
            || (next.Length > 0 && (char.IsDigit(next[0]) || _at.Contains(next) || _periods.MatchAt(words, i + 1) is not null));
    }

    /// <summary>The index of the first word after a follow-up opener ("and", "so", "en").</summary>
    private int? FirstQuestionWord(IReadOnlyList<string> words)
    {
        var i = 0;
        while (i < words.Count)
        {
            if (_followUp.MatchAt(words, i) is { } length)
            {
                i += length;
            }
            else if (words[i] is "so" or "ok" or "okay" or "dus" or "hey" or "hi" or "please" or "pls")
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return i < words.Count ? i : null;
    }

    private static bool HowLate(IReadOnlyList<string> words) =>
        (words.Contains("how") && words.Contains("late")) || (words.Contains("hoe") && words.Contains("laat")) || words.Contains("hoelaat")
        || (words.Contains("what") && words.Contains("time"));

    private static TimeWindow Window(DayPeriod period) => new(period.From, period.To, period.Whole);

    /// <summary>
    /// The desk the words ask about: the first named next to a desk word ("the Amsterdam desk", "IND in Zwolle"), else
    /// the first named. A second desk joined to it ("Hoofddorp and Rotterdam", "Zwolle of Amsterdam": only the joiner
    /// words of reading.yaml between them) is asked about too, and the pair comes in the order it was named.
    /// </summary>
    private DeskMentions FindDesks(IReadOnlyList<string> words)
    {
        var deskWords = new HashSet<string>(StringComparer.Ordinal);
        var mentions = new List<(int Start, int Length, Desk Desk)>();
        for (var i = 0; i < words.Count; i++)
        {
            if (NameAt(words, i) is { } found)
            {
                mentions.Add((i, found.Length, found.Desk));
                for (var k = 0; k < found.Length; k++)
                {
                    deskWords.Add(words[i + k]);
                }

                i += found.Length - 1;
            }
        }

        if (mentions.Count == 0)
        {
            return new DeskMentions(null, null, deskWords, (-1, 0), false);
        }

        // The desk asked about is the one closest to a desk word ("I live in Utrecht, is the desk in Amsterdam open?":
        // Amsterdam); without one, the first named.
        var chosen = 0;
        var closest = int.MaxValue;
        for (var m = 0; m < mentions.Count; m++)
        {
            if (WordDistance(words, mentions[m].Start, mentions[m].Length, _deskWords) is { } distance && distance < closest)
            {
                (chosen, closest) = (m, distance);
            }
        }

        var desk = mentions[chosen].Desk;
        var at = (mentions[chosen].Start, mentions[chosen].Length);
        var besideDeskWord = closest != int.MaxValue;

        // Both are asked about when only joiner words stand between them, at least one of them a conjunction ("and", "of").
        bool Joined(int a, int b)
        {
            var from = mentions[a].Start + mentions[a].Length;
            var gap = Enumerable.Range(from, Math.Max(0, mentions[b].Start - from)).Select(k => words[k]).ToList();
            return mentions[a].Desk.Id != mentions[b].Desk.Id && gap.Count <= 4 && gap.All(_deskJoiners.Contains) && gap.Any(_deskConjunctions.Contains);
        }
        if (chosen + 1 < mentions.Count && Joined(chosen, chosen + 1))
        {
            return new DeskMentions(desk, mentions[chosen + 1].Desk, deskWords, at, besideDeskWord);
        }

        return chosen > 0 && Joined(chosen - 1, chosen)
            ? new DeskMentions(mentions[chosen - 1].Desk, desk, deskWords, at, besideDeskWord)
            : new DeskMentions(desk, null, deskWords, at, besideDeskWord);
    }

    /// <summary>The desks a message names: the one asked about and one joined to it (in the order named), the words of every desk name, where the one asked about stands, and whether a desk word is within three words of it.</summary>
    private sealed record DeskMentions(Desk? First, Desk? Second, HashSet<string> Words, (int Start, int Length) At, bool BesideDeskWord);

    /// <summary>
    /// How many words lie between the name at <paramref name="start"/> and the nearest of <paramref name="wanted"/>
    /// within three words before or after it; null when none is that close ("IND office Groningen": 0).
    /// </summary>
    internal static int? WordDistance(IReadOnlyList<string> words, int start, int length, IReadOnlySet<string> wanted)
    {
        int? nearest = null;
        for (var k = Math.Max(0, start - 3); k < Math.Min(words.Count, start + length + 3); k++)
        {
            if ((k < start || k >= start + length) && wanted.Contains(words[k]))
            {
                var distance = k < start ? start - k - 1 : k - (start + length);
                nearest = nearest is { } n ? Math.Min(n, distance) : distance;
            }
        }

        return nearest;
    }

    private (Desk Desk, int Length)? NameAt(IReadOnlyList<string> words, int i)
    {
        foreach (var (nameWords, desk) in _deskNames)
        {
            var match = i + nameWords.Length <= words.Count;
            for (var k = 0; k < nameWords.Length && match; k++)
            {
                match = NamesTheSame(words[i + k], nameWords[k]);
            }

            if (match)
            {
                return (desk, nameWords.Length);
            }
        }

        // A one-word name heard as two ("hoofd dorp", "rotter dam", "ein hoven"): speech-to-text splits long names.
        if (i + 1 < words.Count && words[i].Length >= 3 && words[i + 1].Length >= 3)
        {
            var joined = words[i] + words[i + 1];
            foreach (var (nameWords, desk) in _deskNames)
            {
                if (nameWords.Length == 1 && nameWords[0].Length >= 8 && NamesTheSame(joined, nameWords[0]))
                {
                    return (desk, 2);
                }
            }
        }

        return null;
    }

    /// <summary>"Stadhouderskade 85" → "Stadhouderskade": people name a desk by its street too.</summary>
    private static string StreetName(string street) => string.Join(' ', street.Split(' ').Where(w => !w.Any(char.IsDigit)));

    /// <summary>Equal, "y" for "ij" ("Rijswyk"), or one typo apart for names of six letters or more ("Utrcht", "Hoofdorp").</summary>
    private static bool NamesTheSame(string word, string name) =>
        word == name || (word.Contains('y') && name.Contains("ij", StringComparison.Ordinal) && word.Replace("y", "ij", StringComparison.Ordinal) == name)
        || (name.Length >= 6 && word.Length >= 5 && word[0] == name[0] && Math.Abs(word.Length - name.Length) <= 1
            && Text.EditDistance.Bounded(word, name, 1) <= 1);

    /// <summary>"in an hour", "in 2 hours", "within the hour", "for another hour", "over een uur", "over 2 uur", "nog een uur".</summary>
    private (int Hours, int Length)? InHours(IReadOnlyList<string> words, int i)
    {
        string Word(int k) => k < words.Count ? words[k] : "";
        if (words[i] is not ("in" or "over" or "within" or "for" or "nog"))
        {
            return null;
        }

        var at = i + 1;
        if (Word(at) is "another" or "the" or "nog")
        {
            at++;
        }

        var count = Word(at) switch
        {
            "an" or "a" or "one" or "een" or "1" => 1,
            var n when int.TryParse(n, out var h) && h is > 0 and < 12 => h,
            var n when _numberWords.TryGetValue(n, out var h) && h < 12 => h,
            _ => 0,
        };
        var unit = Word(at + 1);
        return count > 0 && unit is "hour" or "hours" or "uur" or "uurtje" or "uren" or "hr" or "hrs" ? (count, at + 2 - i) : null;
    }

    /// <summary>Dutch compounds: "donderdagmiddag", "maandagochtend", "vrijdags", "morgenmiddag", "morgenvroeg".</summary>
    private (DayOfWeek Day, DayPeriod? Period)? SplitDayCompound(string word, DateTime now)
    {
        if (word.Length < 6 || !(word.Contains("dag", StringComparison.Ordinal) || word.Contains("morgen", StringComparison.Ordinal) || word.Contains("tomorrow", StringComparison.Ordinal)))
        {
            return null;
        }

        foreach (var (start, value) in _dayCompoundStarts)
        {
            if (word.Length > start.Length && word.StartsWith(start, StringComparison.Ordinal))
            {
                var rest = word[start.Length..];
                var day = value switch
                {
                    Tomorrow => now.AddDays(1).DayOfWeek,
                    DayAfterTomorrow => now.AddDays(2).DayOfWeek,
                    _ => (DayOfWeek)value,
                };
                if (rest == "vroeg")
                {
                    return (day, _periods.MatchAt(["morning"], 0)?.Value);
                }

                if (rest is "s" && value < Tomorrow)
                {
                    return (day, null);
                }

                if (_periods.MatchAt([rest], 0) is { } period)
                {
                    return (day, period.Value);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A clock time with what goes before it: "at 14:30" (words 14, 30), "2pm", "3.30pm", "om 16u", "half past three",
    /// "kwart over negen", "half vier" (15:30), "before 9", "after 4", "until 5". Hours 1–6 without am/pm are read as
    /// the afternoon (office hours). Returns the window, where its words start and how many words it took from
    /// <paramref name="i"/>.
    /// </summary>
    private (TimeWindow Window, int Start, int Length)? ReadClock(IReadOnlyList<string> words, int i)
    {
        var (time, length) = ReadTime(words, i) ?? default;
        if (length == 0)
        {
            return null;
        }

        var previous = i > 0 ? words[i - 1] : "";
        var start = i;
        TimeWindow window;
        if (_before.Contains(previous) && !(previous == "voor" && i > 1 && words[i - 2] is "kwart"))
        {
            window = new TimeWindow(TimeOnly.MinValue, time);
            start--;
        }
        else if (_after.Contains(previous) && previous != "past")
        {
            window = new TimeWindow(time, null);
            start--;
        }
        else if (_until.Contains(previous))
        {
            window = TimeWindow.At(time.AddMinutes(-1));
            start--;
        }
        else
        {
            window = TimeWindow.At(time);
            start -= _at.Contains(previous) ? 1 : 0;
        }

        return (window, start, length);
    }

    private (TimeOnly Time, int Length)? ReadTime(IReadOnlyList<string> words, int i)
    {
        string Word(int k) => k < words.Count ? words[k] : "";
        var word = words[i];

        // "half past three", "quarter past nine", "quarter to four"; Dutch "half vier" (15:30), "kwart over negen", "kwart voor vier".
        if (word is "half" or "quarter" or "kwart")
        {
            var relation = Word(i + 1);
            var english = relation is "past" or "to";
            var dutch = relation is "over" or "voor";
            var hourWord = english || dutch ? Word(i + 2) : Word(i + 1);
            if (Hour(hourWord) is not { } h)
            {
                return null;
            }

            var length = english || dutch ? 3 : 2;
            // Dutch "half vier" is half an hour before four; British "half nine" is half past nine.
            var britishHalf = word == "half" && !english && !dutch && _englishNumbers.Contains(hourWord);
            var minutes = (word, relation) switch
            {
                ("half", "past") => 30,
                ("half", _) when britishHalf => 30,
                ("half", _) when !english && !dutch => -30,
                ("quarter" or "kwart", "past" or "over") => 15,
                ("quarter" or "kwart", "to" or "voor") => -15,
                _ => int.MinValue,
            };
            if (minutes == int.MinValue)
            {
                return null;
            }

            var hour = Afternoon(h);
            var total = (hour * 60) + minutes;
            return total is >= 0 and < 24 * 60 ? (new TimeOnly(total / 60, total % 60), length) : null;
        }

        if (word is "noon" or "midday" or "middaguur")
        {
            return (new TimeOnly(12, 0), 1);
        }

        // "2pm", "16u", "16uur", "9am", "14h".
        foreach (var suffix in (string[])["am", "pm", "uur", "u", "h", "hr", "hrs"])
        {
            if (word.Length > suffix.Length && word.EndsWith(suffix, StringComparison.Ordinal) && int.TryParse(word[..^suffix.Length], out var h) && h is >= 0 and <= 23)
            {
                return (new TimeOnly(Hour24(h, suffix), 0), 1);
            }
        }

        if (!int.TryParse(word, out var number) || word.Length > 4)
        {
            return _numberWords.TryGetValue(word, out var spelled) && IsClockContext(words, i) ? (new TimeOnly(Hour24(spelled, Word(i + 1)), 0), Word(i + 1) is "am" or "pm" or "uur" or "oclock" ? 2 : 1) : null;
        }

        // "1430" or "930".
        if (word.Length >= 3)
        {
            var (hh, mm) = (number / 100, number % 100);
            return hh <= 23 && mm < 60 && IsClockContext(words, i) ? (new TimeOnly(hh, mm), 1) : null;
        }

        if (number > 23)
        {
            return null;
        }

        var next = Word(i + 1);
        // "14 30", "4 30pm", "9 00 uur"
        var minutePart = next.EndsWith("am", StringComparison.Ordinal) || next.EndsWith("pm", StringComparison.Ordinal) ? next[..^2] : next;
        if (minutePart.Length == 2 && int.TryParse(minutePart, out var min) && min < 60)
        {
            var suffix = next.Length == 4 ? next[^2..] : Word(i + 2);
            var taken = next.Length == 4 ? 2 : suffix is "am" or "pm" or "uur" or "u" or "h" ? 3 : 2;
            return (new TimeOnly(Hour24(number, suffix), min), taken);
        }

        if (next is "am" or "pm" or "uur" or "u" or "h" or "oclock" or "o")
        {
            return (new TimeOnly(Hour24(number, next), 0), next == "o" && Word(i + 2) == "clock" ? 3 : 2);
        }

        return IsClockContext(words, i) ? (new TimeOnly(Hour24(number, ""), 0), 1) : null;
    }

    /// <summary>A bare number is a time only after "at", "om", "before", "after", "until", "voor", "na", "tot".</summary>
    private bool IsClockContext(IReadOnlyList<string> words, int i) =>
        i > 0 && (_at.Contains(words[i - 1]) || _before.Contains(words[i - 1]) || _after.Contains(words[i - 1]) || _until.Contains(words[i - 1]));

    private int? Hour(string word) =>
        int.TryParse(word, out var h) && h is >= 1 and <= 12 ? h : _numberWords.TryGetValue(word, out var n) ? n : null;

    private static int Afternoon(int hour) => hour is >= 1 and <= 6 ? hour + 12 : hour;

    private static int Hour24(int hour, string suffix) => suffix switch
    {
        "pm" => (hour % 12) + 12,
        "am" => hour % 12,
        _ => hour > 12 ? hour : Afternoon(hour),
    };

    // Month names as the cultures write them ("december", "dec", "oktober", "okt"), January = 1.
    private static readonly Dictionary<string, int> Months = new[] { "en-US", "nl-NL" }
        .Select(System.Globalization.CultureInfo.GetCultureInfo)
        .SelectMany(c => c.DateTimeFormat.MonthNames.Take(12).Select((m, i) => (m, i + 1))
            .Concat(c.DateTimeFormat.AbbreviatedMonthNames.Take(12).Select((m, i) => (m, i + 1))))
        .Select(x => (Name: Text.UserText.Normalize(x.m), Month: x.Item2))
        .Where(x => x.Name.Length >= 3)
        .DistinctBy(x => x.Name)
        .ToDictionary(x => x.Name, x => x.Month, StringComparer.Ordinal);

    private static readonly string[] OrdinalSuffixes = ["st", "nd", "rd", "th", "ste", "de", "e"];

    /// <summary>
    /// A date at <paramref name="i"/>: "7 december", "december 7(th)", "the 7th", "de 9e" (a day of the month with an
    /// ordinal ending, this month or the next). The next such date from <paramref name="now"/>; null when none or invalid.
    /// </summary>
    private static (DateTime Date, int Length)? ReadDate(IReadOnlyList<string> words, int i, DateTime now)
    {
        var word = words[i];
        if (DayOfMonth(word, ordinal: false) is { } d && i + 1 < words.Count && Months.TryGetValue(words[i + 1], out var month))
        {
            return Next(now, d, month) is { } date ? (date, 2) : null;
        }

        if (Months.TryGetValue(word, out month) && i + 1 < words.Count && DayOfMonth(words[i + 1], ordinal: false) is { } after)
        {
            return Next(now, after, month) is { } date ? (date, 2) : null;
        }

        if (DayOfMonth(word, ordinal: true) is { } alone)
        {
            var of = i + 2 < words.Count && words[i + 1] == "of" && Months.TryGetValue(words[i + 2], out var named) ? named : (int?)null;
            var date = of is { } m ? Next(now, alone, m) : Next(now, alone, now.Day <= alone ? now.Month : now.AddMonths(1).Month);
            return date is { } found ? (found, of is null ? 1 : 3) : null;
        }

        return null;
    }

    /// <summary>1–31 from "7", or (<paramref name="ordinal"/>) only with an ordinal ending: "7th", "9e", "1ste".</summary>
    private static int? DayOfMonth(string word, bool ordinal)
    {
        var digits = word.TakeWhile(char.IsAsciiDigit).Count();
        if (digits is 0 or > 2)
        {
            return null;
        }

        var suffix = word[digits..];
        var isOrdinal = OrdinalSuffixes.Contains(suffix);
        if (suffix.Length > 0 && !isOrdinal || ordinal && !isOrdinal)
        {
            return null;
        }

        var day = int.Parse(word[..digits], System.Globalization.CultureInfo.InvariantCulture);
        return day is >= 1 and <= 31 ? day : null;
    }

    /// <summary>The next date (today included) with that day and month; null when the month has no such day.</summary>
    private static DateTime? Next(DateTime now, int day, int month)
    {
        var year = month < now.Month || month == now.Month && day < now.Day ? now.Year + 1 : now.Year;
        return day <= DateTime.DaysInMonth(year, month) ? new DateTime(year, month, day) : null;
    }
}
