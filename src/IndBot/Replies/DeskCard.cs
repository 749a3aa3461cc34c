using System.Globalization;
using System.Text.Json.Nodes;
using IndBot.Knowledge;

namespace IndBot.Replies;

/// <summary>
/// The Adaptive Card of one IND desk, short enough to stay on screen under the answer: name, address, today's hours
/// and open now, what is not available there; the week's hours and the services (a list) behind toggles
/// (<c>Action.ToggleVisibility</c>) and a map link. No <c>speak</c> on the card: Web Chat would make a card with buttons and a label a <c>form</c> landmark, and
/// two desk answers two landmarks of the same name; the activity's <c>speak</c> says the desk.
/// </summary>
public static class DeskCard
{
    /// <summary>1.3: rendered by Web Chat, the Emulator, Teams and the Agents Playground alike (ToggleVisibility is 1.2).</summary>
    public const string Version = "1.3";

    /// <summary>Stands for the week container's id in <see cref="Create"/>'s JSON; replaced per reply, because the client uses it as a DOM id.</summary>
    public const string WeekIdPlaceholder = "__WEEK_ID__";

    /// <summary>Stands for the services container's id, replaced per reply like <see cref="WeekIdPlaceholder"/>.</summary>
    public const string ServicesIdPlaceholder = "__SERVICES_ID__";

    /// <summary>The card as JSON text, with <see cref="WeekIdPlaceholder"/> and <see cref="ServicesIdPlaceholder"/> where the toggled containers' ids go.</summary>
    public static string Create(Desk desk, Messages messages, string language, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(desk);
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
            Text(desk.Address, subtle: true, spacing: "None"),
            new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray { Fact(messages.Get("today", language), todayText) },
            },
        };

        if (desk.Unavailable.Count > 0)
        {
            body.Add(Text(messages.Get("unavailableHere", language), weight: "Bolder", spacing: "Small"));
            body.Add(Text(List(desk.Unavailable.Select(s => s.Name[language])), spacing: "Small"));
        }

        if (desk.Note.Has(language))
        {
            body.Add(Text(desk.Note[language], subtle: true, spacing: "Small"));
        }

        // The services and the week are behind toggles, so the answer above the card and the card's top stay on screen
        // together in the widget.
        var services = messages.Get("services", language);
        body.Add(new JsonObject
        {
            ["type"] = "Container",
            ["id"] = ServicesIdPlaceholder,
            ["isVisible"] = false,
            ["separator"] = true,
            ["items"] = new JsonArray
            {
                Text(services + " (" + Lower(messages.Get("appointmentRequired", language)) + ")", weight: "Bolder"),
                Text(List(desk.Services.Select(s => s.Name[language])), spacing: "Small"),
            },
        });

        var title = messages.Get("openingHours", language);
        body.Add(new JsonObject
        {
            ["type"] = "Container",
            ["id"] = WeekIdPlaceholder,
            ["isVisible"] = false,
            ["separator"] = true,
            ["items"] = new JsonArray
            {
                Text(title, weight: "Bolder"),
                new JsonObject { ["type"] = "FactSet", ["facts"] = week },
            },
        });

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["lang"] = language,
            ["body"] = body,
            ["actions"] = new JsonArray
            {
                new JsonObject { ["type"] = "Action.ToggleVisibility", ["title"] = title, ["targetElements"] = new JsonArray(WeekIdPlaceholder) },
                new JsonObject { ["type"] = "Action.ToggleVisibility", ["title"] = services, ["targetElements"] = new JsonArray(ServicesIdPlaceholder) },
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = messages.Get("map", language), ["url"] = ReplyText.MapLink(desk) },
            },
        };

        return card.ToJsonString();
    }

    private static string List(IEnumerable<string> items) => string.Join("\n", items.Select(i => "- " + i));

    private static JsonObject Text(string text, string? size = null, string? weight = null, bool subtle = false, string? spacing = null)
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

        if (spacing is not null)
        {
            block["spacing"] = spacing;
        }

        return block;
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    private static string Range(TimeRange range) =>
        range.From.ToString("HH\\:mm", CultureInfo.InvariantCulture) + "–" + range.To.ToString("HH\\:mm", CultureInfo.InvariantCulture);

    private static string Capitalize(string text) => text.Length > 0 ? char.ToUpperInvariant(text[0]) + text[1..] : text;

    private static string Lower(string text) => text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
