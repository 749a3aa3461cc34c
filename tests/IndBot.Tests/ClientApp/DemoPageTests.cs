using System.Net;
using System.Text.RegularExpressions;
using IndBot.Knowledge;
using IndBot.Snapshots;

namespace IndBot.Tests.ClientApp;

/// <summary>The demo page says what the knowledge (and so the bot) says.</summary>
public sealed partial class DemoPageTests
{
    private static readonly Lazy<KnowledgeBase> Knowledge = new(() => KnowledgeLoader.Load(KnowledgeLocator.Find(null)));

    private static readonly Lazy<string> PageText = new(() =>
    {
        var html = File.ReadAllText(Path.Combine(Path.GetDirectoryName(KnowledgeLocator.Find(null))!, "src", "IndBot", "ClientApp", "index.html"));
        return WebUtility.HtmlDecode(Whitespace().Replace(Tags().Replace(html, " "), " "));
    });

    [Fact]
    public void Appointments_PageSaysWhatTheBotSays()
    {
        var answer = Knowledge.Value.Faqs.Single(f => f.Id == "desk-appointment").Answer["en"];
        // "Yes, you can only visit an IND desk if you have an appointment." → the statement without the "Yes, ".
        var statement = answer.Split('.')[0].Replace("Yes, you", "You", StringComparison.Ordinal) + ".";

        Assert.Contains(statement, PageText.Value, StringComparison.Ordinal);
        Assert.All(Knowledge.Value.Desks.SelectMany(d => d.Services), s => Assert.True(s.AppointmentRequired, s.Id));
        Assert.DoesNotMatch(new Regex(@"\b(except|without an appointment|no appointment)\b", RegexOptions.IgnoreCase), PageText.Value);
    }

    [Fact]
    public void Desks_PageListsEachDeskAtTheKnowledgesAddress()
    {
        foreach (var desk in Knowledge.Value.Desks)
        {
            Assert.Contains($"{desk.Street} {desk.Postcode}", PageText.Value, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
