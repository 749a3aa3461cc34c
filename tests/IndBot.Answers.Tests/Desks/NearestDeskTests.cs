using IndBot.Answers.Decisions;
using IndBot.Answers.Desks;
using IndBot.Answers.Tests.Infrastructure;
using IndBot.Knowledge;

namespace IndBot.Answers.Tests.Desks;

/// <summary>The nearest desk to any place in the Netherlands (knowledge/places/places.tsv), with services and days.</summary>
public class NearestDeskTests(KnowledgeFixture fixture) : IClassFixture<KnowledgeFixture>
{
    private static readonly DateTime Monday = new(2026, 1, 12, 10, 0, 0);

    public static TheoryData<string> Places => new()
    {
        "Groningen", "Leeuwarden", "Maastricht", "Gouda", "Zandvoort", "Almere", "Enschede", "The Hague", "Haarlem", "Leiden",
        "Nijmegen", "Breda", "Tilburg", "Apeldoorn", "Delft", "Arnhem", "Middelburg", "Assen", "Venlo", "Den Helder",
    };

    [Theory]
    [MemberData(nameof(Places))]
    public void List_PlaceWithoutDesk_NearestIsWhatASecondFormulaSays(string name)
    {
        var place = fixture.Knowledge.Places.First(p => p.Names.Contains(name));

        var facts = new DeskReasoning(fixture.Knowledge).List(new DeskQuestion(), place, Monday);

        // Independently: the spherical law of cosines on the desks' cities from the same gazetteer.
        var expected = fixture.Knowledge.Desks.MinBy(d => LawOfCosines(place, CityOf(d)))!;
        Assert.Equal(expected.Id, facts.Nearest!.Id);
        Assert.Equal(Math.Round(LawOfCosines(place, CityOf(expected))), facts.NearestKilometres!.Value, 0);
        Assert.Empty(facts.Skipped);
    }

    [Fact]
    public void List_GoudaToRotterdam_IsAboutNineteenKilometres()
    {
        var facts = new DeskReasoning(fixture.Knowledge).List(new DeskQuestion(), Place("Gouda"), Monday);

        Assert.Equal(("desk-rotterdam", 19.0), (facts.Nearest!.Id, facts.NearestKilometres!.Value));
    }

    [Fact]
    public void List_ZandvoortForFingerprints_SkipsHoofddorp()
    {
        var fingerprints = fixture.Knowledge.DeskServices.Single(s => s.Id == "fingerprints");

        var facts = new DeskReasoning(fixture.Knowledge).List(new DeskQuestion { Service = fingerprints }, Place("Zandvoort"), Monday);

        Assert.Equal("desk-hoofddorp", Assert.Single(facts.Skipped).Id);
        Assert.NotEqual("desk-hoofddorp", facts.Nearest!.Id);
        Assert.DoesNotContain(facts.Nearest.Unavailable, s => s.Id == "fingerprints");
    }

    [Fact]
    public void List_ZandvoortOnWednesday_SkipsHoofddorpWhichIsClosed()
    {
        var facts = new DeskReasoning(fixture.Knowledge).List(new DeskQuestion { Day = DayOfWeek.Wednesday }, Place("Zandvoort"), Monday);

        Assert.Contains(facts.Skipped, d => d.Id == "desk-hoofddorp");
        Assert.NotNull(facts.Nearest!.Hours.On(DayOfWeek.Wednesday));
    }

    [Fact]
    public void List_NoDeskOpenThen_StillNamesTheNearestDeskAndSaysNo()
    {
        var question = new DeskQuestion { Day = DayOfWeek.Wednesday, Window = TimeWindow.At(new TimeOnly(16, 0)), IsYesNo = true };

        var facts = new DeskReasoning(fixture.Knowledge).List(question, Place("The Hague"), Monday);

        Assert.Equal(("desk-rijswijk", false), (facts.Nearest?.Id, facts.Verdict));
        Assert.Empty(facts.Desks);
        Assert.Empty(facts.Skipped);
    }

    [Theory]
    [InlineData("Is there an IND desk in Gouda?", "Gouda", "desk-rotterdam")]
    [InlineData("Is er een IND-loket in Gouda?", "Gouda", "desk-rotterdam")]
    [InlineData("I live in Zandvoort, which desk is closest?", "Zandvoort", "desk-hoofddorp")]
    [InlineData("ik woon in Den Haag, naar welk loket moet ik?", "The Hague", "desk-rijswijk")]
    [InlineData("I live in 's-Gravenhage, where do I go?", "The Hague", "desk-rijswijk")]
    [InlineData("is there an IND office in Groningen", "Groningen", "desk-zwolle")]
    [InlineData("IND office Leiden address?", "Leiden", "desk-rijswijk")]
    public void Decide_PlaceWithoutDesk_NamesTheNearestDesk(string question, string place, string nearest)
    {
        var decision = fixture.Engine().Decide(new Question(question));

        Assert.True(decision.Kind == DecisionKind.Answer, $"'{question}' got {decision.Kind} [{string.Join(", ", decision.Candidates.Select(c => $"{c.EntryId} {c.Score}"))}]");
        var facts = decision.Answers[0].Desks;
        Assert.Equal((place, nearest), (facts?.PlaceWithoutDesk?.Name, facts?.Nearest?.Id));
    }

    [Theory]
    [InlineData("Where is the IND desk in Utrecht?", "desk-utrecht")]
    [InlineData("ik woon in Den Bosch, waar is het loket?", "desk-den-bosch")]
    public void Decide_DeskCity_IsThatDeskNotAPlaceWithoutDesk(string question, string desk)
    {
        var decision = fixture.Engine().Decide(new Question(question));

        Assert.Equal((DecisionKind.Answer, desk), (decision.Kind, decision.EntryId));
        Assert.Null(decision.Answers[0].Desks?.PlaceWithoutDesk);
    }

    [Theory]
    [InlineData("what is the best desk for fingerprints")]
    [InlineData("where is the Stadhouderskade")]
    public void Decide_WordsThatLookLikePlaces_AreNoPlace(string question)
    {
        var decision = fixture.Engine().Decide(new Question(question));

        Assert.Null(decision.Answers.FirstOrDefault()?.Desks?.PlaceWithoutDesk);
    }

    private Place Place(string name) => fixture.Knowledge.Places.Single(p => p.Name == name);

    private Place CityOf(Desk desk) => fixture.Knowledge.Places.First(p => p.Names.Contains(desk.City));

    private static double LawOfCosines(Place a, Place b)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var cos = (Math.Sin(Rad(a.Latitude)) * Math.Sin(Rad(b.Latitude))) + (Math.Cos(Rad(a.Latitude)) * Math.Cos(Rad(b.Latitude)) * Math.Cos(Rad(b.Longitude - a.Longitude)));
        return 6371.0 * Math.Acos(Math.Clamp(cos, -1, 1));
    }
}
