using IndBot.Answers.Analysis;
using IndBot.Answers.Retrieval;
using IndBot.Answers.Tests.Infrastructure;
using IndBot.Knowledge;

namespace IndBot.Answers.Tests.Analysis;

public class LanguageAnalysisTests(KnowledgeFixture fixture) : IClassFixture<KnowledgeFixture>
{
    [Theory]
    [InlineData("en", "naturalisation", "naturalization")]
    [InlineData("en", "applications", "application")]
    [InlineData("en", "appointments", "appointment")]
    [InlineData("en", "desks", "desk")]
    [InlineData("en", "fingerprints", "fingerprint")]
    [InlineData("nl", "loketten", "loket")]
    [InlineData("nl", "afspraken", "afspraak")]
    [InlineData("nl", "aanvragen", "aanvraag")]
    public void Positions_SpellingOrPlural_GivesTheSameToken(string language, string word, string other)
    {
        Assert.Equal(IndexTokens(language, other), IndexTokens(language, word));
    }

    [Theory]
    [InlineData("en", "where")]
    [InlineData("en", "when")]
    [InlineData("en", "how")]
    [InlineData("en", "not")]
    [InlineData("nl", "waar")]
    [InlineData("nl", "wanneer")]
    [InlineData("nl", "niet")]
    public void Positions_QuestionWordOrNegation_IsKept(string language, string word)
    {
        var position = Assert.Single(LanguageAnalysis.Positions(Analysis(language).IndexAnalyzer, Field(language), word));
        Assert.Equal([word], position);
    }

    [Theory]
    [InlineData("en", "the")]
    [InlineData("en", "is")]
    [InlineData("en", "The IS a")]
    [InlineData("nl", "de")]
    [InlineData("nl", "het")]
    public void Positions_StopWord_IsDropped(string language, string text)
    {
        Assert.Empty(LanguageAnalysis.Positions(Analysis(language).IndexAnalyzer, Field(language), text));
    }

    [Theory]
    [InlineData("verblijfsvergunning", "vergunning")]
    [InlineData("verblijfsvergunning", "verblijf")]
    [InlineData("vreemdelingenpaspoort", "paspoort")]
    public void Positions_DutchCompound_AlsoYieldsItsPartAtTheSamePosition(string compound, string part)
    {
        var position = Assert.Single(LanguageAnalysis.Positions(Analysis("nl").IndexAnalyzer, Field("nl"), compound));

        Assert.Subset(position.ToHashSet(), IndexTokens("nl", part).ToHashSet());
    }

    [Theory]
    [InlineData("en", "loket", "desk")]
    [InlineData("en", "counter", "desk")]
    [InlineData("en", "fingerprints", "biometrics")]
    [InlineData("en", "biometrics", "fingerprints")]
    [InlineData("en", "naturalisation", "citizenship")]
    [InlineData("nl", "vingerafdrukken", "biometrie")]
    [InlineData("nl", "balie", "loket")]
    public void QueryPositions_WordWithSynonym_AlsoYieldsTheSynonymForTheSameWord(string language, string word, string synonym)
    {
        var group = Assert.Single(Analysis(language).QueryPositions(Field(language), word));

        Assert.Subset(group.ToHashSet(), IndexTokens(language, synonym).ToHashSet());
        Assert.Equal(IndexTokens(language, word)[0], group[0]);
    }

    [Theory]
    [InlineData("en", "loket", "desk")]
    [InlineData("en", "fingerprints", "biometrics")]
    public void Positions_IndexSide_DoesNotExpandSynonyms(string language, string word, string synonym)
    {
        var tokens = IndexTokens(language, word);

        Assert.DoesNotContain(IndexTokens(language, synonym)[0], tokens);
    }

    [Theory]
    [InlineData("en", "where is the loket in Utrecht", 3)]
    [InlineData("en", "when do I give my fingerprints", 3)]
    [InlineData("nl", "waar is het loket in Utrecht", 3)]
    public void QueryPositions_Synonyms_NeverAddWordsToTheQuestion(string language, string question, int contentWords)
    {
        Assert.Equal(contentWords, Analysis(language).QueryPositions(Field(language), question).Count);
    }

    public static TheoryData<string, string> BadRules => new()
    {
        { "en", "a,,b" },
        { "en", "=> x" },
        { "en", "a => b => c" },
        { "en", "lonely" },
        { "nl", "a,,b" },
        { "nl", "=> x" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void TryBuild_BadSynonymLine_NamesFileAndLineAndBuildsNoIndex(string language, string rule)
    {
        var file = fixture.Knowledge.Synonyms.Single(s => s.Language == language);
        var lines = file.Text.Split('\n').ToList();
        const int badLine = 6;
        lines.Insert(badLine - 1, rule);
        var broken = WithSynonyms(fixture.Knowledge, file with { Text = string.Join('\n', lines) });

        var (index, problems) = KnowledgeIndex.TryBuild(broken);

        Assert.Null(index);
        var problem = Assert.Single(problems);
        Assert.Equal($"synonyms/{language}.txt", problem.File);
        Assert.Equal(badLine, problem.Line);
        Assert.Contains(rule, problem.Message, StringComparison.Ordinal);
    }

    private LanguageAnalysis Analysis(string language) => fixture.Index.Analysis[language];

    private static string Field(string language) => KnowledgeIndex.QuestionField(language);

    private List<string> IndexTokens(string language, string text) =>
        LanguageAnalysis.Positions(Analysis(language).IndexAnalyzer, Field(language), text).SelectMany(p => p).ToList();

    [Theory]
    [InlineData("en", "went away")]
    [InlineData("nl", "heen-en-weer")]
    public void TryBuild_CommonWordThatIsNotOneWord_NamesFileAndLine(string language, string bad)
    {
        var list = fixture.Knowledge.Words("common-words", language)!;
        var broken = WithSynonyms(fixture.Knowledge, fixture.Knowledge.Synonyms.Single(s => s.Language == language),
            list with { Lines = [.. list.Lines, (9999, bad)] });

        var (index, problems) = KnowledgeIndex.TryBuild(broken);

        Assert.Null(index);
        var problem = Assert.Single(problems);
        Assert.Equal($"analysis/common-words.{language}.txt", problem.File);
        Assert.Equal(9999, problem.Line);
    }

    [Theory]
    [InlineData("en", "went")]
    [InlineData("nl", "zoon")]
    public void CommonWords_HoldEverydayWordsTheKnowledgeDoesNot(string language, string word)
    {
        Assert.Contains(word, Analysis(language).CommonWords);
    }

    private static KnowledgeBase WithSynonyms(KnowledgeBase k, SynonymFile replacement, WordList? words = null) => new()
    {
        RootPath = k.RootPath,
        Faqs = k.Faqs,
        Desks = k.Desks,
        DeskOverview = k.DeskOverview,
        DeskServices = k.DeskServices,
        Contacts = k.Contacts,
        ContactOverview = k.ContactOverview,
        OutOfScope = k.OutOfScope,
        SmallTalk = k.SmallTalk,
        Messages = k.Messages,
        Synonyms = k.Synonyms.Select(s => s.Language == replacement.Language ? replacement : s).ToList(),
        WordLists = words is null ? k.WordLists : k.WordLists.Select(w => w.Path == words.Path ? words : w).ToList(),
        Reading = k.Reading,
        Organisations = k.Organisations,
        Places = k.Places,
    };
}
