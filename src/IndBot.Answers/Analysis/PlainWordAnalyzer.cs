using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;

namespace IndBot.Answers.Analysis;

/// <summary>Tokenizer → lower case → ASCII folding: the plain field, for typo tolerance and for recognising known words.</summary>
public sealed class PlainWordAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(LanguageAnalysis.Version, reader);
        TokenStream stream = new LowerCaseFilter(LanguageAnalysis.Version, tokenizer);
        stream = new ASCIIFoldingFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }
}
