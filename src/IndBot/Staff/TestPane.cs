using System.Text.Json;
using IndBot.Answers.Decisions;
using IndBot.Answers.Desks;
using IndBot.BotFramework.Schema;
using IndBot.Replies;
using IndBot.Snapshots;

namespace IndBot.Staff;

/// <summary>
/// The test pane: a question asked as a visitor on a channel would, answered by the live knowledge and rendered by
/// the bot's own renderer, with the decision beside it. Nothing is stored: no feedback record, no conversation state
/// (the page keeps the conversation context and sends it back).
/// </summary>
public static class TestPane
{
    /// <summary>The channels the pane renders for.</summary>
    public static IReadOnlyList<(string Id, string Name)> Channels { get; } = [(BotFramework.Schema.Channels.Webchat, "Web Chat"), (BotFramework.Schema.Channels.Msteams, "Teams")];

    public sealed record AskRequest(string? Question, string? Language, string? Channel, JsonElement? Value, string? Context);

    public static string Body() => $"""
        <p class="hint">Ask as a visitor would. Nothing asked here is stored or counted as visitor feedback.</p>
        <form id="ask-form" class="panel" novalidate>
        <div class="row">
        <div class="grow"><label for="question">Question</label><input type="text" id="question" name="question" maxlength="2000" autocomplete="off" required></div>
        <div><label for="language">Language</label><select id="language" name="language"><option value="auto">As the bot detects it</option><option value="en">English (en-US client)</option><option value="nl">Dutch (nl-NL client)</option></select></div>
        <div><label for="channel">Channel</label><select id="channel" name="channel">{string.Concat(Channels.Select(c => $"<option value=\"{c.Id}\">{c.Name}</option>"))}</select></div>
        <div><label><input type="checkbox" id="conversation" name="conversation" checked> Conversation (follow-ups)</label></div>
        <div><button type="submit">Ask</button></div>
        <div><button type="button" class="secondary" id="restart">New conversation</button></div>
        </div>
        <p id="ask-status" role="status" aria-live="polite"></p>
        </form>
        <div class="columns">
        <section aria-labelledby="reply-heading"><h2 id="reply-heading">Reply as <span id="channel-name">Web Chat</span> shows it</h2>
        <p class="hint" id="channel-note">Web Chat with the bot's real cards and buttons; a button asks its question here too.</p>
        <div id="chat" class="chat" role="region" aria-label="Bot replies"></div></section>
        <section aria-labelledby="decision-heading"><h2 id="decision-heading">Why</h2><div id="decision" class="panel"><p>Ask a question to see the decision.</p></div></section>
        </div>
        """;

    public static IResult Ask(AskRequest request, KnowledgeState knowledge, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        var channel = request.Channel ?? BotFramework.Schema.Channels.Webchat;
        if (!Channels.Any(c => c.Id == channel))
        {
            return StaffPage.Problem("Choose Web Chat or Teams.");
        }

        var locale = request.Language switch
        {
            null or "" or "auto" => null,
            "en" => "en-US",
            "nl" => "nl-NL",
            _ => "",
        };
        if (locale == "")
        {
            return StaffPage.Problem("Choose English, Dutch or the detected language.");
        }

        var question = request.Question;
        if (string.IsNullOrWhiteSpace(question) && ReplyRenderer.SubmittedQuestion(request.Value) is { } submitted)
        {
            question = submitted;
        }

        if (string.IsNullOrWhiteSpace(question))
        {
            return StaffPage.Problem("Type a question first.");
        }

        ConversationContext context;
        try
        {
            context = string.IsNullOrEmpty(request.Context)
                ? ConversationContext.Empty
                : JsonSerializer.Deserialize<ConversationContext>(request.Context, BotJson.Options) ?? ConversationContext.Empty;
        }
        catch (JsonException)
        {
            return StaffPage.Problem("The conversation could not be continued; start a new one.");
        }

        // The snapshot is held while it answers: a reload (a phrasing just taught) releases the old one only after this.
        if (knowledge.Acquire() is not { } snapshot)
        {
            return StaffPage.Problem("The knowledge is not loaded yet; try again in a moment.", StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            var now = AmsterdamTime.Now(time);
            var decision = snapshot.Engine.Decide(new Question(question) { Locale = locale, Context = context });
            var activities = snapshot.Renderer.Render(decision, new ReplyOptions(channel, now));
            return Results.Json(new
            {
                activities = activities.Select(a => BotJson.ToElement(a)),
                decision = DecisionSummary.Describe(decision, question, snapshot.Renderer.Text, now),
                context = JsonSerializer.Serialize(decision.Context, BotJson.Options),
            });
        }
        finally
        {
            knowledge.Release(snapshot);
        }
    }
}
