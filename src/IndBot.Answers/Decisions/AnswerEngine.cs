using IndBot.Answers.Desks;
using IndBot.Answers.Retrieval;
using IndBot.Answers.Scope;
using IndBot.Answers.Text;
using IndBot.Answers.Understanding;
using IndBot.Knowledge;

namespace IndBot.Answers.Decisions;

/// <summary>Settings of the engine that are not learned.</summary>
public sealed record EngineOptions
{
    /// <summary>At most this many "Did you mean" options.</summary>
    public int MaxOptions { get; init; } = 3;

    /// <summary>How many search results, and how many decisions, to keep for repeated questions (0: none).</summary>
    public int SearchCacheSize { get; init; } = 4096;
}

/// <summary>
/// Decides answer / clarification / fallback / small talk for a message. The message is read first (markup, openers,
/// personal data, sentences: <see cref="MessageReader"/>), then every part is searched, and each candidate answer gets
/// features (<see cref="CandidateFeatures"/>) that the learned <see cref="DecisionModel"/> turns into a probability;
/// the operating point chosen on the dev split turns probabilities into the decision. Desk, place and contact answers
/// are reasoned from the structured knowledge. Pure apart from the clock, which it reads to the minute: the conversation
/// context comes in with the question and goes out with the decision.
/// </summary>
public sealed partial class AnswerEngine : IAnswerEngine
{
    private const int CandidatesPerSearch = 6;

    private readonly KnowledgeIndex _index;
    private readonly KnowledgeBase _knowledge;
    private readonly TimeProvider _clock;
    private readonly EngineOptions _options;
    private readonly DecisionModel? _model;
    private readonly LanguageDetector _languages;
    private readonly MessageReader _reader;
    private readonly DeskQuestionReader _deskReader;
    private readonly DeskReasoning _desks;
    private readonly ScopeFinder _scope;
    private readonly LanguageRequest _languageRequest;
    private readonly Dictionary<(string Language, string Text), Topic> _exact = [];
    private readonly List<(SmallTalkIntent Intent, string Language, string[] Words)> _smallTalk = [];

    // The small-talk phrasings that hold a word, by word: a message is compared only with phrasings it shares a word with.
    private readonly Dictionary<string, int[]> _smallTalkByWord;
    private readonly Dictionary<string, SmallTalkIntent> _smallTalkExact = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Topic, string Language), HashSet<string>> _answerWords = [];
    private readonly HashSet<string> _noneOfThese;
    private readonly HashSet<string> _indTopicWords;
    private readonly PhraseSet _costWords;
    private readonly PhraseSet _referredToTheInd;
    private readonly PhraseSet<Desk> _livesAt;
    private readonly PhraseSet _abroad;
    private readonly VisitorPlace _visitorPlace;

    // A place without a desk is scored as if it were this desk's city.
    private readonly Desk _placeStandIn;

    // Questions come in waves (a news item, a policy change): the same words are searched again and again. The index
    // never changes (a reload builds a new engine), so a search result can be kept; the cache is bounded and cleared
    // when full. Everything that depends on the time or the conversation is computed after the search, every time.
    private readonly BoundedCache<(string Language, string Text), RetrievalResult> _searches;

    // The same wave, whole: the decision is a function of the text, the locale, the conversation context and the minute
    // (see Now), so a repeated message in the same context and minute gets the decision made for it before. A message
    // with personal data is not kept (its text is the key).
    private readonly BoundedCache<DecisionKey, Decision> _decisions;

    private readonly record struct DecisionKey(string Text, string? Locale, ConversationContext Context, DateTime Minute);

    /// <param name="model">The learned decision; null only while the first model is being trained (candidates are then ranked by their retrieval confidence).</param>
    public AnswerEngine(KnowledgeIndex index, TimeProvider clock, DecisionModel? model, EngineOptions? options = null)
        : this(index, clock, model, options, readers: null)
    {
    }

    /// <param name="readers">The readers of <paramref name="index"/>'s knowledge, when built beforehand (<see cref="EngineFactory"/> builds them beside the index).</param>
    internal AnswerEngine(KnowledgeIndex index, TimeProvider clock, DecisionModel? model, EngineOptions? options, KnowledgeReaders? readers)
    {
        _index = index ?? throw new ArgumentNullException(nameof(index));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _model = model;
        _options = options ?? new EngineOptions();
        _searches = new(_options.SearchCacheSize);
        _decisions = new(_options.SearchCacheSize);
        _knowledge = index.Knowledge;
        readers ??= new KnowledgeReaders(_knowledge);
        if (!ReferenceEquals(readers.Knowledge, _knowledge))
        {
            throw new ArgumentException("The readers were built for other knowledge than the index's.", nameof(readers));
        }

        _languages = readers.Languages;
        _reader = readers.Reader;
        _deskReader = readers.DeskReader;
        _desks = readers.Desks;
        _scope = readers.Scope;
        _languageRequest = readers.LanguageRequest;
        foreach (var intent in _knowledge.SmallTalk)
        {
            foreach (var language in Languages.All)
            {
                foreach (var phrasing in intent.Phrasings[language])
                {
                    var words = UserText.Words(phrasing).ToArray();
                    _smallTalk.Add((intent, language, words.Distinct().ToArray()));
                    _smallTalkExact.TryAdd(string.Join(' ', words), intent);
                }
            }
        }

        _smallTalkByWord = _smallTalk.SelectMany((p, i) => p.Words.Select(w => (w, i)))
            .GroupBy(x => x.w, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.i).Distinct().ToArray(), StringComparer.Ordinal);

        foreach (var topic in _knowledge.Topics.Where(t => t.Kind != TopicKind.OutOfScope))
        {
            foreach (var language in Languages.All)
            {
                foreach (var phrasing in topic.Phrasings[language])
                {
                    _exact.TryAdd((language, UserText.Normalize(phrasing)), topic);
                }

                var answer = topic switch
                {
                    FaqEntry faq => faq.Answer[language] + " " + faq.Title[language],
                    ContactChannel channel => channel.Answer[language] + " " + channel.Title[language],
                    ContactOverview overview => overview.Answer[language],
                    _ => "",
                };
                _answerWords[(topic.Id, language)] = UserText.Words(answer).Where(w => !index.Analysis[language].StopWords.Contains(w)).ToHashSet(StringComparer.Ordinal);
            }
        }

        _abroad = new PhraseSet(_knowledge.Reading.AbroadWords);
        _visitorPlace = new VisitorPlace(_knowledge.Reading, _abroad);
        _indTopicWords = _knowledge.Reading.IndTopicWords.ToWordSet();
        _costWords = new PhraseSet(_knowledge.Reading.CostWords);
        _referredToTheInd = new PhraseSet(_knowledge.Reading.ReferredToTheInd);
        // "i live in" + a desk's name, for every name of every desk.
        _livesAt = new PhraseSet<Desk>(_knowledge.Reading.LivesIn.SelectMany(p => _knowledge.Desks.SelectMany(d => d.Names.Select(n => (p + " " + n, d)))));
        _placeStandIn = _knowledge.Desks[0];
        _noneOfThese = Languages.All.Select(l => UserText.Normalize(_knowledge.Messages.Get("noneOfThese", l))).ToHashSet(StringComparer.Ordinal);
    }

    public KnowledgeBase Knowledge => _knowledge;

    public DecisionModel? Model => _model;

    /// <summary>The same engine (index, model, options) reading "now" from another clock: the corpus' fixed time for a question set.</summary>
    public AnswerEngine AtTime(TimeProvider clock) => new(_index, clock, _model, _options);

    public Decision Decide(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var now = Now();
        var key = new DecisionKey(question.Text ?? "", question.Locale, question.Context ?? ConversationContext.Empty, now);
        if (_decisions.TryGet(key, out var known))
        {
            return known;
        }

        // The parts of a message are read one by one only when the whole does not settle it: no confident answer, a
        // refusal (the organisation may stand in a sentence around the question: "the gemeente told me to ask you: when
        // do I give my fingerprints?"), or two questions in it (most messages are one question). Training reads every
        // part of every message.
        var analysis = Analyze(question, now, withParts: false);
        var scored = Score(analysis);
        if (NeedsParts(analysis, scored))
        {
            var refused = Refuses(scored);
            var withParts = WithParts(analysis);
            var partsScored = Score(withParts);

            // A refusal gives way only to a question of the message ("… told me to ask you: when do I give my
            // fingerprints?"), not to a sentence around it ("Is there parking near Utrecht Centraal? I have an
            // appointment at the IND desk.").
            if (!refused || partsScored.Count == 0 || partsScored[0].Candidate.Part < 0 || analysis.Message.Segments[partsScored[0].Candidate.Part].IsQuestion)
            {
                (analysis, scored) = (withParts, partsScored);
            }
        }

        var decision = Decide(analysis, scored);
        if (!analysis.Message.HasPersonalData)
        {
            _decisions.Add(key, decision);
        }

        return decision;
    }

    /// <summary>
    /// Local time in Amsterdam, to the minute: opening hours and the times people ask about are in minutes, so every
    /// decision holds for the minute it was made in.
    /// </summary>
    private DateTime Now()
    {
        var now = AmsterdamTime.Now(_clock);
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), now.Kind);
    }

    private bool NeedsParts(MessageAnalysis analysis, IReadOnlyList<(CandidateEvidence Candidate, double Probability)> scored) =>
        analysis.Message.Segments.Count is >= 2 and <= MaxParts && !analysis.TooLong
        && (scored.Count == 0 || scored[0].Probability < (_model?.OperatingPoint ?? new OperatingPoint()).Answer
            || Refuses(scored) || analysis.Message.Segments.Count(s => s.IsQuestion) >= 2);

    /// <summary>"None of the IND's topics" is the most probable candidate.</summary>
    private static bool Refuses(IReadOnlyList<(CandidateEvidence Candidate, double Probability)> scored) =>
        scored.Count > 0 && scored[0].Candidate.Topic is OutOfScopeTopic;

    /// <summary>
    /// The model's probability for each candidate of the message and of its parts (the retrieval confidence when there
    /// is no model yet), best first, each label once (its best).
    /// </summary>
    public IReadOnlyList<(CandidateEvidence Candidate, double Probability)> Score(MessageAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var scored = new List<(CandidateEvidence, double)>();
        foreach (var candidate in analysis.AllCandidates)
        {
            scored.Add((candidate, _model is { HasRanker: true } ? _model.Probability(candidate.Features) : Heuristic(candidate)));
        }

        scored.Sort((a, b) => b.Item2.CompareTo(a.Item2));
        return scored;
    }

    private static double Heuristic(CandidateEvidence candidate) =>
        Math.Max(Math.Max(candidate.Feature("confidence"), candidate.Feature("classifier")), Math.Max(candidate.Feature("exact"),
            Math.Max(candidate.Feature("smallTalkMatch"), candidate.Feature("isNamedDesk") * candidate.Feature("onlyDeskWords"))));

    /// <summary>Reads the message and gathers the candidates with their features, for the whole message and (<paramref name="withParts"/>) each question part; decides nothing.</summary>
    public MessageAnalysis Analyze(Question question, bool withParts = true) => Analyze(question, Now(), withParts);

    private MessageAnalysis Analyze(Question question, DateTime now, bool withParts)
    {
        ArgumentNullException.ThrowIfNull(question);
        var context = question.Context ?? ConversationContext.Empty;
        var text = question.Text ?? "";
        var tooLong = UserText.Clean(text).Length > UserText.MaxLength;
        var message = _reader.Read(tooLong ? text[..Math.Min(text.Length, 400)] : text);
        // The words are read in the language they are written in; the reply is in the language chosen, the client's or
        // the words' ("Nederlands graag", then "when do I give my fingerprints?": read as English, answered in Dutch).
        var detected = _languages.Detect(message.AllWords);
        var (replyLanguage, reason) = ChooseLanguage(detected, question.Locale, context);
        var language = detected ?? replyLanguage;
        var parts = message.Segments.Count is >= 2 and <= MaxParts ? message.Segments.Select(s => _deskReader.Read(s.Words, now)).ToList() : [];
        var desk = _deskReader.Read(message.Words, now);
        IReadOnlyList<string> askingWords = message.Words;
        if (parts.Count > 0)
        {
            // What kind of question it is (yes/no, "closed?", "until when") is read from its last question part, not
            // from the story around it ("our daughter's school is closed on Friday. Is the desk open Friday morning?").
            // The question is the last part with a question mark, else the last that reads as a question.
            var asked = LastIndex(message.Segments, s => s.HasQuestionMark) ?? LastIndex(message.Segments, s => s.IsQuestion);
            var last = asked ?? parts.Count - 1;
            var asking = parts[last];
            askingWords = message.Segments[last].Words;
            desk = desk with
            {
                IsYesNo = asking.IsYesNo,
                // "… is closed on Fridays. Is that true?": the claim says what is asked about.
                AsksClosed = asking.AsksHours || asking.AsksClosed ? asking.AsksClosed : desk.AsksClosed,
                AsksClosing = asking.AsksClosing,
                AsksOpening = asking.AsksOpening,
                // The day and time the question itself names come first ("open at 8:30 tomorrow? I start work at 10").
                Day = asking.HasTime ? asking.Day : desk.Day,
                Weekend = asking.HasTime ? asking.Weekend : desk.Weekend,
                Window = asking.HasTime ? asking.Window : desk.Window,
                Now = asking.HasTime ? asking.Now : desk.Now,
            };

            // So does the desk the question names: one named in a story before it is not the one asked about ("I went
            // to the Amsterdam desk last week. Is Rotterdam open on Friday?"); one named after it is ("Zwolle desk
            // opening hours? I live near Rotterdam").
            var offset = message.Segments.Take(last).Sum(s => s.Words.Count);
            if (asked is not null && asking.Desk is not null && asking.Desk != desk.Desk && desk.DeskAt.Start < offset)
            {
                desk = desk with
                {
                    Desk = asking.Desk,
                    AlsoDesk = asking.AlsoDesk,
                    DeskAt = (asking.DeskAt.Start + offset, asking.DeskAt.Length),
                    DeskBesideDeskWord = asking.DeskBesideDeskWord,
                };
            }
        }

        // A follow-up is judged by its question ("ok and Hoofddorp? my friend might go there instead") and keeps the last
        // question's day, time and service.
        desk = FollowUp(desk, askingWords, context);

        // "Hoofddorp zaterdag?", "Rotterdam on Thursday 11am - open?", "fingerprints there?", "Hoofddorp ook?" after
        // "which desks are open on Wednesday?": a desk (named, or the last answer's in a follow-up) and a day, time or
        // service with a question mark and no question word ask whether it is open then, or offers it.
        if (!desk.IsYesNo && (desk.HasTime || desk.Service is not null) && !desk.AsksAddress
            && (desk.Desk is not null || context.LastDeskId is not null && IsFollowUpLength(askingWords, desk))
            && message.Segments.Any(s => s.HasQuestionMark) && !_deskReader.HasOpenQuestionWord(askingWords))
        {
            desk = desk with { IsYesNo = true };
        }

        var analysis = new MessageAnalysis
        {
            Message = message,
            Language = language,
            ReplyLanguage = replyLanguage,
            LanguageReason = reason,
            Desk = desk,
            Words = message.Words,
            Organisations = _scope.Organisations(message.AllWords),
            Place = _scope.Place(message.Words),
            Candidates = [],
            Corrections = [],
            Context = context,
            Now = now,
            TooLong = tooLong,
            OtherAskedFirst = OtherAskedFirst(message, _index.Analysis[language].StopWords),
            VisitorAbroad = context.VisitorAbroad || _visitorPlace.IsAbroad(message.AllWords),
        };

        if (tooLong || message.AllWords.Count == 0)
        {
            return analysis;
        }

        var whole = Gather(analysis, null);
        return withParts ? WithParts(whole) : whole;
    }

    /// <summary>The analysis with each question part analysed on its own (for a message of two to four parts).</summary>
    public MessageAnalysis WithParts(MessageAnalysis whole)
    {
        ArgumentNullException.ThrowIfNull(whole);
        var message = whole.Message;
        if (message.Segments.Count is < 2 or > MaxParts || whole.TooLong || whole.Parts.Count > 0)
        {
            return whole;
        }

        var analysis = whole;
        var context = whole.Context;
        var now = whole.Now;
        var parts = message.Segments.Select(s => _deskReader.Read(s.Words, now)).ToList();
        var wholeConfidence = whole.Candidates.ToDictionary(c => c.Label, c => c.Feature("confidence"), StringComparer.Ordinal);

        var analysed = new List<MessageAnalysis>(message.Segments.Count);
        for (var i = 0; i < message.Segments.Count; i++)
        {
            var words = message.Segments[i].Words;
            analysed.Add(Gather(analysis with
            {
                Part = i,
                Words = words,
                Desk = FollowUp(WithMessageSlots(parts[i], analysis.Desk), words, context),
                Place = _scope.Place(words),
                Organisations = _scope.Organisations(words),
            }, wholeConfidence));
        }

        return whole with { Parts = analysed };
    }

    /// <summary>A follow-up that leans on the last question ("and Zwolle?", "fingerprints there?") has at most this many words.</summary>
    private const int MaxFollowUpWords = 6;

    /// <summary>
    /// … or this many when it refers to it and names a desk, a day or time or a service of its own ("can I get it at
    /// the desk in Rotterdam?", "so if I come tomorrow at 11 is that ok?"; not "is it possible to extend my permit online?").
    /// </summary>
    private const int MaxReferringFollowUpWords = 12;

    private static bool IsFollowUpLength(IReadOnlyList<string> words, DeskQuestion desk) =>
        words.Count <= MaxFollowUpWords
        || (words.Count <= MaxReferringFollowUpWords && desk.FollowUpCue && (desk.Desk is not null || desk.HasTime || desk.Service is not null));

    /// <summary>At most this many question parts are analysed one by one (a longer story is read as a whole).</summary>
    private const int MaxParts = 4;

    /// <summary>
    /// A follow-up (short, or referring to the last question: <see cref="IsFollowUpLength"/>) without its own day or
    /// time asks about the last desk question's ("is Rotterdam open on Thursday afternoon?" → "and Zwolle?"); without a
    /// question word it is a yes/no question when that one was.
    /// </summary>
    private DeskQuestion FollowUp(DeskQuestion desk, IReadOnlyList<string> words, ConversationContext context)
    {
        if (context.LastAsked is not { } last || !IsFollowUpLength(words, desk) || !(desk.FollowUpCue || desk.Desk is not null || desk.HasTime))
        {
            return desk;
        }

        // "and in the afternoon?" keeps the day; "and on Friday?" keeps the time of day; "and Zwolle?" keeps both.
        if (desk.Day is null && !desk.Weekend && !desk.Now)
        {
            desk = desk with { Day = last.Day, Weekend = last.Weekend, Now = last.Now && desk.Window is null };
        }

        if (desk.Window is null && !desk.Now && (desk.Day is null || desk.Day == last.Day) && last.From is { } from)
        {
            desk = desk with { Window = new TimeWindow(from, last.To, last.Whole) };
        }

        // The service only when the message continues ("and in Zwolle?", "can I do that there?").
        if (desk.Service is null && desk.FollowUpCue && last.ServiceId is { } service)
        {
            desk = desk with { Service = _knowledge.DeskServices.FirstOrDefault(s => s.Id == service) };
        }

        // "what about Hoofddorp?" is a follow-up, not an open question.
        var openQuestion = _deskReader.HasOpenQuestionWord(words);
        return openQuestion ? desk : desk with { IsYesNo = desk.IsYesNo || last.YesNo, AsksClosed = desk.AsksClosed || (last.Closed && !desk.AsksHours) };
    }

    private static int? LastIndex(IReadOnlyList<MessageSegment> segments, Func<MessageSegment, bool> predicate)
    {
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            if (predicate(segments[i]))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>A question part without its own day, time or service asks about the message's ("Thursday at 10. Is Rotterdam open then?").</summary>
    private static DeskQuestion WithMessageSlots(DeskQuestion part, DeskQuestion message) => part with
    {
        Day = part.HasTime ? part.Day : message.Day,
        Weekend = part.HasTime ? part.Weekend : message.Weekend,
        Window = part.HasTime ? part.Window : message.Window,
        Now = part.HasTime ? part.Now : message.Now,
        Service = part.Service ?? message.Service,
    };

    /// <param name="detected">The language of the message's words, if they tell (<see cref="LanguageDetector.Detect"/>).</param>
    private static (string Language, string Reason) ChooseLanguage(string? detected, string? locale, ConversationContext context)
    {
        if (context.ChosenLanguage is { } chosen && Languages.IsSupported(chosen))
        {
            return (chosen, "chosen");
        }

        if (LanguageDetector.FromLocale(locale) is { } fromLocale)
        {
            return (fromLocale, "locale");
        }

        if (detected is not null)
        {
            return (detected, "text");
        }

        return context.Language is { } previous && Languages.IsSupported(previous) ? (previous, "conversation") : (Languages.English, "default");
    }

    private RetrievalResult Search(string text, string language) =>
        _searches.GetOrAdd((language, text), static (key, index) => Retriever.Search(index, key.Text, key.Language, UnknownWordWeight), _index);

    /// <summary>How much a word unknown to the knowledge weighs in the confidence, relative to the rarest known word.</summary>
    private const double UnknownWordWeight = 0.85;

    private static string WithoutSlots(List<string> words, DeskQuestion desk) => string.Join(' ', words.Where(w => !desk.SlotWords.Contains(w)));

    /// <summary>Replaces words the knowledge does not know by the closest known word (typo tolerance), the message's language first.</summary>
    private List<string> Correct(IReadOnlyList<string> words, string language, DeskQuestion desk, List<string>? changes)
    {
        var list = new List<string>(words.Count);
        var stop = _index.Analysis[language].StopWords;
        foreach (var word in words)
        {
            // A desk name read despite a typo ("Utrcht") is corrected too, so the search finds the desk's own phrasings.
            // An everyday word of either language is what the visitor meant ("last week" is not "lost week", "good" in
            // a Dutch message is not "goed"): only a word no list knows is a typo.
            if (_index.IsKnownWord(word) || stop.Contains(word) || desk.SlotWords.Contains(word) || _deskReader.IsCue(word)
                || IsCommonWord(word))
            {
                list.Add(word);
                continue;
            }

            // Letters repeated for effect ("pleeease") before typos: the shortened word the knowledge knows.
            var correction = Elongation.Variants(word).FirstOrDefault(_index.IsKnownWord) ?? _index.Correct(word, language);
            if (correction is not null && correction != word)
            {
                changes?.Add($"{word} → {correction}");
                list.Add(correction);
            }
            else
            {
                list.Add(word);
            }
        }

        return list;
    }

    private bool IsCommonWord(string word)
    {
        foreach (var analysis in _index.Analysis.Values)
        {
            if (analysis.CommonWords.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    private static string OtherLanguage(string language) => language == Languages.English ? Languages.Dutch : Languages.English;
}
