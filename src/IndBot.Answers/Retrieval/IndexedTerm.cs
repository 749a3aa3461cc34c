using Lucene.Net.Index;
using Lucene.Net.Search;

namespace IndBot.Answers.Retrieval;

/// <summary>
/// A term of a language's question field as the index holds it, prepared once when the index is built: its BM25 idf
/// for the confidence, and ready-made term queries that carry the term's state in the (single) segment, so a search
/// does not look the term up in the term dictionary again (<see cref="TermContext"/>). Shared by all threads and
/// searches: Lucene only reads a term query and its term context while searching (it sets the context's doc freq to
/// the same value), and a prepared query keeps its weight per <see cref="PreparedTermQuery"/>.
/// </summary>
internal sealed class IndexedTerm
{
    public IndexedTerm(int id, Term term, TermContext context, double idf, IndexSearcher searcher)
    {
        Id = id;
        Text = term.Text;
        Idf = idf;
        Query = new PreparedTermQuery(term, context, 1f, searcher);
        SynonymQuery = new PreparedTermQuery(term, context, Retriever.SynonymBoost, searcher);
    }

    /// <summary>The term's number in its field, 0 to the number of terms − 1 (in index order).</summary>
    public int Id { get; }

    public string Text { get; }

    /// <summary>BM25's idf of the term in its question field.</summary>
    public double Idf { get; }

    /// <summary>The query for the word the user typed (boost 1).</summary>
    public TermQuery Query { get; }

    /// <summary>The query for a synonym or compound part of the typed word.</summary>
    public TermQuery SynonymQuery { get; }
}
