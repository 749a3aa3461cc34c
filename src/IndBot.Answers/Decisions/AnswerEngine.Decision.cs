using IndBot.Answers.Desks;
using IndBot.Answers.Retrieval;
using IndBot.Answers.Scope;
using IndBot.Answers.Text;
using IndBot.Answers.Understanding;
using IndBot.Knowledge;

namespace IndBot.Answers.Decisions;

/// <summary>The decision rule: the scored candidates and the operating point make an answer, a question back, small talk or the fallback.</summary>
public sealed partial class AnswerEngine
{
    /// <summary>Turns the scored candidates into the decision, at the model's operating point.</summary>
    public Decision Decide(MessageAnalysis analysis, IReadOnlyList<(CandidateEvidence Candidate, double Probability)> scored) =>
        Decide(analysis, scored, _model?.OperatingPoint ?? new OperatingPoint());

    /// <summary>
    /// Turns the scored candidates into the decision at <paramref name="point"/> (training tries many, and keeps one
    /// outcome per message for all points that let as many probabilities through: compare a probability with
    /// <see cref="OperatingPoint.Answer"/> and <see cref="OperatingPoint.Second"/> only by "at least", and read
    /// <see cref="OperatingPoint.Clarify"/> and <see cref="OperatingPoint.Share"/> only when the top is neither answered nor refused).
    /// </summary>
    public Decision Decide(MessageAnalysis analysis, IReadOnlyList<(CandidateEvidence Candidate, double Probability)> scored, OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(point);
        var language = analysis.ReplyLanguage;
        var context = analysis.Context;
        var notice = analysis.Message.HasPersonalData && !context.WarnedAboutPersonalData;
        context = context with
        {
            WarnedAboutPersonalData = context.WarnedAboutPersonalData || analysis.Message.HasPersonalData,
            Language = language,
            VisitorAbroad = analysis.VisitorAbroad,
        };
        scored = AskedDesk(analysis, AskedLanguage(analysis.Message, scored));
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
            return WithContacts(decision with { Reason = FallbackReason.NotUnderstood }, analysis.Now);
        }

        // Refusing is a candidate too: when "none of the IND's topics" is the most probable, nothing else is answered,
        // unless another organisation sent the visitor to the IND ("my gemeente told me to ask you: when do I give my
        // fingerprints?") and an IND topic is probable enough to answer.
        var top = ranked.FirstOrDefault();
        if (top.Candidate is { Topic: OutOfScopeTopic } && _referredToTheInd.Any(analysis.Message.AllWords)
            && ranked.FirstOrDefault(s => s.Candidate is { SmallTalk: null, Topic: not null and not OutOfScopeTopic }) is { Candidate: not null } ind
            && ind.Probability >= point.Answer)
        {
            top = ind;
        }

        if (top.Candidate is { Topic: OutOfScopeTopic })
        {
            // A keyword or two ("travel", "residence permit") that an out-of-scope phrasing also holds ("travel
            // insurance") is a search, not a question for someone else: "Did you mean" the topics that hold every word.
            return KeywordOptions(analysis, top.Candidate, ranked) is { Count: >= 2 } keywords
                ? decision with
                {
                    Kind = DecisionKind.Clarification,
                    Options = keywords.Select(s => Option(s.Candidate, language)).ToList(),
                    Confidence = Math.Round(keywords[0].Probability, 3),
                }
                : NotAnswered(decision, analysis, top.Probability, refused: true);
        }

        if (top.Candidate is not null && top.Probability >= point.Answer)
        {
            // A question to the bot beside a question for the IND ("are you a bot? and where is the Utrecht desk",
            // "ben je een mens of een bot? en wat is het telefoonnummer?"): both are answered, the bot's reply first
            // (Beside).
            var (beside, besideTopic) = Beside(analysis, scored, ranked, point);
            if (top.Candidate.SmallTalk is { } intent)
            {
                if (beside != intent || besideTopic.Candidate is null)
                {
                    return SmallTalk(decision, intent, analysis, top.Probability);
                }

                top = besideTopic;
            }
            else if (besideTopic.Candidate?.Label != top.Candidate.Label)
            {
                beside = null;
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

            // Two desks named together ("the hours in Hoofddorp and in Rotterdam"): the same question for both.
            if (parts.Count == 1 && top.Candidate.Topic is Desk answeredDesk && asked is { AlsoDesk: { } also, Desk: { } named }
                && (answeredDesk == named || answeredDesk == also))
            {
                var other = answeredDesk == named ? also : named;
                var otherPart = new AnswerPart(other, parts[0].Confidence) { Desk = _desks.About(other, asked, analysis.Now) };
                parts = answeredDesk == named ? [parts[0], otherPart] : [otherPart, parts[0]];
            }

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
            var languageReason = decision.LanguageReason;
            if (beside?.SwitchTo is { } target)
            {
                (language, languageReason, next) = (target, "chosen", next with { Language = target, ChosenLanguage = target });
            }

            var answered = decision with
            {
                Kind = DecisionKind.Answer,
                Answers = parts,
                SmallTalk = beside,
                Language = language,
                LanguageReason = languageReason,
                Confidence = Math.Round(top.Probability, 3),
                Context = next,
            };
            return parts.Any(p => p.Topic is ContactOverview) ? WithContacts(answered, analysis.Now) : answered with
            {
                Contacts = parts.Select(p => p.Topic).OfType<ContactChannel>().ToList(),
                PhoneOpenNow = parts.Select(p => p.OpenNow).FirstOrDefault(o => o is not null),
            };
        }

        // Not sure enough to answer, but the message is probably about the IND: ask. The candidates that hold a fair
        // share of the probability are "genuinely close" ("Did you mean"); one alone is "Do you mean …?".
        var plausible = Plausible(ranked).Take(_options.MaxOptions).ToList();
        var mass = plausible.Sum(s => s.Probability);
        if (plausible.Count > 0 && mass >= point.Clarify)
        {
            var options = plausible
                .Where(s => s.Probability / mass >= point.Share)
                .Select(s => Option(s.Candidate, language))
                .ToList();
            return decision with { Kind = DecisionKind.Clarification, Options = options, Confidence = Math.Round(top.Probability, 3) };
        }

        return NotAnswered(decision, analysis, top.Candidate is null ? 0 : top.Probability, refused: false);
    }

    /// <summary>
    /// A question to the bot in one sentence of the message and a question for the IND in another: the small-talk
    /// intent (one that can stand beside an answer) and the IND topic, the top candidate of another question part. The
    /// sentence of the small talk is one whose own best small-talk match is that intent, either at least as probable as
    /// a second question for the whole message or (nearly) one of its phrasings, and that asks the IND nothing as probable.
    /// </summary>
    private (SmallTalkIntent? Intent, (CandidateEvidence Candidate, double Probability) Topic) Beside(
        MessageAnalysis analysis,
        IReadOnlyList<(CandidateEvidence Candidate, double Probability)> scored,
        IReadOnlyList<(CandidateEvidence Candidate, double Probability)> ranked,
        OperatingPoint point)
    {
        if (analysis.Parts.Count < 2)
        {
            return (null, default);
        }

        var likely = ranked.FirstOrDefault(s => s.Candidate.SmallTalk is { Alongside: true } && s.Probability >= point.Second).Candidate?.SmallTalk;
        var partTops = analysis.Parts.Select(p => scored.FirstOrDefault(s => s.Candidate.Part == p.Part)).ToList();
        for (var talk = 0; talk < analysis.Parts.Count; talk++)
        {
            // The sentence's own best small-talk match: the intent the model finds likely for the message, or one whose
            // phrasing the sentence (nearly) is ("are you a real person?"), which the model rarely saw beside a question.
            if (SmallTalkOverlap(analysis.Message.Segments[talk].Words) is not { Intent: { Alongside: true } intent } match
                || (intent != likely && match.Overlap < NearlyThePhrasing)
                || !_languageRequest.Asks(intent, analysis.Message.Segments[talk].Words)
                || partTops[talk] is { Candidate.Topic: not null and not OutOfScopeTopic } own && own.Probability >= point.Second)
            {
                continue;
            }

            // The other sentence is a question, and not a question to the bot too: the same one again ("what can you do?
            // are you a robot?") or another that holds one of the bot's phrasings ("are you a bot? can I talk to a person?").
            var topic = partTops.Where((t, p) => p != talk && t.Candidate is { SmallTalk: null, Topic: not null and not OutOfScopeTopic } && t.Probability >= point.Second
                    && analysis.Message.Segments[p].IsQuestion && !AsksTheBot(analysis.Message.Segments[p].Words, intent))
                .OrderByDescending(t => t.Probability)
                .FirstOrDefault();
            if (topic.Candidate is not null)
            {
                return (intent, topic);
            }
        }

        return (null, default);
    }

    /// <summary>
    /// A language switch stands for the language the words ask for: the model finds that a language is asked for, the
    /// words say which ("answer in Dutch please, my English isn't good"). A language named only for something else
    /// ("where can I learn Dutch", "an English-speaking lawyer") is no switch, however probable.
    /// </summary>
    private IReadOnlyList<(CandidateEvidence Candidate, double Probability)> AskedLanguage(
        ReadMessage message, IReadOnlyList<(CandidateEvidence Candidate, double Probability)> scored)
    {
        if (!scored.Any(s => s.Candidate.SmallTalk is { SwitchTo: not null }))
        {
            return scored;
        }

        var asked = _knowledge.SmallTalk.Where(i => i.SwitchTo is not null && AsksForLanguage(i, message)).ToList();
        var result = new List<(CandidateEvidence Candidate, double Probability)>(scored.Count);
        foreach (var s in scored)
        {
            if (s.Candidate.SmallTalk is not { SwitchTo: not null } intent || asked.Contains(intent))
            {
                result.Add(s);
            }
            else if (asked.Count == 1)
            {
                result.Add((s.Candidate with { Label = EvalSet.SmallTalkPrefix + asked[0].Id, SmallTalk = asked[0] }, s.Probability));
            }
        }

        return result;
    }

    /// <summary>
    /// In a message of one question, a desk named beside a desk word is the desk asked about when the other desk named
    /// is where the visitor lives or works (<c>livesIn</c> in <c>reading.yaml</c>: "I live in Utrecht, is the desk in
    /// Amsterdam open on Friday?"). A desk named in a story before the question's own sentence gave way when the
    /// message was read (<c>Analyze</c>); one in the same sentence ("I went to the Amsterdam desk but it was closed, is
    /// Rotterdam open on Friday?") is left to the model.
    /// </summary>
    private IReadOnlyList<(CandidateEvidence Candidate, double Probability)> AskedDesk(
        MessageAnalysis analysis, IReadOnlyList<(CandidateEvidence Candidate, double Probability)> scored)
    {
        if (analysis.Parts.Count > 1 || analysis.Desk is not { Desk: { } asked, DeskBesideDeskWord: true } desk)
        {
            return scored;
        }

        var livesAt = _livesAt.Matches(analysis.Message.Words).Select(m => m.Value).Where(d => d != asked && d != desk.AlsoDesk).ToHashSet();
        return livesAt.Count == 0 ? scored : scored.Where(s => s.Candidate.Topic is not Desk other || !livesAt.Contains(other)).ToList();
    }

    /// <summary>Whether the whole message or one of its sentences asks for the switch's language (<see cref="LanguageRequest"/>).</summary>
    private bool AsksForLanguage(SmallTalkIntent intent, ReadMessage message) =>
        _languageRequest.Asks(intent, message.AllWords) || message.Segments.Any(s => _languageRequest.Asks(intent, s.Words));

    /// <summary>The sentence's best small-talk match is <paramref name="intent"/>, or another question to the bot that it (nearly) is.</summary>
    private bool AsksTheBot(IReadOnlyList<string> words, SmallTalkIntent intent) =>
        SmallTalkOverlap(words) is { } match && (match.Intent == intent || match.Intent.Alongside && match.Overlap >= HeldInFull);

    /// <summary>
    /// A small-talk overlap of at least this: the phrasing held in full is at least half of the sentence ("are you a
    /// real person?"), not one word of a longer one ("my Dutch colleague says …", "sorry for my english").
    /// </summary>
    private const double NearlyThePhrasing = 0.75;

    /// <summary>A small-talk overlap of at least this: every word of the phrasing is in the sentence, or they share most of their words (<see cref="SmallTalkOverlap"/>).</summary>
    private const double HeldInFull = 0.5;

    /// <summary>
    /// For a message of at most <see cref="MaxKeywords"/> content words that names no other organisation, no
    /// out-of-scope word and no place: the IND topics whose best phrasing holds all of it, most probable first.
    /// </summary>
    private List<(CandidateEvidence Candidate, double Probability)>? KeywordOptions(MessageAnalysis analysis, CandidateEvidence none, IReadOnlyList<(CandidateEvidence Candidate, double Probability)> ranked)
    {
        if (none.Feature("contentWords") is < 1 or > MaxKeywords || analysis.Parts.Count > 1
            || analysis.Organisations.Count > 0 || analysis.OutOfScopeWords > 0 || analysis.Place is not null)
        {
            return null;
        }

        return Plausible(ranked).Where(s => s.Candidate.Feature("queryCoverage") >= 1).Take(_options.MaxOptions).ToList();
    }

    private const int MaxKeywords = 2;

    /// <summary>The IND topics among the candidates (no small talk, not "none"), each once, most probable first.</summary>
    private static IEnumerable<(CandidateEvidence Candidate, double Probability)> Plausible(IReadOnlyList<(CandidateEvidence Candidate, double Probability)> ranked) =>
        ranked.Where(s => s.Candidate is { SmallTalk: null, Topic: not null and not OutOfScopeTopic }).DistinctBy(s => s.Candidate.Topic);

    private static ClarificationOption Option(CandidateEvidence candidate, string language) =>
        new(candidate.Topic!.Id, candidate.Topic.Title[language], CanonicalQuestion(candidate, language));

    /// <summary>
    /// The fallback and why: another organisation or a place is not the IND's; the IND's own business that the knowledge
    /// does not answer (<paramref name="refused"/> or out-of-scope words, with a word like "permit") is the IND's to help
    /// with; the rest was not understood.
    /// </summary>
    private Decision NotAnswered(Decision decision, MessageAnalysis analysis, double probability, bool refused)
    {
        var reason = analysis.Organisations.Count > 0 || analysis.Place is not null ? FallbackReason.NotTheInd
            : (refused || analysis.OutOfScopeWords > 0) && analysis.Message.AllWords.Any(_indTopicWords.Contains) ? FallbackReason.NotCovered
            : analysis.OutOfScopeWords > 0 ? FallbackReason.NotTheInd
            : FallbackReason.NotUnderstood;
        return WithContacts(decision with
        {
            Reason = reason,
            Organisation = analysis.Organisations.FirstOrDefault(),
            Confidence = Math.Round(probability, 3),
        }, analysis.Now);
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

    private Decision WithContacts(Decision decision, DateTime now) => decision with { Contacts = _knowledge.Contacts, PhoneOpenNow = PhoneOpen(now) };

    private Decision SmallTalk(Decision decision, SmallTalkIntent intent, MessageAnalysis analysis, double probability)
    {
        // Small talk is answered in the language it was written in ("thanks" after a Dutch answer gets English),
        // unless the user chose a language.
        var language = intent.SwitchTo
            ?? (analysis.LanguageReason == "chosen" ? analysis.ReplyLanguage : analysis.Language);
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
            // "Which desk is nearest to Lelystad?", "I live in Tilburg, which desk do I go to?": a question about the desks
            // from a place without one is answered for that place; a yes/no question about all desks stays one.
            DeskOverview when place is not null && !desk.IsYesNo => part with { Desks = _desks.List(desk, place.Place, analysis.Now, place.Name) },
            DeskOverview => part with { Desks = _desks.List(desk, null, analysis.Now) },
            ContactChannel channel => part with { OpenNow = channel.Hours.IsEmpty ? null : channel.Hours.IsOpen(analysis.Now) },
            _ => part,
        };
    }

    private static string CanonicalQuestion(CandidateEvidence candidate, string language) => candidate.Topic switch
    {
        FaqEntry faq => faq.Question[language],
        { } topic => topic.Phrasings[language].FirstOrDefault() ?? topic.Title[language],
        _ => candidate.Label,
    };

    private ContactChannel? Phone => _knowledge.Contacts.FirstOrDefault(c => c.ChannelKind == "phone" && !c.Hours.IsEmpty);

    private bool? PhoneOpen(DateTime now) => Phone?.Hours.IsOpen(now);
}
