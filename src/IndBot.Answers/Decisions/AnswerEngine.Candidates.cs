using IndBot.Answers.Desks;
using IndBot.Answers.Retrieval;
using IndBot.Answers.Scope;
using IndBot.Answers.Text;
using IndBot.Answers.Understanding;
using IndBot.Knowledge;

namespace IndBot.Answers.Decisions;

/// <summary>The candidates of a message and their features (see <see cref="CandidateFeatures"/>).</summary>
public sealed partial class AnswerEngine
{
    private static readonly HashSet<string> IndWords = ["ind", "immigratiedienst", "immigration", "naturalisatiedienst", "you", "your", "jullie", "u", "uw"];

    /// <summary>Labels the classifier gives at least this probability are candidates even when retrieval misses them.</summary>
    private const float ClassifierCandidate = 0.15f;

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
        // Abroad words in the message, or a visitor who said they are abroad ("I'm in Morocco" → "which number do I call?").
        var abroad = _abroad.Any(message.Words) || analysis.VisitorAbroad;
        var organisationWords = _scope.OrganisationWordCount(analysis.Words);
        var organisationShare = contentWords.Count == 0 ? 0 : Math.Min(1, (float)organisationWords / contentWords.Count);
        var indNamed = message.AllWords.Any(IndWords.Contains);
        var previousTopic = analysis.Context.LastEntryId is { } lastEntry ? _knowledge.Find(lastEntry) : null;
        var otherBesideDesk = OtherBesideDesk(words, desk, stop);
        var asksCost = _costWords.Any(message.AllWords);
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
            // Where the visitor is holds for every question of the message ("I'm in Brazil – what number do I call, and …").
            f[i++] = abroad ? 1 : 0;
            f[i++] = classified.GetValueOrDefault(e.Label);
            f[i++] = e.Label == classifierTop ? 1 : 0;
            f[i++] = classified.GetValueOrDefault(EvalSet.None);
            f[i++] = desk.HasDeskCue ? 1 : 0;
            f[i++] = organisationShare;
            f[i++] = indNamed ? 1 : 0;
            f[i++] = classified.GetValueOrDefault(e.Label) - (e.Label == classifierTop ? classifierSecond : classifierBest);
            f[i++] = e.Topic is not null && previousTopic is not null && e.Topic != previousTopic && Related(previousTopic, e.Topic) ? 1 : 0;
            f[i++] = desk.DeskBesideDeskWord ? 1 : 0;
            f[i++] = otherBesideDesk ? 1 : 0;
            f[i++] = analysis.OtherAskedFirst ? 1 : 0;
            f[i++] = asksCost ? 1 : 0;
            candidates.Add(new CandidateEvidence(e.Label, f) { Topic = e.Topic, SmallTalk = e.SmallTalk, Phrasing = e.Phrasing, Part = analysis.Part });
        }

        return analysis with { Candidates = candidates, Corrections = corrections, OutOfScopeWords = result.OutOfScopeWords };
    }

    /// <summary>
    /// A word within three words of the desk's name that names something else: another organisation, a word only the
    /// out-of-scope list holds, or one the knowledge does not know ("the Rotterdam zoo", "de bibliotheek in Den Bosch").
    /// </summary>
    private bool OtherBesideDesk(IReadOnlyList<string> words, DeskQuestion desk, IReadOnlySet<string> stop)
    {
        var (start, length) = desk.DeskAt;
        if (start < 0 || start + length > words.Count)
        {
            return false;
        }

        var organisations = _scope.OrganisationPositions(words);
        for (var k = Math.Max(0, start - 3); k < Math.Min(words.Count, start + length + 3); k++)
        {
            var word = words[k];
            if (k >= start && k < start + length)
            {
                continue;
            }

            if (organisations.Contains(k) || (!stop.Contains(word) && !desk.SlotWords.Contains(word) && !_deskReader.IsDeskQuestionWord(word)
                && !_deskReader.IsDeskWord(word) && !word.All(char.IsAsciiDigit) && !_index.IsInScopeWord(word)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first question (or the first part) names another organisation or a word only the out-of-scope list holds, and neither the IND nor a desk.</summary>
    private bool OtherAskedFirst(ReadMessage message, IReadOnlySet<string> stop)
    {
        if ((message.Segments.FirstOrDefault(s => s.IsQuestion) ?? message.Segments.FirstOrDefault()) is not { } first || message.OnlySmallTalk)
        {
            return false;
        }

        var named = _scope.OrganisationWordCount(first.Words) > 0
            || first.Words.Any(w => !stop.Contains(w) && _index.IsKnownWord(w) && !_index.IsInScopeWord(w));
        return named && !first.Words.Any(w => IndWords.Contains(w) || _deskReader.IsDeskWord(w)) && !_deskReader.NamesADesk(first.Words);
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

        var desk = _deskReader.Read(read.Words, Now());
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
