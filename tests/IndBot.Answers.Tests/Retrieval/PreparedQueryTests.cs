using IndBot.Answers.Retrieval;
using IndBot.Answers.Tests.Infrastructure;
using IndBot.Knowledge;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace IndBot.Answers.Tests.Retrieval;

/// <summary>
/// The retriever searches with prepared term queries (term state and BM25 weight made once per index) and leaves out
/// terms the index does not hold. These must find exactly what plain Lucene term queries for every question term find:
/// the same documents in the same order with the same scores.
/// </summary>
public sealed class PreparedQueryTests(KnowledgeFixture fixture) : IClassFixture<KnowledgeFixture>
{
    private const int Hits = 60;

    [Fact]
    public void Search_EveryEvalQuestion_SameHitsAsPlainTermQueries()
    {
        var compared = 0;
        foreach (var (language, text) in Questions())
        {
            var positions = Positions(language, text);
            var plain = Top(fixture.Index.Searcher, Plain(language, positions));
            var prepared = Prepared(language, positions);

            // Twice: the first search makes the weights, the second uses the kept ones.
            Assert.Equal(plain, Top(fixture.Index.Searcher, prepared));
            Assert.Equal(plain, Top(fixture.Index.Searcher, prepared));
            compared += plain.Count > 0 ? 1 : 0;
        }

        Assert.True(compared > 100, $"only {compared} questions found anything");
    }

    [Fact]
    public void Search_AnotherSearcher_SameHitsAsPlainTermQueries()
    {
        // A searcher the queries were not prepared for (as after a reload): Lucene's usual weights, same result.
        var other = new IndexSearcher(fixture.Index.Reader) { Similarity = fixture.Index.Searcher.Similarity };
        foreach (var (language, text) in Questions().Take(40))
        {
            var positions = Positions(language, text);
            Assert.Equal(Top(other, Plain(language, positions)), Top(other, Prepared(language, positions)));
        }
    }

    [Fact]
    public void Search_ManyThreadsAtOnce_SameResultsAsOneThread()
    {
        var questions = Questions().Take(120).ToList();
        var expected = questions.Select(q => Describe(Retriever.Search(fixture.Index, q.Text, q.Language))).ToList();
        var actual = new string[questions.Count];

        Parallel.For(0, questions.Count * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var q = questions[i % questions.Count];
            actual[i % questions.Count] = Describe(Retriever.Search(fixture.Index, q.Text, q.Language));
        });

        Assert.Equal(expected, actual);
    }

    private IEnumerable<(string Language, string Text)> Questions()
    {
        var (questions, _) = EvalSet.Load(RepositoryPaths.QuestionSet, fixture.Knowledge);
        return questions.SelectMany(q => Languages.All.Select(l => (l, q.Question.ToLowerInvariant())));
    }

    private List<List<string>> Positions(string language, string text) =>
        fixture.Index.Analysis[language].QueryPositions(KnowledgeIndex.QuestionField(language), text);

    /// <summary>What the retriever searched with before: a term query for every term, known to the index or not.</summary>
    private static BooleanQuery Plain(string language, List<List<string>> positions)
    {
        var boolean = new BooleanQuery(disableCoord: true);
        foreach (var position in positions)
        {
            for (var i = 0; i < position.Count; i++)
            {
                var term = new Term(KnowledgeIndex.QuestionField(language), position[i]);
                boolean.Add(new TermQuery(term) { Boost = i == 0 ? 1f : Retriever.SynonymBoost }, Occur.SHOULD);
            }
        }

        return boolean;
    }

    private BooleanQuery Prepared(string language, List<List<string>> positions)
    {
        var terms = fixture.Index.Terms(language);
        var boolean = new BooleanQuery(disableCoord: true);
        foreach (var position in positions)
        {
            for (var i = 0; i < position.Count; i++)
            {
                if (terms.TryGetValue(position[i], out var term))
                {
                    boolean.Add(i == 0 ? term.Query : term.SynonymQuery, Occur.SHOULD);
                }
            }
        }

        return boolean;
    }

    private static List<(int Doc, float Score)> Top(IndexSearcher searcher, BooleanQuery query)
    {
        var collector = TopScoreDocCollector.Create(Hits, docsScoredInOrder: true);
        searcher.Search(query, collector);
        return collector.GetTopDocs().ScoreDocs.Select(d => (d.Doc, d.Score)).ToList();
    }

    private static string Describe(RetrievalResult result) =>
        $"{result.ContentWords} {result.UnknownWords} {result.OutOfScopeWords}: "
        + string.Join(", ", result.Matches.Select(m => $"{m.Topic.Id} {m.Confidence:R} {m.QueryCoverage:R} {m.Bm25:R}"));
}
