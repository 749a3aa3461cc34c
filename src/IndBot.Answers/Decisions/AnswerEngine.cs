using System.Text;
using IndBot.Answers.Desks;
using IndBot.Answers.Retrieval;
using IndBot.Answers.Text;
using IndBot.Knowledge;

namespace IndBot.Answers.Decisions;

/// <summary>The confidence thresholds of the decision, tuned on <c>knowledge/eval/questions.tsv</c>.</summary>
public sealed record DecisionPolicy
{
    /// <summary>At or above: answer, when the runner-up is far enough behind.</summary>
    public double AnswerThreshold { get; init; } = 0.5;

    /// <summary>At or above (and below the answer threshold): "Did you mean".</summary>
    public double ClarifyThreshold { get; init; } = 0.4;

    /// <summary>How far the runner-up must be behind the top for a plain answer.</summary>
    public double MinimumGap { get; init; } = 0.05;

    /// <summary>Share of the question's weight that the answer must explain.</summary>
    public double MinimumQueryCoverage { get; init; } = 0.4;

    /// <summary>An answer also when the top is at least this confident and the runner-up at most <see cref="DominanceRatio"/> of it.</summary>
    public double DominantThreshold { get; init; } = 0.4;

    public double DominanceRatio { get; init; } = 0.75;

    /// <summary>How much a word unknown to the knowledge counts against an answer, relative to the rarest known word.</summary>
    public double UnknownWordWeight { get; init; } = 0.85;

    /// <summary>The question coverage needed for an answer when the question holds a word the knowledge does not know.</summary>
    public double UnknownWordQueryCoverage { get; init; } = 0.5;

    /// <summary>The gap to the runner-up needed when the question is a single word.</summary>
    public double SingleWordGap { get; init; } = 0.15;

    /// <summary>An answer whenever the whole question is matched at least this confidently and there is no tie.</summary>
    public double StrongThreshold { get; init; } = 0.8;

    public int MaxOptions { get; init; } = 3;

    /// <summary>How many search results to keep for repeated questions (0: none).</summary>
    public int SearchCacheSize { get; init; } = 4096;
}

/// <summary>
/// Decides answer / clarification / fallback / small talk for a message, with desk and contact reasoning from the
/// structured knowledge. Pure apart from the clock: the conversation context comes in with the question and goes out
/// with the decision.
/// </summary>
public sealed class AnswerEngine : IAnswerEngine
{
    // Words that may accompany a desk name in a desk question without changing what it asks.
    private static readonly HashSet<string> DeskQuestionWords =
    [
        "ind", "desk", "desks", "loket", "loketten", "office", "counter", "balie", "visit", "go", "get", "can", "i", "the", "a", "an",
        "is", "are", "in", "at", "to", "of", "on", "there", "it", "its", "what", "and", "please", "do", "does", "you", "me", "my",
        "tell", "about", "how", "wat", "het", "de", "een", "naar", "bij", "op", "van", "kan", "ik", "er", "en", "is", "zijn",
        "mijn", "gaan", "langs", "graag", "welke", "which", "have", "has", "heeft", "hebben", "taken", "done", "laten", "afnemen",
        "want", "wil", "would", "like", "need", "moet", "also", "ook", "still", "nog", "same", "day", "dag", "be",
        "gaat", "gaan", "ga", "komen", "kom", "langskomen", "bezoeken", "come", "going", "visit", "tot", "from", "vanaf",
    ];

    private readonly KnowledgeIndex _index;
    private readonly KnowledgeBase _knowledge;
    private readonly TimeProvider _clock;
    private readonly DecisionPolicy _policy;
    private readonly LanguageDetector _languages;
    private readonly DeskQuestionReader _deskReader;
    private readonly DeskAnswers _desks;
    private readonly Dictionary<string, (SmallTalkIntent Intent, string Language)> _smallTalk = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Language, string Text), Topic> _exact = [];

    // Questions come in waves (a news item, a policy change): the same words are searched again and again. The index
    // never changes (a reload builds a new engine), so a search result can be kept; the cache is bounded and cleared
    // when full. Everything that depends on the time or the conversation is computed after the search, every time.
    private readonly BoundedCache<(string Language, string Text), RetrievalResult> _searches;

    public AnswerEngine(KnowledgeIndex index, TimeProvider clock, DecisionPolicy? policy = null)
    {
        _index = index ?? throw new ArgumentNullException(nameof(index));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _policy = policy ?? new DecisionPolicy();
        _searches = new(_policy.SearchCacheSize);
        _knowledge = index.Knowledge;
        _languages = new LanguageDetector(_knowledge);
        _deskReader = new DeskQuestionReader(_knowledge);
        _desks = new DeskAnswers(_knowledge);
        foreach (var intent in _knowledge.SmallTalk)
        {
            foreach (var language in Languages.All)
            {
                foreach (var phrasing in intent.Phrasings[language])
                {
                    _smallTalk.TryAdd(UserText.Normalize(phrasing), (intent, language));
                }
            }
        }

        foreach (var topic in _knowledge.Topics.Where(t => t.Kind != TopicKind.OutOfScope))
        {
            foreach (var language in Languages.All)
            {
                foreach (var phrasing in topic.Phrasings[language])
                {
                    _exact.TryAdd((language, UserText.Normalize(phrasing)), topic);
                }
            }
        }
    }

    public KnowledgeBase Knowledge => _knowledge;

    public Decision Decide(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var context = question.Context ?? ConversationContext.Empty;
        var now = AmsterdamTime.Now(_clock);
        var cleaned = UserText.Clean(question.Text);

        if (cleaned.Length > UserText.MaxLength)
        {
            var language = _languages.Choose(UserText.Words(cleaned[..200]), question.Locale, context, out _);
            return Fallback(language, context, now, Messages.Get("tooLong", language), withContacts: false);
        }

        var (text, personal) = PersonalData.Redact(cleaned);
        text = text.Replace(PersonalData.Mask, " ", StringComparison.Ordinal);
        var words = UserText.Words(text);
        var chosen = _languages.Choose(words, question.Locale, context, out _);
        var warn = personal && !context.WarnedAboutPersonalData;
        context = context with { WarnedAboutPersonalData = context.WarnedAboutPersonalData || personal };

        var decision = DecideWords(words, chosen, context, now);
        if (warn)
        {
            decision = decision with { Text = Messages.Get("personalData", decision.Language) + "\n\n" + decision.Text };
        }

        return decision with { Context = decision.Context with { Language = decision.Language } };
    }

    private Messages Messages => _knowledge.Messages;

    private Decision DecideWords(List<string> words, string language, ConversationContext context, DateTime now)
    {
        if (words.Count == 0)
        {
            return AskForMore(language, context);
        }

        var normalized = string.Join(' ', words);
        if (_smallTalk.TryGetValue(normalized, out var smallTalk))
        {
            return SmallTalk(smallTalk.Intent, language, context);
        }

        // "hi, where is the desk in Utrecht" is a question, not a greeting.
        words = WithoutSmallTalkPrefix(words);

        var desk = _deskReader.Read(words, now);
        var corrected = Correct(words, language, desk, out var corrections);
        var correctedText = string.Join(' ', corrected);

        if (_exact.TryGetValue((language, correctedText), out var exact) || _exact.TryGetValue((Other(language), correctedText), out exact))
        {
            return Answer(exact, 1.0, [new Candidate(exact.Id, exact.Title[language], 1.0)], desk, language, context, now, corrections);
        }

        // The words the search sees: the question without the day and time (searched at most once per question).
        var retrievalText = string.Join(' ', corrected.Where(w => !desk.SlotWords.Contains(w)));
        RetrievalResult? searched = null;

        if (desk.Desk is not null && (OnlyDeskWords(corrected, desk, language)
            || ((desk.HasTime || desk.Service is not null) && OnlyInScopeWords(corrected, desk, language)
                && !LooksOutOfScope(searched ??= Search(retrievalText, language)))))
        {
            return Answer(desk.Desk, 1.0, [new Candidate(desk.Desk.Id, desk.Desk.Name, 1.0)], desk, language, context, now, corrections);
        }

        if (desk.Desk is null && context.LastDeskId is { } lastDesk && IsDeskFollowUp(corrected, desk) && OnlyDeskWords(corrected, desk, language)
            && _knowledge.Desks.FirstOrDefault(d => d.Id == lastDesk) is { } previous)
        {
            // A follow-up: "and its opening hours?", "is it open on Friday?".
            return Answer(previous, 1.0, [new Candidate(previous.Id, previous.Name, 1.0)], desk with { Desk = previous }, language, context, now, corrections);
        }

        var result = searched ?? Search(retrievalText, language);
        var candidates = result.Matches
            .Where(m => m.Topic.Kind != TopicKind.OutOfScope)
            .Take(_policy.MaxOptions + 2)
            .Select(m => new Candidate(m.Topic.Id, m.Topic.Title[language], Math.Round(m.Confidence, 3)))
            .ToList();

        if (result.ContentWords == 0 || result.Top is null)
        {
            return desk.HasTime || desk.Service is not null ? AskForMore(language, context) : Fallback(language, context, now, null) with { Corrections = corrections };
        }

        var inScope = result.Matches.Where(m => m.Topic.Kind != TopicKind.OutOfScope).ToList();
        var best = inScope.FirstOrDefault();
        if (best is null || result.OutOfScopeWords > 0
            || (result.Top?.Topic.Kind == TopicKind.OutOfScope && result.Top.Confidence >= _policy.ClarifyThreshold && result.Top.Confidence - best.Confidence >= _policy.MinimumGap))
        {
            // "phone number of the police", "opening hours of the zoo": about something the IND does not answer.
            return Fallback(language, context, now, null) with { Candidates = candidates, Confidence = Math.Round(best?.Confidence ?? 0, 3), Corrections = corrections };
        }

        var runnerUp = inScope.Skip(1).FirstOrDefault();

        // One word ("photo", "visa") answers only when it clearly belongs to one entry (faq-retrieval-notes B.9).
        var gap = result.ContentWords == 1 ? _policy.SingleWordGap : _policy.MinimumGap;
        var confident = best.Confidence >= _policy.AnswerThreshold
            && best.QueryCoverage >= _policy.MinimumQueryCoverage
            && (runnerUp is null || best.Confidence - runnerUp.Confidence >= gap);

        // Everything the user typed is explained by a phrasing that is itself mostly matched: answer, unless it is a tie.
        confident |= best.Confidence >= _policy.StrongThreshold && best.QueryCoverage >= 0.95 && (runnerUp is null || runnerUp.Confidence < best.Confidence);

        // When every word of the question is known, one clearly leading topic is enough; a word the knowledge has never
        // seen ("shops in Zwolle") may be what the question is really about, so then only a strong match answers.
        if (result.UnknownWords == 0)
        {
            confident |= best.Confidence >= _policy.DominantThreshold && (runnerUp is null || runnerUp.Confidence <= best.Confidence * _policy.DominanceRatio);
        }
        else
        {
            // A desk's city plus an unknown word is usually another place in that city ("bibliotheek Den Bosch").
            var needed = best.Topic.Kind is TopicKind.Desk or TopicKind.DeskOverview ? 0.8 : _policy.UnknownWordQueryCoverage;
            confident &= best.QueryCoverage >= needed;
        }

        if (confident)
        {
            return Answer(best.Topic, best.Confidence, candidates, desk, language, context, now, corrections);
        }

        if (best.Confidence >= _policy.ClarifyThreshold)
        {
            var options = inScope
                .Where(m => m.Confidence >= Math.Max(_policy.ClarifyThreshold * 0.75, best.Confidence - 0.2))
                .Take(_policy.MaxOptions)
                .Select(m => new ClarificationOption(m.Topic.Id, m.Topic.Title[language], CanonicalQuestion(m.Topic, language)))
                .ToList();
            return Clarify(options, best.Confidence, candidates, language, context, corrections);
        }

        return Fallback(language, context, now, null) with { Candidates = candidates, Confidence = Math.Round(best.Confidence, 3), Corrections = corrections };
    }

    private RetrievalResult Search(string text, string language) =>
        _searches.GetOrAdd((language, text), (key, engine) => Retriever.Search(engine._index, key.Text, key.Language, engine._policy.UnknownWordWeight), this);

    /// <summary>
    /// "and its opening hours?", "is it open on Friday?", "can I get fingerprints there?" continue the last desk;
    /// "when do I give my fingerprints?" does not, although it names a service.
    /// </summary>
    private static bool IsDeskFollowUp(List<string> words, DeskQuestion desk) =>
        (desk.HasTime || desk.AsksHours || desk.AsksAddress || desk.Service is not null)
        && (desk.Service is null || words.Any(ReferenceWords.Contains));

    private static readonly HashSet<string> ReferenceWords = ["there", "it", "its", "that", "this", "daar", "er", "dat", "dit", "die", "deze", "daarvan"];

    /// <summary>A desk question with a day, time or service may hold other words too, as long as the knowledge uses them ("pick up my residence card").</summary>
    private bool OnlyInScopeWords(List<string> words, DeskQuestion desk, string language) =>
        words.All(w => desk.DeskWords.Contains(w) || desk.SlotWords.Contains(w) || _index.IsInScopeWord(w) || _index.Analysis[language].StopWords.Contains(w));

    /// <summary>"is Amsterdam city hall open on Saturday": the out-of-scope list explains the question better than any entry.</summary>
    private static bool LooksOutOfScope(RetrievalResult result) =>
        result.OutOfScopeWords > 0 || result.Top?.Topic.Kind == TopicKind.OutOfScope;

    private bool OnlyDeskWords(List<string> words, DeskQuestion desk, string language) =>
        words.All(w => desk.DeskWords.Contains(w) || desk.SlotWords.Contains(w) || DeskQuestionWords.Contains(w)
            || _index.Analysis[language].StopWords.Contains(w) || IsCueWord(w, desk));

    private static bool IsCueWord(string word, DeskQuestion desk) =>
        DeskQuestionReader.IsCue(word) || (desk.Service is not null && DeskQuestionReader.IsServiceWord(word));

    private List<string> WithoutSmallTalkPrefix(List<string> words)
    {
        for (var take = Math.Min(4, words.Count - 1); take >= 1; take--)
        {
            var prefix = string.Join(' ', words.Take(take));
            if (_smallTalk.TryGetValue(prefix, out var hit) && hit.Intent.SwitchTo is null && words.Count - take >= 1)
            {
                return words.Skip(take).ToList();
            }
        }

        return words;
    }

    /// <summary>Replaces words the knowledge does not know by the closest known word (typo tolerance).</summary>
    private List<string> Correct(List<string> words, string language, DeskQuestion desk, out IReadOnlyList<string> corrections)
    {
        var list = new List<string>();
        var changes = new List<string>();
        var stop = _index.Analysis[language].StopWords;
        foreach (var word in words)
        {
            if (_index.IsKnownWord(word) || stop.Contains(word) || desk.SlotWords.Contains(word) || desk.DeskWords.Contains(word) || DeskQuestionReader.IsCue(word))
            {
                list.Add(word);
                continue;
            }

            var correction = _index.Correct(word);
            if (correction is not null && correction != word)
            {
                changes.Add($"{word} → {correction}");
                list.Add(correction);
            }
            else
            {
                list.Add(word);
            }
        }

        corrections = changes;
        return list;
    }

    private static string Other(string language) => language == Languages.English ? Languages.Dutch : Languages.English;

    private static string CanonicalQuestion(Topic topic, string language) => topic switch
    {
        FaqEntry faq => faq.Question[language],
        _ => topic.Phrasings[language].FirstOrDefault() ?? topic.Title[language],
    };

    private Decision Answer(Topic topic, double confidence, IReadOnlyList<Candidate> candidates, DeskQuestion desk, string language,
        ConversationContext context, DateTime now, IReadOnlyList<string> corrections)
    {
        var next = context with { LastEntryId = topic.Id, AwaitingDesk = false };
        var decision = new Decision
        {
            Kind = DecisionKind.Answer,
            Language = language,
            Text = "",
            EntryId = topic.Id,
            Confidence = Math.Round(confidence, 3),
            Candidates = candidates,
            Corrections = corrections,
            Context = next,
        };

        switch (topic)
        {
            case FaqEntry faq:
                return decision with
                {
                    Text = faq.Answer[language] + SourceLine(faq.Source, language),
                    Source = faq.Source,
                };

            case Desk d:
                var lead = _desks.Lead(d, desk, language, now);
                var details = _desks.Details(d, language, now);
                return decision with
                {
                    Text = lead is null ? details : lead + "\n\n" + details,
                    Lead = lead,
                    Desk = d,
                    Source = "001_e2b7f7d00286f00e.txt",
                    Context = next with { LastDeskId = d.Id },
                };

            case DeskOverview:
                var overview = _desks.Overview(desk, language, now);
                var awaiting = desk.Day is null && desk.Service is null && !desk.AsksCount;
                return decision with
                {
                    Text = awaiting ? overview + "\n\n" + Messages.Get("whichDesk", language) : overview,
                    Source = "001_e2b7f7d00286f00e.txt",
                    Context = next with { AwaitingDesk = awaiting },
                };

            case ContactChannel channel:
                var phoneOpen = channel.Hours.IsEmpty ? (bool?)null : channel.Hours.IsOpen(now);
                var status = phoneOpen is null || channel.ChannelKind != "phone"
                    ? ""
                    : "\n\n" + Messages.Get(phoneOpen.Value ? "phoneOpenNow" : "phoneClosedNow", language);
                return decision with
                {
                    Text = channel.Answer[language] + status,
                    Contacts = [channel],
                    PhoneOpenNow = channel.ChannelKind == "phone" ? phoneOpen : null,
                };

            case ContactOverview contactOverview:
                return decision with
                {
                    Text = contactOverview.Answer[language] + "\n\n" + ContactList(language) + "\n\n" + PhoneStatus(language, now),
                    Contacts = _knowledge.Contacts,
                    PhoneOpenNow = PhoneOpen(now),
                };

            default:
                return Fallback(language, context, now, null);
        }
    }

    /// <summary>"Source: IND website, frequently asked questions": the seed files' names for people are in messages.yaml.</summary>
    private string SourceLine(string source, string language)
    {
        var names = source.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(file => Messages.Has("source:" + file) ? Messages.Get("source:" + file, language) : file);
        return $"\n\n_{Messages.Get("source", language)}: {string.Join("; ", names)}_";
    }

    private Decision Clarify(IReadOnlyList<ClarificationOption> options, double confidence, IReadOnlyList<Candidate> candidates,
        string language, ConversationContext context, IReadOnlyList<string> corrections)
    {
        var text = new StringBuilder(Messages.Get("clarification", language)).Append('\n');
        foreach (var option in options)
        {
            text.Append("\n- ").Append(option.Title);
        }

        return new Decision
        {
            Kind = DecisionKind.Clarification,
            Language = language,
            Text = text.ToString(),
            Confidence = Math.Round(confidence, 3),
            Candidates = candidates,
            Options = options,
            Corrections = corrections,
            Context = context,
        };
    }

    private Decision AskForMore(string language, ConversationContext context) => new()
    {
        Kind = DecisionKind.Clarification,
        Language = language,
        Text = Messages.Get("emptyQuery", language),
        Context = context,
    };

    private Decision SmallTalk(SmallTalkIntent intent, string language, ConversationContext context)
    {
        if (intent.SwitchTo is { } target)
        {
            return new Decision
            {
                Kind = DecisionKind.SmallTalk,
                Language = target,
                Text = Messages.Get("languageSwitched", target),
                SmallTalkIntent = intent.Id,
                Confidence = 1,
                Context = context with { ChosenLanguage = target },
            };
        }

        return new Decision
        {
            Kind = DecisionKind.SmallTalk,
            Language = language,
            Text = intent.Reply[language],
            SmallTalkIntent = intent.Id,
            Confidence = 1,
            Context = context,
        };
    }

    private Decision Fallback(string language, ConversationContext context, DateTime now, string? lead, bool withContacts = true)
    {
        var text = new StringBuilder(lead ?? Messages.Get("fallback", language));
        if (withContacts)
        {
            text.Append("\n\n").Append(ContactList(language)).Append("\n\n").Append(PhoneStatus(language, now));
        }

        return new Decision
        {
            Kind = DecisionKind.Fallback,
            Language = language,
            Text = text.ToString(),
            Contacts = withContacts ? _knowledge.Contacts : [],
            PhoneOpenNow = withContacts ? PhoneOpen(now) : null,
            Context = context,
        };
    }

    private string ContactList(string language)
    {
        var text = new StringBuilder();
        foreach (var channel in _knowledge.Contacts)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append("- **").Append(channel.Title[language]).Append("**: ").Append(channel.Value);
            if (!channel.Hours.IsEmpty)
            {
                text.Append(" (").Append(_desks.HoursSummary(channel.Hours, language)).Append(')');
            }
        }

        return text.ToString();
    }

    private ContactChannel? Phone => _knowledge.Contacts.FirstOrDefault(c => c.ChannelKind == "phone" && !c.Hours.IsEmpty);

    private bool? PhoneOpen(DateTime now) => Phone?.Hours.IsOpen(now);

    private string PhoneStatus(string language, DateTime now) =>
        PhoneOpen(now) is { } open ? Messages.Get(open ? "phoneOpenNow" : "phoneClosedNow", language) : "";
}
