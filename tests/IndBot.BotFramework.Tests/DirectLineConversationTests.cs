using IndBot.BotFramework.DirectLine;
using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework.Tests;

/// <summary>A Direct Line conversation's history: what a client reads is what was sent, within the byte bound.</summary>
public sealed class DirectLineConversationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetFrom_ActivityChangedAfterItWasSent_ReadsWhatWasSent()
    {
        var conversation = new DirectLineConversation("c1", "u1", "en-US", maxActivities: 10, Now);
        var sent = new Activity { Type = ActivityTypes.Message, Text = "where is the Zwolle desk?" };

        var id = conversation.Append(sent);
        sent.Text = "changed later";
        var (activities, watermark) = conversation.GetFrom(0);

        var read = Assert.Single(activities);
        Assert.Equal((id, "where is the Zwolle desk?", 1L), (read.Id, read.Text, watermark));
    }

    [Fact]
    public void Append_BeyondTheByteBound_DropsTheOldestAndKeepsTheWatermarks()
    {
        var conversation = new DirectLineConversation("c1", "u1", "en-US", maxActivities: 100, maxBytes: 2_000, Now, onBytesChanged: null);
        for (var i = 0; i < 20; i++)
        {
            conversation.Append(new Activity { Type = ActivityTypes.Message, Text = $"message {i} " + new string('x', 200) });
        }

        var (activities, watermark) = conversation.GetFrom(0);

        Assert.InRange(conversation.Bytes, 1, 2_000);
        Assert.Equal(20L, watermark);
        Assert.StartsWith("message 19 ", activities[^1].Text, StringComparison.Ordinal);
        Assert.True(activities.Count < 20);
    }
}
