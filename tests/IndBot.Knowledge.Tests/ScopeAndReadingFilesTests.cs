using IndBot.Knowledge.Tests.Infrastructure;

namespace IndBot.Knowledge.Tests;

/// <summary>reading.yaml, organisations.yaml and places/places.tsv: loaded with the rest, a broken line reported with its number.</summary>
public sealed class ScopeAndReadingFilesTests : IDisposable
{
    private readonly KnowledgeCopy _copy = new();

    [Fact]
    public void Load_RealKnowledge_HasTheWordListsOrganisationsAndPlaces()
    {
        var knowledge = KnowledgeLoader.Load(RepositoryPaths.Knowledge);

        Assert.Equal(7, knowledge.Reading.Days.Count);
        Assert.Contains(knowledge.Reading.Periods, p => p.Words.Contains("after work") && p.From == new TimeOnly(17, 0) && p.To is null);
        Assert.Contains(knowledge.Organisations, o => o.Id == "uwv" && o.Words.Contains("uwv"));
        Assert.Contains(knowledge.Places, p => p.Name == "The Hague" && p.OtherNames.Contains("Den Haag"));
        Assert.True(knowledge.Places.Count > 1000);
    }

    [Fact]
    public void TryLoad_PlaceOutsideTheNetherlands_NamesItsLine()
    {
        var line = _copy.LineStartingWith("places/places.tsv", "Gouda\t");
        _copy.ReplaceLine("places/places.tsv", line, "Gouda\t48.85\t2.35\t");

        var (knowledge, problems) = KnowledgeLoader.TryLoad(_copy.Root);

        Assert.Null(knowledge);
        var problem = Assert.Single(problems);
        Assert.Equal(("places/places.tsv", line), (problem.File, problem.Line));
        Assert.Contains("not a latitude and longitude in the Netherlands", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_PeriodWithABadTime_NamesItsLine()
    {
        var line = _copy.LineNumber("reading.yaml", "    from: \"12:00\"");
        _copy.ReplaceLine("reading.yaml", line, "    from: \"noon\"");

        var (_, problems) = KnowledgeLoader.TryLoad(_copy.Root);

        var problem = Assert.Single(problems);
        Assert.Equal(("reading.yaml", line), (problem.File, problem.Line));
        Assert.Contains("'noon' is not a time", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_ServiceWordsForAnUnknownService_IsAProblem()
    {
        var line = _copy.LineStartingWith("reading.yaml", "fingerprints: [");
        _copy.ReplaceLine("reading.yaml", line, "  fingerprint-scan: [fingerprints]");

        var (_, problems) = KnowledgeLoader.TryLoad(_copy.Root);

        var problem = Assert.Single(problems);
        Assert.Equal(("reading.yaml", line), (problem.File, problem.Line));
        Assert.Contains("'fingerprint-scan' is not a service in desks.yaml", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_OrganisationRelatedToAnUnknownEntry_IsAProblem()
    {
        var line = _copy.LineStartingWith("organisations.yaml", "related: [my-ind");
        _copy.ReplaceLine("organisations.yaml", line, "    related: [my-ind-login]");

        var (_, problems) = KnowledgeLoader.TryLoad(_copy.Root);

        Assert.Contains(problems, p => p.File == "organisations.yaml" && p.Message.Contains("'my-ind-login'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_RealKnowledge_ReadsTheDeskReaderListsAndTemplates()
    {
        var reading = KnowledgeLoader.Load(RepositoryPaths.Knowledge).Reading;

        Assert.Equal(["desk", "office", "counter", "loket", "balie", "kantoor", "ind-loket"], reading.DeskNouns);
        Assert.Equal(["at", "om", "around", "rond", "about", "omstreeks", "ca"], reading.AtWords);
        Assert.Equal("twelve", reading.ClockNumbers[Languages.English][11]);
        Assert.Equal("twaalf", reading.ClockNumbers[Languages.Dutch][11]);
        Assert.Contains("phone number of the {0}", reading.OrganisationTemplates[Languages.English]);
    }

    [Theory]
    [InlineData("deskNouns")]
    [InlineData("atWords")]
    [InlineData("closedWords")]
    public void TryLoad_EmptyWordList_NamesItsLine(string key)
    {
        var line = _copy.LineStartingWith("reading.yaml", key + ": [");
        _copy.ReplaceLine("reading.yaml", line, key + ": []");

        var (knowledge, problems) = KnowledgeLoader.TryLoad(_copy.Root);

        Assert.Null(knowledge);
        var problem = Assert.Single(problems);
        Assert.Equal(("reading.yaml", line), (problem.File, problem.Line));
        Assert.Contains($"'{key}' needs at least 1 item(s)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_MissingWordList_IsAProblem()
    {
        var line = _copy.LineStartingWith("reading.yaml", "tellWords: [");
        _copy.ReplaceLine("reading.yaml", line, "tellWord: [tell]");

        var (_, problems) = KnowledgeLoader.TryLoad(_copy.Root);

        var problem = Assert.Single(problems);
        Assert.Equal("reading.yaml", problem.File);
        Assert.Contains("'tellWords' is missing", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_OrganisationTemplateWithoutAPlaceholder_NamesItsLine()
    {
        var line = _copy.LineStartingWith("reading.yaml", "nl: [\"{0}\", \"telefoonnummer van de {0}\"");
        _copy.ReplaceLine("reading.yaml", line, "  nl: [\"{0}\", \"telefoonnummer van de IND\"]");

        var (_, problems) = KnowledgeLoader.TryLoad(_copy.Root);

        var problem = Assert.Single(problems);
        Assert.Equal(("reading.yaml", line), (problem.File, problem.Line));
        Assert.Contains("'telefoonnummer van de IND' in 'organisationTemplates' (nl) has no {0}", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_ClockNumbersShort_IsAProblem()
    {
        var line = _copy.LineStartingWith("reading.yaml", "en: [one, two,");
        _copy.ReplaceLine("reading.yaml", line, "  en: [one, two, three]");

        var (_, problems) = KnowledgeLoader.TryLoad(_copy.Root);

        var problem = Assert.Single(problems);
        Assert.Equal("reading.yaml", problem.File);
        Assert.Contains("'clockNumbers' (en) must spell out the hours one to twelve", problem.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _copy.Dispose();
}
