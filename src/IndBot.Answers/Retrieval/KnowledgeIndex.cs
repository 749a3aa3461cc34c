using System.Collections.Frozen;
using IndBot.Answers.Analysis;
using IndBot.Knowledge;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace IndBot.Answers.Retrieval;

/// <summary>One indexed phrasing: which topic it belongs to and its analysed positions, for the confidence.</summary>
internal sealed record Phrasing(Topic Topic, string Language, string Text, string[][] Positions)
{
    /// <summary>The <see cref="IndexedTerm.Id"/>s of each position's terms (parallel to <see cref="Positions"/>).</summary>
    public int[][] TermIds { get; init; } = [];

    /// <summary>The idf of each position's first term.</summary>
    public double[] PositionIdf { get; init; } = [];
}

/// <summary>
/// An in-memory Lucene index over every phrasing of every topic, one document per phrasing and a field per language,
/// scored with BM25 on writer and searcher. Immutable once built: a knowledge reload builds a new one and swaps it in.
/// </summary>
public sealed class KnowledgeIndex : IDisposable
{
    internal const string IdField = "id";
    internal const string PlainField = "plain";
    internal static string QuestionField(string language) => "q_" + language;

    // Short, homogeneous fields: little length normalisation (see faq-retrieval-notes B.2).
    private static readonly BM25Similarity Similarity = new(k1: 1.2f, b: 0.3f);

    private readonly RAMDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly Phrasing[] _phrasings;
    private readonly Dictionary<(string Topic, string Language), Phrasing[]> _byTopic;
    // Per language: every term of its question field, with its term state and idf (the vocabulary is small).
    private readonly Dictionary<string, FrozenDictionary<string, IndexedTerm>> _terms;
    private readonly Dictionary<string, double> _unknownIdf;
    private readonly HashSet<string> _plainVocabulary;
    // Typo correction candidates: plain terms of 3+ letters by first letter, in index (ordinal) order, with doc freq.
    private readonly Dictionary<string, Dictionary<char, (string Term, int Freq)[]>> _correctionCandidates;
    private readonly Dictionary<string, HashSet<string>> _outOfScopeOnly;
    private readonly HashSet<string> _inScopeWords;

    private KnowledgeIndex(KnowledgeBase knowledge, IReadOnlyDictionary<string, LanguageAnalysis> analysis)
    {
        Knowledge = knowledge;
        Analysis = analysis;
        _directory = new RAMDirectory();
        var written = WriteDocuments(_directory, knowledge, analysis);
        _reader = OpenSingleSegment(_directory, written.Count + 1);
        Searcher = new IndexSearcher(_reader) { Similarity = Similarity };
        (_terms, _unknownIdf) = ReadTerms(_reader, Searcher);
        _phrasings = written.Select(p => WithTermIds(p, _terms[p.Language])).ToArray();
        _byTopic = _phrasings.GroupBy(p => (p.Topic.Id, p.Language)).ToDictionary(g => g.Key, g => g.ToArray());
        _outOfScopeOnly = OutOfScopeOnlyTerms(_phrasings);
        _inScopeWords = InScopeWords(_phrasings, analysis);
        _plainVocabulary = PlainVocabulary(_reader);
        _correctionCandidates = CorrectionCandidates(knowledge, analysis, _phrasings, _plainVocabulary);
    }

    /// <summary>
    /// Writes one document per phrasing (its id, its language's question field and the plain field), and one more
    /// with the words of the synonym rules and the desk names, in one segment. Returns the phrasings in document order.
    /// </summary>
    private static List<Phrasing> WriteDocuments(RAMDirectory directory, KnowledgeBase knowledge, IReadOnlyDictionary<string, LanguageAnalysis> analysis)
    {
        var perField = new PerFieldAnalyzerWrapper(
            LanguageAnalysis.PlainAnalyzer,
            analysis.ToDictionary(a => QuestionField(a.Key), a => a.Value.IndexAnalyzer));
        var phrasings = new List<Phrasing>();
        var config = new IndexWriterConfig(LanguageAnalysis.Version, perField)
        {
            Similarity = Similarity,
            OpenMode = OpenMode.CREATE,
        };
        using var writer = new IndexWriter(directory, config);
        foreach (var topic in knowledge.Topics)
        {
            foreach (var language in Languages.All)
            {
                foreach (var text in PhrasingsOf(knowledge, topic, language))
                {
                    var positions = LanguageAnalysis.Positions(analysis[language].IndexAnalyzer, QuestionField(language), text)
                        .Select(p => p.ToArray()).ToArray();
                    if (positions.Length == 0)
                    {
                        continue;
                    }

                    var document = new Document
                    {
                        new StringField(IdField, topic.Id, Field.Store.NO),
                        new TextField(QuestionField(language), text, Field.Store.NO),
                        new TextField(PlainField, text, Field.Store.NO),
                    };
                    writer.AddDocument(document);
                    phrasings.Add(new Phrasing(topic, language, text, positions));
                }
            }
        }

        // Words that only appear in synonym rules are known words too: typo correction may lead to them.
        var vocabulary = string.Join(' ', analysis.Values.SelectMany(a => a.SynonymWords).Concat(knowledge.Desks.SelectMany(d => d.Names)));
        writer.AddDocument([new TextField(PlainField, vocabulary, Field.Store.NO)]);
        writer.ForceMerge(1);
        writer.Commit();
        return phrasings;
    }

    /// <summary>
    /// Opens the written index. It is one segment (ForceMerge(1), and it never changes): the term states read from it
    /// stay valid for the life of this reader and searcher. A reload builds a new index with its own.
    /// </summary>
    private static DirectoryReader OpenSingleSegment(RAMDirectory directory, int expectedDocuments)
    {
        var reader = DirectoryReader.Open(directory);
        if (reader.MaxDoc != expectedDocuments)
        {
            throw new InvalidOperationException("The index does not hold one document per phrasing.");
        }

        if (reader.Leaves.Count != 1)
        {
            throw new InvalidOperationException("The index is not a single segment.");
        }

        return reader;
    }

    /// <summary>Per language: every term of its question field with its term state and idf, and the idf of a term it lacks.</summary>
    private static (Dictionary<string, FrozenDictionary<string, IndexedTerm>> Terms, Dictionary<string, double> UnknownIdf) ReadTerms(
        DirectoryReader reader, IndexSearcher searcher)
    {
        var leaf = reader.Leaves[0];
        var byLanguage = new Dictionary<string, FrozenDictionary<string, IndexedTerm>>();
        var unknownIdf = new Dictionary<string, double>();
        foreach (var language in Languages.All)
        {
            var field = QuestionField(language);
            var n = Math.Max(1, reader.GetDocCount(field));
            var terms = new Dictionary<string, IndexedTerm>(StringComparer.Ordinal);
            var termsEnum = leaf.AtomicReader.GetTerms(field)?.GetEnumerator();
            while (termsEnum is not null && termsEnum.MoveNext())
            {
                var term = new Term(field, BytesRef.DeepCopyOf(termsEnum.Term));
                var docFreq = termsEnum.DocFreq;
                // What TermContext.Build would find for this term: its state in the one segment.
                var context = new TermContext(searcher.TopReaderContext, termsEnum.GetTermState(), leaf.Ord, docFreq, termsEnum.TotalTermFreq);
                terms[term.Text] = new IndexedTerm(terms.Count, term, context, Idf(n, docFreq), searcher);
            }

            byLanguage[language] = terms.ToFrozenDictionary(StringComparer.Ordinal);
            unknownIdf[language] = Idf(n, 0);
        }

        return (byLanguage, unknownIdf);
    }

    /// <summary>The phrasing with the ids of its positions' terms and the idf of each position's first term.</summary>
    private static Phrasing WithTermIds(Phrasing phrasing, FrozenDictionary<string, IndexedTerm> terms)
    {
        // The index analysed the same text with the same analyzer, so each of these terms is in the field.
        IndexedTerm Find(string term) => terms.TryGetValue(term, out var t) ? t
            : throw new InvalidOperationException($"The term '{term}' of '{phrasing.Text}' is not in the index.");
        return phrasing with
        {
            TermIds = phrasing.Positions.Select(position => position.Select(t => Find(t).Id).ToArray()).ToArray(),
            PositionIdf = phrasing.Positions.Select(position => Find(position[0]).Idf).ToArray(),
        };
    }

    /// <summary>Per language, the analysed terms that only the out-of-scope list holds.</summary>
    private static Dictionary<string, HashSet<string>> OutOfScopeOnlyTerms(Phrasing[] phrasings) =>
        Languages.All.ToDictionary(l => l, l =>
        {
            var inScope = phrasings.Where(p => p.Language == l && p.Topic.Kind != TopicKind.OutOfScope).SelectMany(p => p.Positions.SelectMany(x => x)).ToHashSet(StringComparer.Ordinal);
            return phrasings.Where(p => p.Language == l && p.Topic.Kind == TopicKind.OutOfScope).SelectMany(p => p.Positions.SelectMany(x => x))
                .Where(t => !inScope.Contains(t)).ToHashSet(StringComparer.Ordinal);
        });

    /// <summary>The plain words of in-scope phrasings and of the synonym rules.</summary>
    private static HashSet<string> InScopeWords(Phrasing[] phrasings, IReadOnlyDictionary<string, LanguageAnalysis> analysis) =>
        phrasings.Where(p => p.Topic.Kind != TopicKind.OutOfScope)
            .SelectMany(p => Text.UserText.Words(p.Text))
            .Concat(analysis.Values.SelectMany(a => a.SynonymWords).SelectMany(Text.UserText.Words))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Every term of the plain field.</summary>
    private static HashSet<string> PlainVocabulary(DirectoryReader reader)
    {
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        var plain = MultiFields.GetTerms(reader, PlainField)?.GetEnumerator();
        while (plain is not null && plain.MoveNext())
        {
            vocabulary.Add(plain.Term.Utf8ToString());
        }

        return vocabulary;
    }

    /// <summary>
    /// Typo corrections look in the message's own language first ("biometrcs" is "biometrics", not "biometrie"):
    /// per language, the known words of 3+ letters of its phrasings and synonyms (and the desk names) by first letter,
    /// in ordinal order, with the number of phrasings that hold each.
    /// </summary>
    private static Dictionary<string, Dictionary<char, (string Term, int Freq)[]>> CorrectionCandidates(
        KnowledgeBase knowledge, IReadOnlyDictionary<string, LanguageAnalysis> analysis, Phrasing[] phrasings, HashSet<string> plainVocabulary) =>
        Languages.All.ToDictionary(language => language, language =>
        {
            var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
            var texts = phrasings.Where(p => p.Language == language).Select(p => p.Text)
                .Concat(analysis[language].SynonymWords).Concat(knowledge.Desks.SelectMany(d => d.Names));
            foreach (var text in texts)
            {
                foreach (var word in Text.UserText.Words(text).Distinct())
                {
                    frequency[word] = frequency.GetValueOrDefault(word) + 1;
                }
            }

            return frequency.Where(kv => kv.Key.Length >= 3 && plainVocabulary.Contains(kv.Key))
                .GroupBy(kv => kv.Key[0])
                .ToDictionary(g => g.Key, g => g.Select(kv => (kv.Key, kv.Value)).OrderBy(c => c.Key, StringComparer.Ordinal).ToArray());
        });

    public KnowledgeBase Knowledge { get; }

    public IReadOnlyDictionary<string, LanguageAnalysis> Analysis { get; }

    /// <summary>Shared by all threads: IndexSearcher is thread-safe.</summary>
    internal IndexSearcher Searcher { get; }

    internal IndexReader Reader => _reader;

    internal int PhrasingCount => _phrasings.Length;

    /// <summary>Builds the index; problems in the analysis files are returned and no index is built when there are any.</summary>
    public static (KnowledgeIndex? Index, IReadOnlyList<KnowledgeProblem> Problems) TryBuild(KnowledgeBase knowledge)
    {
        var problems = new List<KnowledgeProblem>();
        var analysis = Languages.All.ToDictionary(l => l, l => LanguageAnalysis.Create(knowledge, l, problems));
        if (problems.Count > 0)
        {
            foreach (var a in analysis.Values)
            {
                a.Dispose();
            }

            return (null, problems);
        }

        return (new KnowledgeIndex(knowledge, analysis), problems);
    }

    public static KnowledgeIndex Build(KnowledgeBase knowledge)
    {
        var (index, problems) = TryBuild(knowledge);
        return index ?? throw new KnowledgeException(problems);
    }

    internal Phrasing PhrasingAt(int doc) => _phrasings[doc];

    /// <summary>Every indexed phrasing of a topic in a language (its terms are that language's field's).</summary>
    internal IReadOnlyList<Phrasing> PhrasingsOf(Topic topic, string language) =>
        _byTopic.TryGetValue((topic.Id, language), out var list) ? list : [];

    internal bool IsPhrasing(int doc) => doc < _phrasings.Length;

    /// <summary>The terms of a language's question field, by their analysed text.</summary>
    internal FrozenDictionary<string, IndexedTerm> Terms(string language) => _terms[language];

    /// <summary>The idf of a term the language's question field does not hold (unknown terms weigh as much as the rarest).</summary>
    internal double UnknownIdf(string language) => _unknownIdf[language];

    /// <summary>BM25's idf of a term in <paramref name="df"/> of <paramref name="n"/> documents.</summary>
    private static double Idf(int n, int df) => Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));

    /// <summary>Whether an analysed term only occurs in the out-of-scope list ("zoo", "police", "gemeentehuis").</summary>
    internal bool IsOutOfScopeTerm(string language, string term) => _outOfScopeOnly[language].Contains(term);

    /// <summary>Whether a plain word occurs in an in-scope phrasing, a synonym rule or a desk name (not only in the out-of-scope list).</summary>
    internal bool IsInScopeWord(string word) => _inScopeWords.Contains(word);

    /// <summary>Whether a plain (lower-cased, folded) word occurs anywhere in the knowledge or its synonyms.</summary>
    internal bool IsKnownWord(string word) => _plainVocabulary.Contains(word);

    // The vocabulary never changes, and the same unknown words come back ("fingreprints", "zoo").
    private readonly BoundedCache<(string Language, string Word), string?> _corrections = new(8192);

    /// <summary>
    /// The closest known word within 1 edit (2 for words of 8+ letters), same first letter, transpositions counting as
    /// one edit, in <paramref name="language"/>'s words first and then in the other language's; null when none. Same
    /// choice as Lucene's FuzzyTermsEnum (similarity 1 − edits / min(length), ties to the higher frequency, then
    /// ordinal order) without building Levenshtein automata per word: a scan of the vocabulary with a bounded,
    /// allocation-free distance.
    /// </summary>
    internal string? Correct(string word, string language)
    {
        if (word.Length < 4 || !word.All(char.IsLetter))
        {
            return null;
        }

        return _corrections.GetOrAdd((language, word), static (key, index) =>
        {
            foreach (var l in Languages.All.OrderBy(l => l == key.Language ? 0 : 1))
            {
                if (index._correctionCandidates[l].TryGetValue(key.Word[0], out var bucket) && ClosestWord(key.Word, bucket) is { } found)
                {
                    return found;
                }
            }

            return null;
        }, this);
    }

    private static string? ClosestWord(string word, (string Term, int Freq)[] bucket)
    {
        var maxEdits = word.Length >= 8 ? 2 : 1;
        string? best = null;
        var (bestSimilarity, bestFreq) = (float.MinValue, 0);
        foreach (var (term, freq) in bucket)
        {
            if (Math.Abs(term.Length - word.Length) > maxEdits)
            {
                continue;
            }

            var edits = Text.EditDistance.Bounded(word.AsSpan(1), term.AsSpan(1), maxEdits);
            if (edits > maxEdits)
            {
                continue;
            }

            var similarity = 1.0f - ((float)edits / Math.Min(term.Length, word.Length));
            if (similarity > 0 && (similarity > bestSimilarity || (similarity == bestSimilarity && freq > bestFreq)))
            {
                (best, bestSimilarity, bestFreq) = (term, similarity, freq);
            }
        }

        return best;
    }

    /// <summary>The phrasings a topic is found by: its own, plus ones made from a desk's name, city and aliases.</summary>
    private static IEnumerable<string> PhrasingsOf(KnowledgeBase knowledge, Topic topic, string language)
    {
        foreach (var p in topic.Phrasings[language])
        {
            yield return p;
        }

        if (topic is Desk desk)
        {
            foreach (var name in desk.Names.Distinct())
            {
                foreach (var template in knowledge.Reading.DeskTemplates[language])
                {
                    yield return string.Format(System.Globalization.CultureInfo.InvariantCulture, template, name);
                }
            }

            yield return desk.Building;
            yield return desk.Street;
            yield return desk.Name;
        }

        // Other organisations' names belong to the out-of-scope list: "UWV" is a word the knowledge knows, as not the IND's.
        if (topic is OutOfScopeTopic)
        {
            foreach (var word in knowledge.Organisations.SelectMany(o => o.Words))
            {
                yield return word;
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        foreach (var a in Analysis.Values)
        {
            a.Dispose();
        }
    }
}
