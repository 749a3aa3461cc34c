using IndBot.Knowledge.Tests.Infrastructure;

namespace IndBot.Knowledge.Tests;

public class KnowledgeLoaderTests
{
    [Fact]
    public void TryLoad_RealKnowledge_HasNoProblems()
    {
        var (knowledge, problems) = KnowledgeLoader.TryLoad(RepositoryPaths.Knowledge);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.NotNull(knowledge);
    }

    [Fact]
    public void Load_RealKnowledge_HasTheEightDesks()
    {
        var knowledge = KnowledgeLoader.Load(RepositoryPaths.Knowledge);

        Assert.Equal(
            ["desk-amsterdam", "desk-den-bosch", "desk-eindhoven", "desk-hoofddorp", "desk-rijswijk", "desk-rotterdam", "desk-utrecht", "desk-zwolle"],
            knowledge.Desks.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_RealKnowledge_RotterdamIsOpenOnThursdayMorningOnly()
    {
        var rotterdam = Desk("desk-rotterdam");

        Assert.Equal(new TimeRange(new TimeOnly(9, 0), new TimeOnly(12, 0)), rotterdam.Hours.On(DayOfWeek.Thursday));
    }

    [Fact]
    public void Load_RealKnowledge_HoofddorpIsClosedOnWednesday()
    {
        var hoofddorp = Desk("desk-hoofddorp");

        Assert.Null(hoofddorp.Hours.On(DayOfWeek.Wednesday));
        Assert.NotNull(hoofddorp.Hours.On(DayOfWeek.Thursday));
    }

    [Fact]
    public void Load_RealKnowledge_HoofddorpOffersNoPassportPhotoOrFingerprints()
    {
        var hoofddorp = Desk("desk-hoofddorp");

        Assert.Equal(["fingerprints", "passport-photo"], hoofddorp.Unavailable.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(hoofddorp.Services, s => s.Id is "fingerprints" or "passport-photo");
    }

    [Theory]
    [InlineData("Den Bosch")]
    [InlineData("'s-Hertogenbosch")]
    public void Load_RealKnowledge_DenBoschIsFoundByCityAndAlias(string name)
    {
        var knowledge = KnowledgeLoader.Load(RepositoryPaths.Knowledge);

        var desk = Assert.Single(knowledge.Desks, d => d.Names.Contains(name));
        Assert.Equal("desk-den-bosch", desk.Id);
    }

    public static TheoryData<string> BrokenFiles => new(Breakers.Keys);

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void TryLoad_OneFileBroken_NamesFileAndLineAndReturnsNothing(string broken)
    {
        using var copy = new KnowledgeCopy();
        var expected = Breakers[broken](copy);

        var (knowledge, problems) = KnowledgeLoader.TryLoad(copy.Root);

        Assert.Null(knowledge);
        var all = string.Join(Environment.NewLine, problems);
        Assert.True(
            problems.Any(p => p.File == expected.File && (expected.Line is null || p.Line == expected.Line)
                && p.Message.Contains(expected.Message, StringComparison.OrdinalIgnoreCase)),
            $"Expected {expected.File}:{expected.Line?.ToString() ?? "<any line>"} '{expected.Message}', got:{Environment.NewLine}{all}");
        Assert.All(problems, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.File), $"no file: {p}");
            Assert.True(p.Line > 0, $"no line: {p}");
            Assert.False(string.IsNullOrWhiteSpace(p.Message), $"no message: {p}");
        });
    }

    [Fact]
    public void Load_BrokenKnowledge_ThrowsWithEveryProblem()
    {
        using var copy = new KnowledgeCopy();
        copy.ReplaceLine("faq/biometrics.yaml", "id: biometrics", "id: biometrics-elsewhere");
        copy.ReplaceLine("desks.yaml", "thursday: \"09:00-12:00\"", "      thursday: \"tomorrow\"");

        var exception = Assert.Throws<KnowledgeException>(() => KnowledgeLoader.Load(copy.Root));

        Assert.Contains(exception.Problems, p => p.File == "faq/biometrics.yaml");
        Assert.Contains(exception.Problems, p => p.File == "desks.yaml");
        Assert.Contains("faq/biometrics.yaml:1", exception.Message, StringComparison.Ordinal);
    }

    private static Desk Desk(string id) => KnowledgeLoader.Load(RepositoryPaths.Knowledge).Desks.Single(d => d.Id == id);

    private sealed record Expected(string File, int? Line, string Message);

    private const string Faq = "faq/biometrics.yaml";

    private static readonly Dictionary<string, Func<KnowledgeCopy, Expected>> Breakers = new()
    {
        ["duplicate id in two FAQ files"] = copy =>
        {
            File.Copy(copy.PathOf(Faq), copy.PathOf("faq/biometrics-again.yaml"));
            return new Expected(Faq, 1, "already used in faq/biometrics-again.yaml");
        },
        ["id differs from file name"] = copy =>
            new Expected(Faq, copy.ReplaceLine(Faq, "id: biometrics", "id: biometric-data"), "differs from the file name"),
        ["missing answer"] = copy =>
        {
            copy.RemoveBlock(Faq, "answer:");
            return new Expected(Faq, null, "the answer lacks the English text");
        },
        ["missing Dutch answer"] = copy =>
        {
            var answer = copy.LineNumber(Faq, "answer:");
            copy.RemoveBlock(Faq, "nl: |", after: answer);
            return new Expected(Faq, answer, "the answer lacks the Dutch text (nl)");
        },
        ["too few alternates"] = copy =>
        {
            var alternates = copy.LineNumber(Faq, "alternates:");
            copy.KeepFirstItems(Faq, "en:", KnowledgeLoader.MinimumAlternates - 1, after: alternates);
            return new Expected(Faq, copy.LineNumber(Faq, "alternates:"), $"has {KnowledgeLoader.MinimumAlternates - 1} English phrasings (en); at least {KnowledgeLoader.MinimumAlternates}");
        },
        ["unknown related id"] = copy =>
            new Expected(Faq, copy.ReplaceLine(Faq, copy.LineStartingWith(Faq, "related:"), "related: [application-received, no-such-entry]"), "'no-such-entry' is not a known entry"),
        ["hours 25:00-16:00"] = copy => BreakRotterdamThursday(copy, "      thursday: \"25:00-16:00\"", "not valid times"),
        ["hours 09:00-08:00"] = copy => BreakRotterdamThursday(copy, "      thursday: \"09:00-08:00\"", "close before they open"),
        ["hours tomorrow"] = copy => BreakRotterdamThursday(copy, "      thursday: \"tomorrow\"", "not valid times"),
        ["unknown weekday"] = copy => BreakRotterdamThursday(copy, "      thursdai: \"09:00-12:00\"", "'thursdai' is not a weekday"),
        ["unknown unavailable service"] = copy =>
            new Expected("desks.yaml", copy.ReplaceLine("desks.yaml", copy.LineStartingWith("desks.yaml", "unavailable:", after: copy.LineNumber("desks.yaml", "- id: desk-hoofddorp")), "    unavailable: [passport-photo, fingerprints, teleportation]"), "unknown service 'teleportation'"),
        // The service's own line, though the desk's id line holds the same word.
        ["unknown unavailable service named like the desk"] = copy =>
            new Expected("desks.yaml", copy.ReplaceLine("desks.yaml", copy.LineStartingWith("desks.yaml", "unavailable:", after: copy.LineNumber("desks.yaml", "- id: desk-hoofddorp")), "    unavailable: [passport-photo, hoofddorp]"), "unknown service 'hoofddorp'"),
        ["unparseable YAML"] = copy =>
            new Expected(Faq, copy.ReplaceLine(Faq, copy.LineStartingWith(Faq, "en:", after: copy.LineNumber(Faq, "title:")), "  en: When: to give your biometrics"), "cannot be read as YAML"),
        ["missing message"] = copy =>
        {
            copy.RemoveBlock("messages.yaml", "tooLong:");
            return new Expected("messages.yaml", null, "'tooLong' is missing");
        },
        ["language switch without names"] = copy => BreakDutchNames(copy, "    names: []", "switches the language but has no names"),
        ["language name in no phrasing"] = copy => BreakDutchNames(copy, "    names: [dutch, hollands]", "'hollands' of the intent 'switch-dutch' is in none of its phrasings"),
        ["contact id without contact- prefix"] = copy =>
            new Expected("contacts.yaml", copy.ReplaceLine("contacts.yaml", "- id: contact-twitter", "  - id: twitter-channel"), "must start with 'contact-'"),
    };

    private static Expected BreakDutchNames(KnowledgeCopy copy, string replacement, string message)
    {
        copy.ReplaceLine("smalltalk.yaml", "names: [dutch, nederlands]", replacement);
        return new Expected("smalltalk.yaml", copy.LineNumber("smalltalk.yaml", "- id: switch-dutch"), message);
    }

    private static Expected BreakRotterdamThursday(KnowledgeCopy copy, string replacement, string message)
    {
        var desk = copy.LineNumber("desks.yaml", "- id: desk-rotterdam");
        return new Expected("desks.yaml", copy.ReplaceLine("desks.yaml", copy.LineStartingWith("desks.yaml", "thursday:", after: desk), replacement), message);
    }
}
