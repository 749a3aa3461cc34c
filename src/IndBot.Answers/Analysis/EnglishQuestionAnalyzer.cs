using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.Util;

namespace IndBot.Answers.Analysis;

/// <summary>
/// English phrasings and questions: tokenizer → lower case → possessive → (synonyms) → stop words → ASCII folding →
/// stem overrides → KStem. Without synonyms it analyses phrasings for the index, with them the user's questions.
/// </summary>
public sealed class EnglishQuestionAnalyzer(CharArraySet stopWords, StemmerOverrideFilter.StemmerOverrideMap? overrides, SynonymMap? synonyms)
    : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(LanguageAnalysis.Version, reader);
        TokenStream stream = new LowerCaseFilter(LanguageAnalysis.Version, tokenizer);
        stream = new EnglishPossessiveFilter(LanguageAnalysis.Version, stream);
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

        // KStem is gentle: applications → application, applying → apply.
        stream = new KStemFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }
}
