using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace IndBot.Answers.Retrieval;

/// <summary>
/// A <see cref="TermQuery"/> made once per indexed term and boost, for the read-only index's own searcher. It carries
/// the term's state in the segment (no term dictionary lookup per search), and it computes its BM25 weight (idf,
/// length-normalisation table) the first time it is searched and keeps it: Lucene's own <c>TermWeight</c>, normalised
/// the way <see cref="IndexSearcher.CreateNormalizedWeight"/> always does for this index (query norm 1 under BM25,
/// top-level boost 1), and never changed afterwards. Each search wraps it in a <see cref="SharedWeight"/>, which falls
/// back to a fresh weight in any other case (another searcher, another boost, another normalisation), so the scores
/// are exactly those of a plain <see cref="TermQuery"/>.
/// </summary>
internal sealed class PreparedTermQuery : TermQuery
{
    private readonly IndexSearcher _searcher;
    private readonly float _boost;
    private Weight? _weight;

    public PreparedTermQuery(Term term, TermContext context, float boost, IndexSearcher searcher)
        : base(term, context)
    {
        Boost = boost;
        _boost = boost;
        _searcher = searcher;
    }

    public override Weight CreateWeight(IndexSearcher searcher)
    {
        // A copy (Clone) with another boost, or another searcher: Lucene's usual way.
        if (!ReferenceEquals(searcher, _searcher) || Boost != _boost)
        {
            return base.CreateWeight(searcher);
        }

        var prepared = Volatile.Read(ref _weight);
        if (prepared is null)
        {
            prepared = base.CreateWeight(searcher);
            prepared.Normalize(SharedWeight.QueryNorm, SharedWeight.TopLevelBoost);
            prepared = Interlocked.CompareExchange(ref _weight, prepared, null) ?? prepared;
        }

        return new SharedWeight(this, prepared, searcher);
    }

    private Weight CreateFreshWeight(IndexSearcher searcher) => base.CreateWeight(searcher);

    /// <summary>One search's use of the prepared weight; only reads it.</summary>
    private sealed class SharedWeight(PreparedTermQuery query, Weight prepared, IndexSearcher searcher) : Weight
    {
        internal const float QueryNorm = 1f;
        internal const float TopLevelBoost = 1f;

        private Weight? _own;

        private Weight Current => _own ?? prepared;

        public override Query Query => query;

        public override float GetValueForNormalization() => Current.GetValueForNormalization();

        public override void Normalize(float queryNorm, float topLevelBoost)
        {
            if (_own is null && queryNorm == QueryNorm && topLevelBoost == TopLevelBoost)
            {
                return;
            }

            // Not the normalisation the prepared weight has: a weight of this search's own, as TermQuery would make.
            _own ??= query.CreateFreshWeight(searcher);
            _own.Normalize(queryNorm, topLevelBoost);
        }

        public override Scorer GetScorer(AtomicReaderContext context, IBits acceptDocs) => Current.GetScorer(context, acceptDocs);

        public override Explanation Explain(AtomicReaderContext context, int doc) => Current.Explain(context, doc);
    }
}
