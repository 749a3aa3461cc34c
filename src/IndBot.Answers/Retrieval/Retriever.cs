using IndBot.Knowledge;
using Lucene.Net.Search;

namespace IndBot.Answers.Retrieval;

/// <summary>A topic found for a question, with the evidence for it.</summary>
internal sealed record Match(Topic Topic, double Confidence, double QueryCoverage, double PhrasingCoverage, double Bm25, string Phrasing);

/// <param name="UnknownWords">Words of the question that nothing in the knowledge contains, not even as a synonym.</param>
/// <param name="OutOfScopeWords">Words that only the out-of-scope list contains.</param>
internal sealed record RetrievalResult(IReadOnlyList<Match> Matches, int ContentWords, int UnknownWords = 0, int OutOfScopeWords = 0)
{
    /// <summary>The question's side of the confidence, kept to score topics the search did not rank (<see cref="Retriever.ConfidenceOf"/>).</summary>
    internal Retriever.QuestionTerms? Question { get; init; }

    /// <summary>The question's analysed terms, one group per word (stems, synonyms, compound parts).</summary>
    internal IReadOnlyList<List<string>> Terms { get; init; } = [];

    public Match? Top => Matches.Count > 0 ? Matches[0] : null;
    public Match? Second => Matches.Count > 1 ? Matches[1] : null;
}

/// <summary>
/// Searches the index with BM25 and turns the hits into a confidence in [0, 1]: an IDF-weighted two-way overlap
/// between the question and the best phrasing of each topic (question coverage × phrasing coverage, combined like F1;
/// faq-retrieval-notes B.9). User text goes through the analyzer only, never through a query parser.
/// </summary>
internal static class Retriever
{
    // Enough hits that every topic sharing a word with the question is scored (the engine looks up the desk a
    // message names, the previous answer and the desks overview even when they are not near the top).
    private const int HitsToGroup = 60;
    private const int MaxSearchedWords = 10;
    internal const float SynonymBoost = 0.8f;

    public static RetrievalResult Search(KnowledgeIndex index, string text, string language, double unknownWordWeight = 1.0)
    {
        var analysis = index.Analysis[language];
        var field = KnowledgeIndex.QuestionField(language);
        var query = analysis.QueryPositions(field, text);
        if (query.Count == 0)
        {
            return new RetrievalResult([], 0);
        }

        // Each question term with its entry in the index, or null: a term no phrasing holds cannot match, so it gets
        // no clause (it would find no documents and add nothing to any score), but it still counts in the confidence.
        var vocabulary = index.Terms(language);
        var unknownIdf = index.UnknownIdf(language);
        var terms = new IndexedTerm?[query.Count][];
        var weights = new double[query.Count];
        var boolean = new BooleanQuery(disableCoord: true);
        int clauses = 0, unknown = 0, outOfScope = 0;
        for (var p = 0; p < query.Count; p++)
        {
            var position = query[p];
            var found = new IndexedTerm?[position.Count];
            var known = false;
            for (var i = 0; i < position.Count; i++)
            {
                found[i] = vocabulary.GetValueOrDefault(position[i]);
                known |= found[i] is not null;
            }

            terms[p] = found;
            weights[p] = PositionWeight(found, unknownWordWeight, unknownIdf);
            unknown += known ? 0 : 1;
            outOfScope += index.IsOutOfScopeTerm(language, position[0]) ? 1 : 0;
        }

        // The search looks for the rarest words (a long story's common words find everything and only cost time); the
        // confidence below still weighs every word.
        var searched = Enumerable.Range(0, query.Count).Where(p => terms[p].Any(t => t is not null))
            .OrderByDescending(p => weights[p]).Take(MaxSearchedWords).ToHashSet();
        for (var p = 0; p < query.Count; p++)
        {
            if (!searched.Contains(p))
            {
                continue;
            }

            var found = terms[p];
            for (var i = 0; i < found.Length && clauses < BooleanQuery.MaxClauseCount; i++, clauses++)
            {
                if (found[i] is { } term)
                {
                    // Prepared queries: the term's state in the segment is known, no term dictionary lookup.
                    boolean.Add(i == 0 ? term.Query : term.SynonymQuery, Occur.SHOULD);
                }
            }
        }

        var matches = new List<Match>();
        QuestionTerms? kept = null;
        if (boolean.Clauses.Count > 0)
        {
            // The question's indexed terms: as a set of term ids, and as (id, position) pairs.
            var words = (vocabulary.Count + 63) / 64;
            var queryTerms = new ulong[words];
            var pairs = new List<(int Id, int Position)>(clauses);
            for (var p = 0; p < terms.Length; p++)
            {
                foreach (var term in terms[p])
                {
                    if (term is not null)
                    {
                        queryTerms[term.Id >> 6] |= 1UL << (term.Id & 63);
                        pairs.Add((term.Id, p));
                    }
                }
            }

            var matched = new bool[query.Count];
            var question = new QueryTerms(queryTerms, pairs, weights, matched);
            kept = new QuestionTerms(queryTerms, pairs, weights);

            // In-order scoring (BooleanScorer2): the out-of-order BooleanScorer allocates a 2,048-bucket table per query.
            var collector = TopScoreDocCollector.Create(HitsToGroup, docsScoredInOrder: true);
            index.Searcher.Search(boolean, collector);
            foreach (var hit in collector.GetTopDocs().ScoreDocs)
            {
                if (!index.IsPhrasing(hit.Doc))
                {
                    continue;
                }

                // The best phrasing of each topic, topics in the order of their first hit.
                var phrasing = index.PhrasingAt(hit.Doc);
                var (confidence, coverage, phrasingCoverage) = Confidence(question, phrasing);
                var at = IndexOf(matches, phrasing.Topic.Id);
                if (at < 0)
                {
                    matches.Add(new Match(phrasing.Topic, confidence, coverage, phrasingCoverage, Math.Max((double)hit.Score, 0), phrasing.Text));
                }
                else if (confidence > matches[at].Confidence)
                {
                    matches[at] = new Match(phrasing.Topic, confidence, coverage, phrasingCoverage, Math.Max(hit.Score, matches[at].Bm25), phrasing.Text);
                }
            }

            SortByConfidence(matches);
        }

        return new RetrievalResult(matches, query.Count, unknown, outOfScope) { Question = kept, Terms = query };
    }

    /// <summary>
    /// The best phrasing of <paramref name="topic"/> for the question a search was made for: the confidence of a topic
    /// the search did not rank (the desk a message names, the previous answer, the desks overview), or null when the
    /// question had no indexed word.
    /// </summary>
    public static Match? ConfidenceOf(KnowledgeIndex index, RetrievalResult result, Topic topic, string language)
    {
        if (result.Question is not { } kept)
        {
            return null;
        }

        var question = new QueryTerms(kept.Set, kept.Pairs, kept.Weights, new bool[kept.Weights.Length]);
        Match? best = null;
        foreach (var phrasing in index.PhrasingsOf(topic, language))
        {
            var (confidence, coverage, phrasingCoverage) = Confidence(question, phrasing);
            if (best is null || confidence > best.Confidence)
            {
                best = new Match(topic, confidence, coverage, phrasingCoverage, 0, phrasing.Text);
            }
        }

        return best;
    }

    /// <summary>
    /// A question word's weight: its idf, or its best-known synonym's when the word itself is not indexed. A word the
    /// knowledge does not know at all weighs as a rare word times <paramref name="unknownWordWeight"/>: it makes an
    /// answer less certain without drowning the words that did match.
    /// </summary>
    private static double PositionWeight(IndexedTerm?[] position, double unknownWordWeight, double unknownIdf)
    {
        if (position[0] is { } own)
        {
            return own.Idf;
        }

        double? min = null;
        foreach (var term in position)
        {
            if (term is not null && (min is null || term.Idf < min))
            {
                min = term.Idf;
            }
        }

        return min ?? unknownWordWeight * unknownIdf;
    }

    /// <summary>The question's side of the confidence, kept with a search result (immutable once built).</summary>
    internal sealed record QuestionTerms(ulong[] Set, List<(int Id, int Position)> Pairs, double[] Weights);

    /// <summary>The question's side of the confidence, built once per search.</summary>
    /// <param name="set">The ids of the question's indexed terms, as a bit set.</param>
    /// <param name="pairs">Each indexed term of the question with its position (a term may stand at several).</param>
    /// <param name="weights">The weight of each position.</param>
    /// <param name="matched">Scratch: which positions the phrasing matches.</param>
    private readonly ref struct QueryTerms(Span<ulong> set, List<(int Id, int Position)> pairs, double[] weights, Span<bool> matched)
    {
        public readonly ReadOnlySpan<ulong> Set = set;
        public readonly List<(int Id, int Position)> Pairs = pairs;
        public readonly double[] Weights = weights;
        public readonly Span<bool> Matched = matched;

        public bool Contains(int id) => (Set[id >> 6] & (1UL << (id & 63))) != 0;
    }

    /// <summary>
    /// Question coverage (the weight of the question's positions that have a term in the phrasing) and phrasing
    /// coverage (the idf of the phrasing's positions that have a term in the question), combined like F1.
    /// </summary>
    private static (double Confidence, double QueryCoverage, double PhrasingCoverage) Confidence(QueryTerms query, Phrasing phrasing)
    {
        // One pass over the phrasing's terms finds both: its positions that the question holds, and through the
        // shared terms, the question's positions that the phrasing holds.
        query.Matched.Clear();
        double docMatched = 0, docTotal = 0;
        for (var j = 0; j < phrasing.TermIds.Length; j++)
        {
            var weight = phrasing.PositionIdf[j];
            docTotal += weight;
            var shared = false;
            foreach (var id in phrasing.TermIds[j])
            {
                if (query.Contains(id))
                {
                    shared = true;
                    foreach (var (queryId, position) in query.Pairs)
                    {
                        if (queryId == id)
                        {
                            query.Matched[position] = true;
                        }
                    }
                }
            }

            if (shared)
            {
                docMatched += weight;
            }
        }

        double matched = 0, total = 0;
        for (var i = 0; i < query.Weights.Length; i++)
        {
            total += query.Weights[i];
            if (query.Matched[i])
            {
                matched += query.Weights[i];
            }
        }

        var queryCoverage = total > 0 ? matched / total : 0;
        var phrasingCoverage = docTotal > 0 ? docMatched / docTotal : 0;
        var f1 = queryCoverage + phrasingCoverage > 0 ? 2 * queryCoverage * phrasingCoverage / (queryCoverage + phrasingCoverage) : 0;
        return (f1, queryCoverage, phrasingCoverage);
    }

    private static int IndexOf(List<Match> matches, string topicId)
    {
        for (var i = 0; i < matches.Count; i++)
        {
            if (string.Equals(matches[i].Topic.Id, topicId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Most confident first, then the higher BM25; a stable sort (ties keep the order of the first hits).</summary>
    private static void SortByConfidence(List<Match> matches)
    {
        for (var i = 1; i < matches.Count; i++)
        {
            var match = matches[i];
            var j = i - 1;
            while (j >= 0 && Before(match, matches[j]))
            {
                matches[j + 1] = matches[j];
                j--;
            }

            matches[j + 1] = match;
        }

        static bool Before(Match a, Match b) => a.Confidence > b.Confidence || (a.Confidence == b.Confidence && a.Bm25 > b.Bm25);
    }
}
