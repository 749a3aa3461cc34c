using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Compound;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace IndBot.Answers.Analysis;

/// <summary>
/// Dutch phrasings and questions: tokenizer → lower case → (synonyms) → stop words → ASCII folding → stem overrides →
/// compound parts → Kp. Without synonyms it analyses phrasings for the index, with them the user's questions.
/// </summary>
public sealed class DutchQuestionAnalyzer(
    CharArraySet stopWords, StemmerOverrideFilter.StemmerOverrideMap? overrides, CharArraySet? compoundParts, SynonymMap? synonyms)
    : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(LanguageAnalysis.Version, reader);
        TokenStream stream = new LowerCaseFilter(LanguageAnalysis.Version, tokenizer);
        if (synonyms is not null)
        {
            // Before stop words and stemming: the rules are written in plain words.
            stream = new SynonymFilter(stream, synonyms, ignoreCase: true);
        }

        stream = new StopFilter(LanguageAnalysis.Version, stream, stopWords);
        stream = new ASCIIFoldingFilter(stream);
        if (overrides is not null)
        {
            stream = new StemmerOverrideFilter(stream, overrides);
        }

        if (compoundParts is not null)
        {
            // "verblijfsvergunning" also yields "vergunning", stacked at the same position.
            stream = new DictionaryCompoundWordTokenFilter(LanguageAnalysis.Version, stream, compoundParts, minWordSize: 8, minSubwordSize: 3, maxSubwordSize: 15, onlyLongestMatch: true);
        }

        // Kp keeps balie/balies and aanvraag/aanvragen together, unlike the Snowball Dutch stemmer.
        stream = new SnowballFilter(stream, new KpStemmer());
        return new TokenStreamComponents(tokenizer, stream);
    }
}
