using IndBot.Knowledge;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace IndBot.Answers.Analysis;

/// <summary>
/// The analysis pipelines of one language (<see cref="EnglishQuestionAnalyzer"/>, <see cref="DutchQuestionAnalyzer"/>),
/// built from the word lists and synonyms in <c>knowledge/</c>: tokenizer → lower-case → (synonyms, query side only) →
/// stop words → ASCII folding → stem overrides → (Dutch: compound parts) → stemmer. The same pipeline indexes and queries, except that synonyms are expanded
/// at query time only, so staff can edit them without changing what is indexed.
/// </summary>
public sealed class LanguageAnalysis : IDisposable
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private LanguageAnalysis(string language, CharArraySet stopWords, StemmerOverrideFilter.StemmerOverrideMap? overrides,
        CharArraySet? compoundParts, SynonymMap? synonyms, ISet<string> synonymWords, ISet<string> commonWords)
    {
        Language = language;
        StopWords = stopWords;
        SynonymWords = synonymWords;
        CommonWords = commonWords;
        IndexAnalyzer = ForLanguage(language, stopWords, overrides, compoundParts, synonyms: null);
        QueryAnalyzer = ForLanguage(language, stopWords, overrides, compoundParts, synonyms);
    }

    public string Language { get; }

    /// <summary>Analyses phrasings for the index (no synonyms).</summary>
    public Analyzer IndexAnalyzer { get; }

    /// <summary>Analyses user questions (with synonyms).</summary>
    public Analyzer QueryAnalyzer { get; }

    public CharArraySet StopWords { get; }

    /// <summary>Every word that appears in a synonym rule: known words, never typo-corrected.</summary>
    public ISet<string> SynonymWords { get; }

    /// <summary>
    /// Everyday words of the language that the knowledge does not hold ("went", "last", "zoon"): real words, never
    /// typo-corrected into a knowledge word ("last" is not "lost"). Plain form (lower case, folded), from
    /// <c>analysis/common-words.&lt;language&gt;.txt</c>.
    /// </summary>
    public ISet<string> CommonWords { get; }

    /// <summary>Lower-case and fold only: the field used for typo tolerance and for recognising known words.</summary>
    public static Analyzer PlainAnalyzer { get; } = new PlainWordAnalyzer();

    /// <summary>Builds the pipelines of <paramref name="language"/>; problems in the word lists or synonyms are added to <paramref name="problems"/>.</summary>
    public static LanguageAnalysis Create(KnowledgeBase knowledge, string language, List<KnowledgeProblem> problems)
    {
        var stopWords = new CharArraySet(Version, 64, ignoreCase: true);
        foreach (var (_, word) in knowledge.Words("stopwords", language)?.Lines ?? [])
        {
            stopWords.Add(word.ToLowerInvariant());
        }

        StemmerOverrideFilter.StemmerOverrideMap? overrides = null;
        if (knowledge.Words("stem-overrides", language) is { } overrideList)
        {
            var builder = new StemmerOverrideFilter.Builder(ignoreCase: true);
            foreach (var (line, text) in overrideList.Lines)
            {
                var parts = text.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length != 2)
                {
                    problems.Add(new KnowledgeProblem(overrideList.Path, line, "a stem override is 'word<TAB>stem'"));
                    continue;
                }

                builder.Add(parts[0].ToLowerInvariant(), parts[1].ToLowerInvariant());
            }

            overrides = builder.Build();
        }

        CharArraySet? compoundParts = null;
        if (knowledge.Words("compound-parts", language) is { } compoundList)
        {
            compoundParts = new CharArraySet(Version, compoundList.Lines.Select(l => l.Text.ToLowerInvariant()).ToList(), ignoreCase: true);
        }

        var commonWords = new HashSet<string>(StringComparer.Ordinal);
        if (knowledge.Words("common-words", language) is { } commonList)
        {
            foreach (var (line, text) in commonList.Lines)
            {
                var plain = Tokens(PlainAnalyzer, "plain", text);
                if (plain.Count != 1 || !plain[0].Token.All(char.IsLetter))
                {
                    problems.Add(new KnowledgeProblem(commonList.Path, line, "a common word is one word of letters"));
                    continue;
                }

                commonWords.Add(plain[0].Token);
            }
        }

        var (synonyms, synonymWords) = ParseSynonyms(knowledge.Synonyms.FirstOrDefault(s => s.Language == language), problems);
        return new LanguageAnalysis(language, stopWords, overrides, compoundParts, synonyms, synonymWords, commonWords);
    }

    private static readonly Analyzer SynonymRules = new SynonymRuleAnalyzer();

    /// <summary>Parses Solr-format synonyms with Lucene's own parser; a bad line is reported with its number.</summary>
    private static (SynonymMap?, ISet<string>) ParseSynonyms(SynonymFile? file, List<KnowledgeProblem> problems)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        if (file is null)
        {
            return (null, words);
        }

        var lines = file.Text.Split('\n');
        var good = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var problem = RuleProblem(line);
            if (problem is null)
            {
                try
                {
                    var single = new SolrSynonymParser(dedup: true, expand: true, SynonymRules);
                    single.Parse(new StringReader(line));
                    single.Build();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    problem = e.Message.Split('\n')[0];
                }
            }

            if (problem is not null)
            {
                problems.Add(new KnowledgeProblem(file.Path, i + 1, $"cannot parse the synonym rule '{line}': {problem}"));
                continue;
            }

            good.Add(line);
            foreach (var word in line.Split([',', ' ', '=', '>'], StringSplitOptions.RemoveEmptyEntries))
            {
                words.Add(Fold(word.ToLowerInvariant()));
            }
        }

        var parser = new SolrSynonymParser(dedup: true, expand: true, SynonymRules);
        parser.Parse(new StringReader(string.Join('\n', good)));
        return (parser.Build(), words);
    }

    /// <summary>Checks the shape Solr's format requires, which its parser accepts too quietly in some cases.</summary>
    private static string? RuleProblem(string line)
    {
        var arrows = line.Split("=>");
        if (arrows.Length > 2)
        {
            return "more than one '=>'";
        }

        foreach (var side in arrows)
        {
            if (side.Split(',').Any(s => s.Trim().Length == 0))
            {
                return "an empty word between commas or around '=>'";
            }
        }

        return arrows.Length == 1 && line.Split(',').Length < 2 ? "a rule needs at least two words separated by commas, or '=>'" : null;
    }

    internal static string Fold(string word)
    {
        if (word.All(c => c < 128))
        {
            return word;
        }

        var chars = word.ToCharArray();
        var output = new char[chars.Length * 4];
        var length = ASCIIFoldingFilter.FoldToASCII(chars, 0, output, 0, chars.Length);
        return new string(output, 0, length);
    }

    private static Analyzer ForLanguage(string language, CharArraySet stopWords, StemmerOverrideFilter.StemmerOverrideMap? overrides,
        CharArraySet? compoundParts, SynonymMap? synonyms) =>
        language == Languages.Dutch
            ? new DutchQuestionAnalyzer(stopWords, overrides, compoundParts, synonyms)
            : new EnglishQuestionAnalyzer(stopWords, overrides, synonyms);

    /// <summary>The analysed tokens of a phrasing, one group per position (compound parts share their word's position).</summary>
    public static List<List<string>> Positions(Analyzer analyzer, string field, string text) => Group(Tokens(analyzer, field, text));

    private static List<List<string>> Group(List<(string Token, int Start, int Increment)> tokens)
    {
        var positions = new List<List<string>>();
        foreach (var (token, _, increment) in tokens)
        {
            if (increment > 0 || positions.Count == 0)
            {
                positions.Add([token]);
            }
            else if (!positions[^1].Contains(token))
            {
                positions[^1].Add(token);
            }
        }

        return positions;
    }

    /// <summary>
    /// The analysed tokens of a question, one group per word the user typed: every token the synonyms add (all words of
    /// a multi-word synonym too) joins the group of the typed word it starts at or after, so synonyms widen a word's
    /// match without adding words to the question.
    /// </summary>
    public List<List<string>> QueryPositions(string field, string text)
    {
        var ownTokens = Tokens(IndexAnalyzer, field, text);
        var typed = new List<int>(ownTokens.Count);
        foreach (var token in ownTokens)
        {
            if (token.Increment > 0)
            {
                typed.Add(token.Start);
            }
        }

        var groups = new List<List<string>>(typed.Count);
        for (var i = 0; i < typed.Count; i++)
        {
            groups.Add([]);
        }

        if (groups.Count == 0)
        {
            return groups;
        }

        // A token at a new position is the typed word only the first time its offset appears; the later words of a
        // multi-word synonym ("fingerprints" → "biometric information") also start at a new position and are dropped,
        // or "information" would make "contact information" look like an answer about fingerprints.
        var opened = new bool[groups.Count];
        var current = -1;
        foreach (var (token, start, increment) in Tokens(QueryAnalyzer, field, text))
        {
            if (increment > 0)
            {
                var index = typed.IndexOf(start);
                if (index < 0 || opened[index])
                {
                    current = -1;
                    continue;
                }

                opened[index] = true;
                current = index;
            }

            if (current >= 0 && !groups[current].Contains(token))
            {
                groups[current].Add(token);
            }
        }

        // The typed word's own analysed form comes first: its weight is the group's weight.
        var own = Group(ownTokens);
        for (var i = 0; i < groups.Count && i < own.Count; i++)
        {
            var first = own[i][0];
            groups[i].Remove(first);
            groups[i].Insert(0, first);
            for (var j = 1; j < own[i].Count; j++)
            {
                if (!groups[i].Contains(own[i][j]))
                {
                    groups[i].Add(own[i][j]);
                }
            }
        }

        groups.RemoveAll(g => g.Count == 0);
        return groups;
    }

    private static List<(string Token, int Start, int Increment)> Tokens(Analyzer analyzer, string field, string text)
    {
        var tokens = new List<(string, int, int)>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add((term.ToString(), offset.StartOffset, increment.PositionIncrement));
        }

        stream.End();
        return tokens;
    }

    public void Dispose()
    {
        IndexAnalyzer.Dispose();
        QueryAnalyzer.Dispose();
    }
}
