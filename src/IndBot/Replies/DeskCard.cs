using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndBot.BotFramework.Schema;
using IndBot.Knowledge;

namespace IndBot.Replies;

/// <summary>The Adaptive Card of one IND desk: address, today's hours and open now, the week, services, map link.</summary>
public static class DeskCard
{
    /// <summary>1.3: rendered by Web Chat, the Emulator and Teams alike.</summary>
    public const string Version = "1.3";

    public static Attachment Create(Desk desk, ReplyText text, Messages messages, string language, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(desk);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(messages);

        var today = desk.Hours.On(now.DayOfWeek);
        var todayText = (today is { } t ? Range(t) : messages.Get("closed", language))
            + " — " + messages.Get(desk.Hours.IsOpen(now) ? "openNow" : "closedNow", language);

        var week = new JsonArray();
        foreach (var day in WeeklyHours.Week)
        {
            week.Add(Fact(Capitalize(messages.DayName(day, language)), desk.Hours.On(day) is { } r ? Range(r) : messages.Get("closed", language)));
        }

        var body = new JsonArray
        {
            Text(desk.Name, size: "Large", weight: "Bolder"),
            Text(desk.Address, subtle: true),
            new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray { Fact(messages.Get("today", language), todayText) },
            },
            Text(messages.Get("openingHours", language), weight: "Bolder", separator: true),
            new JsonObject { ["type"] = "FactSet", ["facts"] = week },
            Text(messages.Get("services", language), weight: "Bolder", separator: true),
            Text(string.Join("; ", desk.Services.Select(s => s.Name[language])) + " (" + Lower(messages.Get("appointmentRequired", language)) + ")"),
        };

        if (desk.Unavailable.Count > 0)
        {
            body.Add(Text(messages.Get("unavailableHere", language), weight: "Bolder"));
            body.Add(Text(string.Join("; ", desk.Unavailable.Select(s => s.Name[language]))));
        }

        if (desk.Note.Has(language))
        {
            body.Add(Text(desk.Note[language], subtle: true, separator: true));
        }

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["lang"] = language,
            ["speak"] = desk.Name + ". " + desk.Address,
            ["body"] = body,
            ["actions"] = new JsonArray
            {
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = messages.Get("map", language), ["url"] = ReplyText.MapLink(desk) },
            },
        };

        return Attachment.AdaptiveCard(JsonSerializer.SerializeToElement(card));
    }

    private static JsonObject Text(string text, string? size = null, string? weight = null, bool subtle = false, bool separator = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (size is not null)
        {
            block["size"] = size;
        }

        if (weight is not null)
        {
            block["weight"] = weight;
        }

        if (subtle)
        {
            block["isSubtle"] = true;
        }

        if (separator)
        {
            block["separator"] = true;
            block["spacing"] = "Medium";
        }

        return block;
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    private static string Range(TimeRange range) =>
        range.From.ToString("HH\\:mm", CultureInfo.InvariantCulture) + "–" + range.To.ToString("HH\\:mm", CultureInfo.InvariantCulture);

    private static string Capitalize(string text) => text.Length > 0 ? char.ToUpperInvariant(text[0]) + text[1..] : text;

    private static string Lower(string text) => text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
