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

    /// <summary>How many search results to keep for repeated questions (0: none).</summary>
    public int SearchCacheSize { get; init; } = 4096;
}

/// <summary>
/// Decides answer / clarification / fallback / small talk for a message. The message is read first (markup, openers,
/// personal data, sentences: <see cref="MessageReader"/>), then every part is searched, and each candidate answer gets
/// features (<see cref="CandidateFeatures"/>) that the learned <see cref="DecisionModel"/> turns into a probability;
/// the operating point chosen on the dev split turns probabilities into the decision. Desk, place and contact answers
/// are reasoned from the structured knowledge. Pure apart from the clock: the conversation context comes in with the
/// question and goes out with the decision.
/// </summary>
public sealed class AnswerEngine : IAnswerEngine
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
    private readonly Dictionary<(string Language, string Text), Topic> _exact = [];
    private readonly List<(SmallTalkIntent Intent, string Language, string[] Words)> _smallTalk = [];

    // The small-talk phrasings that hold a word, by word: a message is compared only with phrasings it shares a word with.
    private readonly Dictionary<string, int[]> _smallTalkByWord;
    private readonly Dictionary<string, SmallTalkIntent> _smallTalkExact = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Topic, string Language), HashSet<string>> _answerWords = [];
    private readonly HashSet<string> _noneOfThese;
    private readonly PhraseSet _abroad;

    // A place without a desk is scored as if it were this desk's city.
    private readonly Desk _placeStandIn;

    // Questions come in waves (a news item, a policy change): the same words are searched again and again. The index
    // never changes (a reload builds a new engine), so a search result can be kept; the cache is bounded and cleared
    // when full. Everything that depends on the time or the conversation is computed after the search, every time.
    private readonly BoundedCache<(string Language, string Text), RetrievalResult> _searches;

    /// <param name="model">The learned decision; null only while the first model is being trained (candidates are then ranked by their retrieval confidence).</param>
    public AnswerEngine(KnowledgeIndex index, TimeProvider clock, DecisionModel? model, EngineOptions? options = null)
    {
        _index = index ?? throw new ArgumentNullException(nameof(index));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _model = model;
        _options = options ?? new EngineOptions();
        _searches = new(_options.SearchCacheSize);
        _knowledge = index.Knowledge;
        _languages = new LanguageDetector(_knowledge);
        _reader = new MessageReader(_knowledge);
        _deskReader = new DeskQuestionReader(_knowledge);
        _desks = new DeskReasoning(_knowledge);
        _scope = new ScopeFinder(_knowledge);
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
        _placeStandIn = _knowledge.Desks[0];
        _noneOfThese = Languages.All.Select(l => UserText.Normalize(_knowledge.Messages.Get("noneOfThese", l))).ToHashSet(StringComparer.Ordinal);
    }

    public KnowledgeBase Knowledge => _knowledge;

    public DecisionModel? Model => _model;

    public Decision Decide(Question question)
    {
        // The parts of a message are read one by one only when the whole does not settle it: no confident answer, or
        // two questions in it (most messages are one question).
        var analysis = Analyze(question, withParts: false);
        var scored = Score(analysis);
        if (NeedsParts(analysis, scored))
        {
            analysis = WithParts(analysis);
            scored = Score(analysis);
        }

        return Decide(analysis, scored);
    }

    private bool NeedsParts(MessageAnalysis analysis, IReadOnlyList<(CandidateEvidence Candidate, double Probability)> scored) =>
        analysis.Message.Segments.Count is >= 2 and <= MaxParts && !analysis.TooLong
        && (scored.Count == 0 || scored[0].Probability < (_model?.OperatingPoint ?? new OperatingPoint()).Answer
            || analysis.Message.Segments.Count(s => s.IsQuestion) >= 2);

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
    public MessageAnalysis Analyze(Question question, bool withParts = true)
    {
        ArgumentNullException.ThrowIfNull(question);
        var context = question.Context ?? ConversationContext.Empty;
        var now = AmsterdamTime.Now(_clock);
        var text = question.Text ?? "";
        var tooLong = UserText.Clean(text).Length > UserText.MaxLength;
        var message = _reader.Read(tooLong ? text[..Math.Min(text.Length, 400)] : text);
        var (language, reason) = ChooseLanguage(message, question.Locale, context);
        var parts = message.Segments.Count is >= 2 and <= MaxParts ? message.Segments.Select(s => _deskReader.Read(s.Words, now)).ToList() : [];
        var desk = _deskReader.Read(message.Words, now);
        IReadOnlyList<string> askingWords = message.Words;
        if (parts.Count > 0)
        {
            // What kind of question it is (yes/no, "closed?", "until when") is read from its last question part, not
            // from the story around it ("our daughter's school is closed on Friday. Is the desk open Friday morning?").
            // The question is the last part with a question mark, else the last that reads as a question.
            var last = LastIndex(message.Segments, s => s.HasQuestionMark) ?? LastIndex(message.Segments, s => s.IsQuestion) ?? parts.Count - 1;
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
        }

        var analysis = new MessageAnalysis
        {
            Message = message,
            Language = language,
            LanguageReason = reason,
            // A follow-up is judged by its question ("ok and Hoofddorp? my friend might go there instead").
            Desk = FollowUp(desk, askingWords, context),
            Words = message.Words,
            Organisations = _scope.Organisations(message.AllWords),
            Place = _scope.Place(message.Words),
            Candidates = [],
            Corrections = [],
            Context = context,
            Now = now,
            TooLong = tooLong,
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

    private static readonly HashSet<string> IndWords = ["ind", "immigratiedienst", "immigration", "naturalisatiedienst", "you", "your", "jullie", "u", "uw"];

    /// <summary>Labels the classifier gives at least this probability are candidates even when retrieval misses them.</summary>
    private const float ClassifierCandidate = 0.15f;

    /// <summary>At most this many question parts are analysed one by one (a longer story is read as a whole).</summary>
    private const int MaxParts = 4;

    /// <summary>
    /// A short follow-up without its own day or time asks about the last desk question's ("is Rotterdam open on
    /// Thursday afternoon?" → "and Zwolle?"); without a question word it is a yes/no question when that one was.
    /// </summary>
    private DeskQuestion FollowUp(DeskQuestion desk, IReadOnlyList<string> words, ConversationContext context)
    {
        if (context.LastAsked is not { } last || words.Count > 6 || !(desk.FollowUpCue || desk.Desk is not null || desk.HasTime))
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

    private (string Language, string Reason) ChooseLanguage(ReadMessage message, string? locale, ConversationContext context)
    {
        if (context.ChosenLanguage is { } chosen && Languages.IsSupported(chosen))
        {
            return (chosen, "chosen");
        }

        if (LanguageDetector.FromLocale(locale) is { } fromLocale)
        {
            return (fromLocale, "locale");
        }

        if (_languages.Detect(message.AllWords) is { } detected)
        {
            return (detected, "text");
        }

        return context.Language is { } previous && Languages.IsSupported(previous) ? (previous, "conversation") : (Languages.English, "default");
    }

    /// <summary>Searches the analysed words and builds every candidate's features (<paramref name="whole"/>: the whole message's confidences, for a part).</summary>
    private MessageAnalysis Gather(MessageAnalysis analysis, IReadOnlyDictionary<string, float>? whole)
    {
        var message = analysis.Message;
        var language = analysis.Language;
        var desk = analysis.Desk;
        var stop = _index.Analysis[language].StopWords;
        var evidence = new Dictionary<string, Evidence>(StringComparer.Ordinal);
        Evidence For(string label, Topic? topic) => evidence.TryGetValue(label, out var e) ? e : evidence[label] = new Evidence(label, topic);

        var corrections = new List<string>();
        var words = Correct(analysis.Words, language, desk, corrections);
        var result = Search(WithoutSlots(words, desk), language);
        var top = result.Matches.Where(m => m.Topic.Kind != TopicKind.OutOfScope).Select(m => m.Bm25).DefaultIfEmpty(0).Max();
        var rank = 0;
        foreach (var match in result.Matches.Where(m => m.Topic.Kind != TopicKind.OutOfScope).Take(CandidatesPerSearch))
        {
            var e = For(match.Topic.Id, match.Topic);
            (e.Confidence, e.QueryCoverage, e.PhrasingCoverage, e.Phrasing, e.Rank, e.Bm25Share) =
                (match.Confidence, match.QueryCoverage, match.PhrasingCoverage, match.Phrasing, rank++, top > 0 ? match.Bm25 / top : 0);
        }

        var outOfScopeConfidence = result.Matches.FirstOrDefault(m => m.Topic.Kind == TopicKind.OutOfScope)?.Confidence ?? 0;
        var normalized = string.Join(' ', words);

        // The classifier reads the words (corrected) and their analysed terms, and its top labels are candidates too.
        var classified = _model is null ? [] : _model.Classifier.Predict(analysis.Part < 0 && message.OnlySmallTalk
            ? ClassifierText(message.AllWords, language)
            : ClassifierText(words, result.Terms));
        var classifierTop = classified.Count == 0 ? null : classified.MaxBy(kv => kv.Value).Key;
        var classifierBest = classifierTop is null ? 0 : classified[classifierTop];
        var classifierSecond = classified.Where(kv => kv.Key != classifierTop).Select(kv => kv.Value).DefaultIfEmpty(0).Max();
        foreach (var (label, probability) in classified.Where(kv => kv.Value >= ClassifierCandidate).OrderByDescending(kv => kv.Value).Take(2))
        {
            if (label == CandidateEvidence.PlaceLabel)
            {
                if (analysis.Place is not null)
                {
                    For(label, _knowledge.DeskOverview).IsPlace = true;
                }
            }
            else if (label.StartsWith(EvalSet.SmallTalkPrefix, StringComparison.Ordinal))
            {
                if (analysis.Part < 0 && _knowledge.SmallTalk.FirstOrDefault(i => EvalSet.SmallTalkPrefix + i.Id == label) is { } intent)
                {
                    For(label, null).SmallTalk = intent;
                }
            }
            else if (_knowledge.Find(label) is { Kind: not TopicKind.OutOfScope } topic)
            {
                For(label, topic);
            }
        }

        if (_exact.TryGetValue((language, normalized), out var exact) || _exact.TryGetValue((OtherLanguage(language), normalized), out exact))
        {
            var e = For(exact.Id, exact);
            (e.Exact, e.Confidence, e.QueryCoverage, e.PhrasingCoverage) = (true, 1, 1, 1);
        }

        // Candidates that retrieval may not rank: the desk the words name, the previous answer, the desks, a place.
        if (desk.Desk is { } named)
        {
            For(named.Id, named).NamedDesk = true;
        }

        if (analysis.Context.LastEntryId is { } last && _knowledge.Find(last) is { Kind: not TopicKind.OutOfScope } previous)
        {
            For(previous.Id, previous).Previous = true;
        }

        if (analysis.Context.LastDeskId is { } lastDesk && _knowledge.Desks.FirstOrDefault(d => d.Id == lastDesk) is { } previousDesk)
        {
            For(previousDesk.Id, previousDesk).Previous = true;
        }

        if (desk.AllDesks || analysis.Place is not null || (desk.HasDeskCue && desk.Desk is null))
        {
            For(_knowledge.DeskOverview.Id, _knowledge.DeskOverview);
        }

        if (analysis.Place is { } mention)
        {
            // The place candidate's evidence: how well the question would ask about a desk if that place had one
            // ("opening hours of the IND in Maastricht" reads like "… in Utrecht").
            var place = For(CandidateEvidence.PlaceLabel, _knowledge.DeskOverview);
            place.IsPlace = true;
            var asDesk = analysis.Words.Take(mention.Start).Append(_placeStandIn.City.ToLowerInvariant()).Concat(analysis.Words.Skip(mention.Start + mention.Length));
            if (Search(WithoutSlots(Correct([.. asDesk], language, desk, null), desk), language).Matches.FirstOrDefault(m => m.Topic == _placeStandIn) is { } standIn)
            {
                (place.Confidence, place.QueryCoverage, place.PhrasingCoverage, place.Phrasing) = (standIn.Confidence, standIn.QueryCoverage, standIn.PhrasingCoverage, standIn.Phrasing);
            }
        }

        // "None of the IND's topics" competes as a candidate of its own: refusing is a decision the model learns, with
        // the out-of-scope list's best phrasing as its retrieval evidence.
        var none = For(EvalSet.None, _knowledge.OutOfScope);
        if (result.Matches.FirstOrDefault(m => m.Topic.Kind == TopicKind.OutOfScope) is { } outOfScope)
        {
            (none.Confidence, none.QueryCoverage, none.PhrasingCoverage, none.Phrasing) = (outOfScope.Confidence, outOfScope.QueryCoverage, outOfScope.PhrasingCoverage, outOfScope.Phrasing);
        }

        if (analysis.Part < 0 && BestSmallTalk(message) is { } talk)
        {
            var e = For(EvalSet.SmallTalkPrefix + talk.Intent.Id, null);
            (e.SmallTalk, e.SmallTalkMatch) = (talk.Intent, talk.Overlap);
        }

        // The facts of the words, shared by every candidate.
        var onlyDeskWords = words.Count > 0 && words.All(w => desk.DeskWords.Contains(w) || desk.SlotWords.Contains(w)
            || _deskReader.IsDeskQuestionWord(w) || stop.Contains(w) || _deskReader.IsCue(w) || _deskReader.IsServiceWord(w));
        var contentWords = words.Where(w => !stop.Contains(w)).ToHashSet(StringComparer.Ordinal);
        var hasContext = analysis.Context.LastEntryId is not null;
        var organisationWords = _scope.OrganisationWordCount(analysis.Words);
        var organisationShare = contentWords.Count == 0 ? 0 : Math.Min(1, (float)organisationWords / contentWords.Count);
        var indNamed = message.AllWords.Any(IndWords.Contains);
        var previousTopic = analysis.Context.LastEntryId is { } lastEntry ? _knowledge.Find(lastEntry) : null;
        // Candidates that came from elsewhere still get their retrieval evidence: the confidence of their best phrasing.
        foreach (var e in evidence.Values.Where(e => e.Rank == 9 && e.Topic is not null and not OutOfScopeTopic && !e.IsPlace && !e.Exact))
        {
            if ((result.Matches.FirstOrDefault(m => m.Topic == e.Topic) ?? Retriever.ConfidenceOf(_index, result, e.Topic!, language)) is { } match)
            {
                (e.Confidence, e.QueryCoverage, e.PhrasingCoverage, e.Phrasing) = (match.Confidence, match.QueryCoverage, match.PhrasingCoverage, match.Phrasing);
            }
        }

        var all = evidence.Values.ToList();
        var candidates = new List<CandidateEvidence>(all.Count);
        foreach (var e in all)
        {
            var best = all.Where(o => o != e && !o.IsPlace && o.SmallTalk is null && o.Topic is not OutOfScopeTopic).Select(o => o.Confidence).DefaultIfEmpty(0).Max();
            var f = new float[CandidateFeatures.Count];
            var i = 0;
            f[i++] = (float)e.Confidence;
            f[i++] = (float)e.QueryCoverage;
            f[i++] = (float)e.PhrasingCoverage;
            f[i++] = whole is null ? (float)e.Confidence : whole.GetValueOrDefault(e.Label);
            f[i++] = e.Rank;
            f[i++] = (float)e.Bm25Share;
            f[i++] = (float)Math.Max(0, best - e.Confidence);
            f[i++] = (float)(e.Confidence - best);
            f[i++] = Math.Min(30, result.ContentWords);
            f[i++] = result.ContentWords == 0 ? 0 : (float)result.UnknownWords / result.ContentWords;
            f[i++] = corrections.Count;
            f[i++] = result.OutOfScopeWords;
            f[i++] = (float)(outOfScopeConfidence - e.Confidence);
            var related = e.Topic is not null && analysis.Organisations.Any(o => o.Related.Contains(e.Topic.Id));
            f[i++] = analysis.Organisations.Any(o => e.Topic is null || !o.Related.Contains(e.Topic.Id)) ? 1 : 0;
            f[i++] = related ? 1 : 0;
            f[i++] = analysis.Place is null ? 0 : 1;
            f[i++] = analysis.Place?.NextToDeskWord == true ? 1 : 0;
            var kind = e.IsPlace ? "place" : e.SmallTalk is not null ? "smalltalk" : e.Topic?.Kind switch
            {
                TopicKind.Faq => "faq",
                TopicKind.Desk => "desk",
                TopicKind.DeskOverview => "desks",
                TopicKind.Contact => "contact",
                TopicKind.OutOfScope => "none",
                _ => "contacts",
            };
            foreach (var k in (string[])["faq", "desk", "desks", "contact", "contacts", "smalltalk", "place", "none"])
            {
                f[i++] = kind == k ? 1 : 0;
            }

            f[i++] = e.NamedDesk ? 1 : 0;
            f[i++] = desk.Desk is null ? 0 : 1;
            f[i++] = desk.HasTime ? 1 : 0;
            f[i++] = desk.Service is null ? 0 : 1;
            f[i++] = desk.AsksHours ? 1 : 0;
            f[i++] = desk.AsksAddress ? 1 : 0;
            f[i++] = desk.AllDesks ? 1 : 0;
            f[i++] = onlyDeskWords ? 1 : 0;
            f[i++] = e.Previous ? 1 : 0;
            f[i++] = desk.FollowUpCue ? 1 : 0;
            f[i++] = hasContext ? 1 : 0;
            f[i++] = e.Topic is not null && !e.IsPlace && contentWords.Count > 0 && _answerWords.TryGetValue((e.Topic.Id, language), out var answerWords)
                ? (float)contentWords.Count(answerWords.Contains) / contentWords.Count : 0;
            f[i++] = e.Exact ? 1 : 0;
            f[i++] = message.Segments.Count;
            f[i++] = analysis.Part >= 0 ? 1 : 0;
            f[i++] = (float)e.SmallTalkMatch;
            f[i++] = message.OnlySmallTalk ? 1 : 0;
            f[i++] = language == Languages.Dutch ? 1 : 0;
            f[i++] = desk.IsYesNo ? 1 : 0;
            f[i++] = analysis.Context.AwaitingDesk && e.NamedDesk ? 1 : 0;
            f[i++] = _abroad.Any(analysis.Words) ? 1 : 0;
            f[i++] = classified.GetValueOrDefault(e.Label);
            f[i++] = e.Label == classifierTop ? 1 : 0;
            f[i++] = classified.GetValueOrDefault(EvalSet.None);
            f[i++] = desk.HasDeskCue ? 1 : 0;
            f[i++] = organisationShare;
            f[i++] = indNamed ? 1 : 0;
            f[i++] = classified.GetValueOrDefault(e.Label) - (e.Label == classifierTop ? classifierSecond : classifierBest);
            f[i++] = e.Topic is not null && previousTopic is not null && e.Topic != previousTopic && Related(previousTopic, e.Topic) ? 1 : 0;
            candidates.Add(new CandidateEvidence(e.Label, f) { Topic = e.Topic, SmallTalk = e.SmallTalk, Phrasing = e.Phrasing, Part = analysis.Part });
        }

        return analysis with { Candidates = candidates, Corrections = corrections, OutOfScopeWords = result.OutOfScopeWords };
    }

    private static bool Related(Topic a, Topic b) =>
        (a is FaqEntry fa && fa.Related.Contains(b.Id)) || (b is FaqEntry fb && fb.Related.Contains(a.Id))
        || (a.Kind is TopicKind.Contact or TopicKind.ContactOverview && b.Kind is TopicKind.Contact or TopicKind.ContactOverview);

    /// <summary>What the topic classifier reads for a message, as <see cref="Gather"/> gives it (training uses the same).</summary>
    public string ClassifierInput(string message, string language)
    {
        var read = _reader.Read(message);
        if (read.OnlySmallTalk)
        {
            return ClassifierText(read.AllWords, language);
        }

        var desk = _deskReader.Read(read.Words, AmsterdamTime.Now(_clock));
        var words = Correct(read.Words, language, desk, null);
        return ClassifierText(words, _index.Analysis[language].QueryPositions(KnowledgeIndex.QuestionField(language), WithoutSlots(words, desk)));
    }

    /// <summary>The words, then their analysed terms (stems, synonyms, compound parts): "vingerafdrukken" also reads "biometrics".</summary>
    private string ClassifierText(IReadOnlyList<string> words, string language) =>
        ClassifierText(words, _index.Analysis[language].QueryPositions(KnowledgeIndex.QuestionField(language), string.Join(' ', words)));

    private static string ClassifierText(IReadOnlyList<string> words, IReadOnlyList<List<string>> terms)
    {
        // A pasted letter is read by its first words: enough for its topic, and the cost stays bounded.
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < words.Count && i < ClassifierWords; i++)
        {
            text.Append(words[i]).Append(' ');
        }

        text.Append('|');
        for (var i = 0; i < terms.Count && i < ClassifierWords; i++)
        {
            foreach (var term in terms[i])
            {
                text.Append(' ').Append(term);
            }
        }

        return text.ToString();
    }

    /// <summary>The classifier reads at most this many words (and their terms) of a message.</summary>
    private const int ClassifierWords = 60;

    /// <summary>
    /// The small-talk intent whose phrasing best matches the message: a phrasing the message holds in full ("thank you
    /// so much, that's exactly what I needed") counts more the more of the message it is; otherwise the word overlap.
    /// </summary>
    private (SmallTalkIntent Intent, double Overlap)? BestSmallTalk(ReadMessage message)
    {
        if (message.AllWords.Count == 0 || message.AllWords.Count > 30)
        {
            return null;
        }

        if (_smallTalkExact.TryGetValue(string.Join(' ', message.AllWords), out var exact) || _smallTalkExact.TryGetValue(string.Join(' ', message.Words), out exact))
        {
            return (exact, 1);
        }

        // The whole message, and each of its sentences ("What can you answer? I'm asking for a friend.").
        var best = SmallTalkOverlap(message.AllWords);
        foreach (var segment in message.Segments)
        {
            if (SmallTalkOverlap(segment.Words) is { } part && (best is null || part.Overlap > best.Value.Overlap))
            {
                best = part;
            }
        }

        return best;
    }

    private (SmallTalkIntent Intent, double Overlap)? SmallTalkOverlap(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            return null;
        }

        var set = words.ToHashSet(StringComparer.Ordinal);
        var bestId = -1;
        var bestOverlap = 0.0;
        var seen = new HashSet<int>();
        foreach (var word in set)
        {
            if (!_smallTalkByWord.TryGetValue(word, out var ids))
            {
                continue;
            }

            foreach (var id in ids)
            {
                if (!seen.Add(id))
                {
                    continue;
                }

                // The phrasing's words are distinct already.
                var phrasing = _smallTalk[id].Words;
                var shared = 0;
                foreach (var w in phrasing)
                {
                    shared += set.Contains(w) ? 1 : 0;
                }

                var overlap = shared == phrasing.Length
                    ? 0.5 + (0.5 * phrasing.Length / Math.Max(phrasing.Length, set.Count))
                    : (double)shared / (set.Count + phrasing.Length - shared);

                // Ties go to the phrasing listed first, as when every phrasing is compared in order.
                if (overlap > bestOverlap || (overlap == bestOverlap && id < bestId))
                {
                    (bestId, bestOverlap) = (id, overlap);
                }
            }
        }

        return bestId < 0 ? null : (_smallTalk[bestId].Intent, bestOverlap);
    }

    /// <summary>Turns the scored candidates into the decision, at the model's operating point.</summary>
    public Decision Decide(MessageAnalysis analysis, IReadOnlyList<(CandidateEvidence Candidate, double Probability)> scored) =>
        Decide(analysis, scored, _model?.OperatingPoint ?? new OperatingPoint());

    /// <summary>Turns the scored candidates into the decision at <paramref name="point"/> (training tries many).</summary>
    public Decision Decide(MessageAnalysis analysis, IReadOnlyList<(CandidateEvidence Candidate, double Probability)> scored, OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(point);
        var language = analysis.Language;
        var context = analysis.Context;
        var notice = analysis.Message.HasPersonalData && !context.WarnedAboutPersonalData;
        context = context with { WarnedAboutPersonalData = context.WarnedAboutPersonalData || analysis.Message.HasPersonalData, Language = language };
        var ranked = scored.DistinctBy(s => s.Candidate.Label).ToList();
        var decision = new Decision
        {
            Kind = DecisionKind.Fallback,
            Language = language,
            LanguageReason = analysis.LanguageReason,
            Candidates = ranked.Take(_options.MaxOptions + 2)
                .Select(s => new Candidate(s.Candidate.Label, s.Candidate.Title(language), Math.Round(s.Probability, 3))
                {
                    FeatureValues = s.Candidate.Features,
                    Phrasing = s.Candidate.Phrasing,
                })
                .ToList(),
            Corrections = analysis.Corrections,
            PersonalDataNotice = notice,
            Context = context,
        };

        if (analysis.TooLong)
        {
            return decision with { Reason = FallbackReason.TooLong };
        }

        if (analysis.Message.AllWords.Count == 0 || ranked.Count == 0 && analysis.Message.OnlySmallTalk)
        {
            return decision with { Kind = DecisionKind.Clarification };
        }

        if (_noneOfThese.Contains(string.Join(' ', analysis.Message.AllWords)))
        {
            return WithContacts(decision with { Reason = FallbackReason.NotUnderstood });
        }

        // Refusing is a candidate too: when "none of the IND's topics" is the most probable, nothing else is answered.
        var top = ranked.FirstOrDefault();
        if (top.Candidate is { Topic: OutOfScopeTopic })
        {
            return NotAnswered(decision, analysis, top.Probability);
        }

        if (top.Candidate is not null && top.Probability >= point.Answer)
        {
            if (top.Candidate.SmallTalk is { } intent)
            {
                return SmallTalk(decision, intent, analysis, top.Probability);
            }

            var parts = new List<AnswerPart> { Part(top.Candidate, top.Probability, analysis, single: true) };

            // A second question in another part of the message: the best candidate of that part, confident on its own.
            if (analysis.Parts.Count > 1)
            {
                var partTops = analysis.Parts
                    .Select(p => scored.FirstOrDefault(s => s.Candidate.Part == p.Part))
                    .Where(t => t.Candidate is { SmallTalk: null, Topic: not null and not OutOfScopeTopic } && analysis.Message.Segments[t.Candidate.Part].IsQuestion)
                    .ToList();
                var first = partTops.FirstOrDefault(t => t.Candidate.Label == top.Candidate.Label);
                var second = partTops
                    .Where(t => t.Probability >= point.Second && t.Candidate.Label != top.Candidate.Label && t.Candidate.Topic != top.Candidate.Topic
                        && t.Candidate.Part != (first.Candidate?.Part ?? top.Candidate.Part))
                    .OrderByDescending(t => t.Probability)
                    .FirstOrDefault();
                if (second.Candidate is not null)
                {
                    // Each answer with the facts of its own part ("fingerprints … and where is the Utrecht desk").
                    var firstPart = first.Candidate is null ? parts[0] : Part(first.Candidate, top.Probability, analysis, single: false);
                    var secondPart = Part(second.Candidate, second.Probability, analysis, single: false);
                    parts = (first.Candidate?.Part ?? -1) < second.Candidate.Part || first.Candidate is null ? [firstPart, secondPart] : [secondPart, firstPart];
                }
            }

            var asked = analysis.Desk;
            if (parts[^1].Desks is { PlaceWithoutDesk: null, Day: null, Service: null } list && !asked.AsksCount && !asked.Weekend)
            {
                parts[^1] = parts[^1] with { Desks = list with { AsksWhichDesk = true } };
            }

            var last = parts[^1];
            var next = context with
            {
                LastEntryId = last.Topic.Id,
                LastDeskId = parts.Select(p => p.Desk?.Desk.Id ?? p.Desks?.Nearest?.Id).LastOrDefault(id => id is not null) ?? context.LastDeskId,
                AwaitingDesk = last.Desks?.AsksWhichDesk == true,
                // A follow-up may keep the day, time and service ("I need to give my fingerprints" → "can I do that in Hoofddorp?").
                LastAsked = asked.HasTime || asked.Service is not null ? Slots(asked) : null,
            };
            var answered = decision with { Kind = DecisionKind.Answer, Answers = parts, Confidence = Math.Round(top.Probability, 3), Context = next };
            return parts.Any(p => p.Topic is ContactOverview) ? WithContacts(answered) : answered with
            {
                Contacts = parts.Select(p => p.Topic).OfType<ContactChannel>().ToList(),
                PhoneOpenNow = parts.Select(p => p.OpenNow).FirstOrDefault(o => o is not null),
            };
        }

        // Not sure enough to answer, but the message is probably about the IND: ask. The candidates that hold a fair
        // share of the probability are "genuinely close" ("Did you mean"); one alone is "Do you mean …?".
        var plausible = ranked.Where(s => s.Candidate is { SmallTalk: null, Topic: not null and not OutOfScopeTopic }).DistinctBy(s => s.Candidate.Topic).Take(_options.MaxOptions).ToList();
        var mass = plausible.Sum(s => s.Probability);
        if (plausible.Count > 0 && mass >= point.Clarify)
        {
            var options = plausible
                .Where(s => s.Probability / mass >= point.Share)
                .Select(s => new ClarificationOption(s.Candidate.Topic!.Id, s.Candidate.Topic.Title[language], CanonicalQuestion(s.Candidate, language)))
                .ToList();
            return decision with { Kind = DecisionKind.Clarification, Options = options, Confidence = Math.Round(top.Probability, 3) };
        }

        return NotAnswered(decision, analysis, top.Candidate is null ? 0 : top.Probability);
    }

    private Decision NotAnswered(Decision decision, MessageAnalysis analysis, double probability)
    {
        var notTheInd = analysis.Organisations.Count > 0 || analysis.OutOfScopeWords > 0 || analysis.Place is not null;
        return WithContacts(decision with
        {
            Reason = notTheInd ? FallbackReason.NotTheInd : FallbackReason.NotUnderstood,
            Organisation = analysis.Organisations.FirstOrDefault(),
            Confidence = Math.Round(probability, 3),
        });
    }

    private static DeskSlots Slots(DeskQuestion desk) => new()
    {
        Day = desk.Day,
        Weekend = desk.Weekend,
        From = desk.Window?.From,
        To = desk.Window?.To,
        Now = desk.Now,
        Whole = desk.Window?.Whole ?? false,
        ServiceId = desk.Service?.Id,
        YesNo = desk.IsYesNo,
        Closed = desk.AsksClosed,
    };

    private Decision WithContacts(Decision decision) => decision with { Contacts = _knowledge.Contacts, PhoneOpenNow = PhoneOpen(AmsterdamTime.Now(_clock)) };

    private Decision SmallTalk(Decision decision, SmallTalkIntent intent, MessageAnalysis analysis, double probability)
    {
        // Small talk is answered in the language it was written in ("thanks" after a Dutch answer gets English),
        // unless the user chose a language.
        var language = intent.SwitchTo
            ?? (analysis.LanguageReason == "chosen" ? analysis.Language : _languages.Detect(analysis.Message.AllWords) ?? analysis.Language);
        var context = decision.Context with { Language = language };
        if (intent.SwitchTo is { } target)
        {
            context = context with { ChosenLanguage = target };
        }

        return decision with { Kind = DecisionKind.SmallTalk, SmallTalk = intent, Language = language, Confidence = Math.Round(probability, 3), Context = context };
    }

    /// <param name="single">The only answer: its facts come from the whole message; one of two: from its own part.</param>
    private AnswerPart Part(CandidateEvidence candidate, double probability, MessageAnalysis analysis, bool single)
    {
        var topic = candidate.Topic ?? throw new InvalidOperationException("A candidate without a topic cannot be an answer.");
        var part = new AnswerPart(topic, Math.Round(probability, 3));
        var from = single ? analysis : analysis.For(candidate);
        var desk = from.Desk;
        var place = from.Place ?? analysis.Place;
        return topic switch
        {
            _ when candidate.Label == CandidateEvidence.PlaceLabel => part with { Desks = _desks.List(desk, place?.Place, analysis.Now, place?.Name) },
            Desk d => part with { Desk = _desks.About(d, desk, analysis.Now) },
            DeskOverview => part with { Desks = _desks.List(desk, null, analysis.Now) },
            ContactChannel channel => part with { OpenNow = channel.Hours.IsEmpty ? null : channel.Hours.IsOpen(analysis.Now) },
            _ => part,
        };
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
            if (_index.IsKnownWord(word) || stop.Contains(word) || desk.SlotWords.Contains(word) || desk.DeskWords.Contains(word) || _deskReader.IsCue(word))
            {
                list.Add(word);
                continue;
            }

            var correction = _index.Correct(word, language);
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

    private static string OtherLanguage(string language) => language == Languages.English ? Languages.Dutch : Languages.English;

    private static string CanonicalQuestion(CandidateEvidence candidate, string language) => candidate.Topic switch
    {
        FaqEntry faq => faq.Question[language],
        { } topic => topic.Phrasings[language].FirstOrDefault() ?? topic.Title[language],
        _ => candidate.Label,
    };

    private ContactChannel? Phone => _knowledge.Contacts.FirstOrDefault(c => c.ChannelKind == "phone" && !c.Hours.IsEmpty);

    private bool? PhoneOpen(DateTime now) => Phone?.Hours.IsOpen(now);

    /// <summary>What is known about one candidate while the parts of a message are searched.</summary>
    private sealed class Evidence(string label, Topic? topic)
    {
        public string Label { get; } = label;
        public Topic? Topic { get; } = topic;
        public double Confidence { get; set; }
        public double QueryCoverage { get; set; }
        public double PhrasingCoverage { get; set; }
        public double WholeConfidence { get; set; }
        public int Rank { get; set; } = 9;
        public double Bm25Share { get; set; }
        public string? Phrasing { get; set; }
        public int Segment { get; set; } = -1;
        public bool Exact { get; set; }
        public bool NamedDesk { get; set; }
        public bool Previous { get; set; }
        public bool IsPlace { get; set; }
        public SmallTalkIntent? SmallTalk { get; set; }
        public double SmallTalkMatch { get; set; }
    }
}
