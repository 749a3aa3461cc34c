using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;

namespace IndBot.Answers.Analysis;

/// <summary>Tokenizer → lower case: how <c>SolrSynonymParser</c> reads the words of a synonym rule.</summary>
internal sealed class SynonymRuleAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(LanguageAnalysis.Version, reader);
        return new TokenStreamComponents(tokenizer, new LowerCaseFilter(LanguageAnalysis.Version, tokenizer));
    }
}
