using IndBot.Answers.Analysis;
using IndBot.Knowledge;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace IndBot.Answers.Retrieval;

/// <summary>A topic found for a question, with the evidence for it.</summary>
internal sealed record Match(Topic Topic, double Confidence, double QueryCoverage, double Bm25, string Phrasing);

/// <param name="UnknownWords">Words of the question that nothing in the knowledge contains, not even as a synonym.</param>
/// <param name="OutOfScopeWords">Words that only the out-of-scope list contains.</param>
internal sealed record RetrievalResult(IReadOnlyList<Match> Matches, int ContentWords, int UnknownWords = 0, int OutOfScopeWords = 0)
{
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
    private const int HitsToGroup = 60;
    private const float SynonymBoost = 0.8f;

    public static RetrievalResult Search(KnowledgeIndex index, string text, string language, double unknownWordWeight = 1.0)
    {
        var analysis = index.Analysis[language];
        var field = KnowledgeIndex.QuestionField(language);
        var query = analysis.QueryPositions(field, text);
        if (query.Count == 0)
        {
            return new RetrievalResult([], 0);
        }

        var boolean = new BooleanQuery(disableCoord: true);
        var clauses = 0;
        foreach (var position in query)
        {
            for (var i = 0; i < position.Count && clauses < BooleanQuery.MaxClauseCount; i++, clauses++)
            {
                boolean.Add(new TermQuery(new Term(field, position[i])) { Boost = i == 0 ? 1f : SynonymBoost }, Occur.SHOULD);
            }
        }

        var weights = query.Select(p => PositionWeight(index, language, p, unknownWordWeight)).ToArray();
        var queryTerms = new HashSet<string>(query.SelectMany(p => p), StringComparer.Ordinal);
        var best = new Dictionary<string, Match>(StringComparer.Ordinal);
        // In-order scoring (BooleanScorer2): the out-of-order BooleanScorer allocates a 2,048-bucket table per query.
        var collector = TopScoreDocCollector.Create(HitsToGroup, docsScoredInOrder: true);
        index.Searcher.Search(boolean, collector);
        foreach (var hit in collector.GetTopDocs().ScoreDocs)
        {
            if (!index.IsPhrasing(hit.Doc))
            {
                continue;
            }

            var phrasing = index.PhrasingAt(hit.Doc);
            var (confidence, coverage) = Confidence(index, language, query, weights, queryTerms, phrasing);
            if (!best.TryGetValue(phrasing.Topic.Id, out var current) || confidence > current.Confidence)
            {
                best[phrasing.Topic.Id] = new Match(phrasing.Topic, confidence, coverage, Math.Max(hit.Score, current?.Bm25 ?? 0), phrasing.Text);
            }
        }

        var matches = best.Values
            .OrderByDescending(m => m.Confidence)
            .ThenByDescending(m => m.Bm25)
            .ToList();
        var unknown = query.Count(p => !p.Any(t => index.IsIndexed(language, t)));
        var outOfScope = query.Count(p => index.IsOutOfScopeTerm(language, p[0]));
        return new RetrievalResult(matches, query.Count, unknown, outOfScope);
    }

    /// <summary>
    /// A question word's weight: its idf, or its best-known synonym's when the word itself is not indexed. A word the
    /// knowledge does not know at all weighs as a rare word times <paramref name="unknownWordWeight"/>: it makes an
    /// answer less certain without drowning the words that did match.
    /// </summary>
    private static double PositionWeight(KnowledgeIndex index, string language, List<string> position, double unknownWordWeight)
    {
        if (index.IsIndexed(language, position[0]))
        {
            return index.Idf(language, position[0]);
        }

        var known = position.Where(t => index.IsIndexed(language, t)).ToList();
        return known.Count > 0 ? known.Min(t => index.Idf(language, t)) : unknownWordWeight * index.Idf(language, position[0]);
    }

    private static (double Confidence, double QueryCoverage) Confidence(KnowledgeIndex index, string language,
        List<List<string>> query, double[] weights, HashSet<string> queryTerms, Phrasing phrasing)
    {
        double matched = 0, total = 0;
        for (var i = 0; i < query.Count; i++)
        {
            total += weights[i];
            foreach (var term in query[i])
            {
                if (Contains(phrasing.Positions, term))
                {
                    matched += weights[i];
                    break;
                }
            }
        }

        double docMatched = 0, docTotal = 0;
        foreach (var position in phrasing.Positions)
        {
            var weight = index.Idf(language, position[0]);
            docTotal += weight;
            if (position.Any(queryTerms.Contains))
            {
                docMatched += weight;
            }
        }

        var queryCoverage = total > 0 ? matched / total : 0;
        var phrasingCoverage = docTotal > 0 ? docMatched / docTotal : 0;
        var f1 = queryCoverage + phrasingCoverage > 0 ? 2 * queryCoverage * phrasingCoverage / (queryCoverage + phrasingCoverage) : 0;
        return (f1, queryCoverage);
    }

    private static bool Contains(string[][] positions, string term)
    {
        foreach (var position in positions)
        {
            foreach (var t in position)
            {
                if (t == term)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
