using System.Net;
using IndBot.Feedback;
using Microsoft.Extensions.DependencyInjection;

namespace IndBot.Tests.Staff;

/// <summary>"What visitors missed": the report's figures on a page, filtered by language and period.</summary>
public sealed class MissedPageTests : IClassFixture<MissedPageTests.Factory>
{
    private readonly Factory _factory;

    public MissedPageTests(Factory factory) => _factory = factory;

    [Fact]
    public async Task Page_GroupsTheSameQuestionAndShowsVotesChoicesAndDays()
    {
        await _factory.SeedAsync();
        using var client = new StaffClient(_factory.CreateStaffClient("127.0.0.1"));

        var html = await client.GetPageAsync("/staff/missed");

        Assert.Contains("<td class=\"num\">2</td><td>Waar haal ik mijn pasje op?</td><td>nl</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>biometrics</td><td class=\"num\">1</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>travel</td><td>travel-schengen</td>", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-title\">Unanswered and clarified questions per day, 2026-11-02 to 2026-11-04", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>2026-11-03</td><td class=\"num\">0</td><td class=\"num\">0</td></tr>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("0612345678", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_FilteredByLanguageAndPeriod_ShowsOnlyThose()
    {
        await _factory.SeedAsync();
        using var client = new StaffClient(_factory.CreateStaffClient("127.0.0.1"));

        var english = await client.GetPageAsync("/staff/missed?language=en");
        var firstDay = await client.GetPageAsync("/staff/missed?from=2026-11-02&to=2026-11-02");

        Assert.DoesNotContain("waar haal ik mijn pasje op", english, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("how much does it cost", english, StringComparison.Ordinal);
        Assert.Contains("waar haal ik mijn pasje op", firstDay, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("how much does it cost", firstDay, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?from=yesterday", "Write dates as yyyy-mm-dd.")]
    [InlineData("?from=2026-11-05&to=2026-11-01", "start is after its end.")]
    [InlineData("?language=fr", "Choose English, Dutch or all languages.")]
    public async Task Page_BadFilter_SaysWhatIsWrong(string query, string error)
    {
        using var client = _factory.CreateStaffClient("127.0.0.1");

        using var response = await client.GetAsync("/staff/missed" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public sealed class Factory() : StaffFactory(new Dictionary<string, string?> { ["Staff:LocalAccess"] = "true" })
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private bool _seeded;

        /// <summary>Visitor records as the bot stores them (already redacted), written once.</summary>
        public async Task SeedAsync()
        {
            await _gate.WaitAsync();
            try
            {
                if (_seeded)
                {
                    return;
                }

                var store = Services.GetRequiredService<IFeedbackStore>();
                var day1 = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
                var day3 = day1.AddDays(2);
                FeedbackRecord[] records =
                [
                    new() { At = day1, Kind = FeedbackKinds.Fallback, Conversation = "a", Language = "nl", Question = "Waar haal ik mijn pasje op?", TopCandidate = "desk-services" },
                    new() { At = day1, Kind = FeedbackKinds.Fallback, Conversation = "b", Language = "nl", Question = "waar haal ik mijn pasje op", TopCandidate = "desk-services" },
                    new() { At = day3, Kind = FeedbackKinds.Fallback, Conversation = "c", Language = "en", Question = "how much does it cost, call me on " + Answers.Text.PersonalData.Redact("0612345678").Text },
                    new() { At = day3, Kind = FeedbackKinds.Clarification, Conversation = "d", Language = "en", Question = "travel", Options = ["travel-schengen", "return-visa"] },
                    new() { At = day3, Kind = FeedbackKinds.Choice, Conversation = "d", Language = "en", Question = "travel", EntryId = "travel-schengen" },
                    new() { At = day3, Kind = FeedbackKinds.Vote, Conversation = "e", Language = "en", EntryId = "biometrics", Helpful = false },
                ];
                foreach (var record in records)
                {
                    await store.AppendAsync(record);
                }

                await store.FlushAsync();
                _seeded = true;
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
